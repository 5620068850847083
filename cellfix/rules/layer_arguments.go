package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// LayerArguments reports layer arguments that Keras 3 rejects or ignores:
// `batch_input_shape` (rejected), Embedding's `input_length` (ignored, so a
// Sequential model is no longer built from it), a `/` in a layer name
// (rejected), a positional first argument of `add_weight` (the name,
// rejected) and LeakyReLU's `alpha` (renamed `negative_slope`).
//
//	Embedding(1000, 64, input_length=10)      →  Embedding(1000, 64, input_shape=(10,))
//	Sequential([LSTM(8, batch_input_shape=(4, 5, 2)), ...])
//	→ Sequential([keras.Input(batch_shape=(4, 5, 2)), LSTM(8), ...])
//	self.add_weight("kernel", shape=(3, 3))   →  self.add_weight(name="kernel", shape=(3, 3))
var LayerArguments = &cellfix.Rule{
	Name:    "layer-arguments",
	Code:    "K323",
	Title:   "Layer argument that Keras 3 rejects or ignores",
	Fixable: true,
	Run:     runLayerArguments,
}

func init() { register(LayerArguments) }

// addWeightParams is Keras 2's parameter order of Layer.add_weight; Keras 3
// takes them by keyword only.
var addWeightParams = []string{"name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint"}

func runLayerArguments(p *cellfix.Pass) {
	for _, n := range p.Calls() {
		fn := n.Child("function")
		args := p.Args(n)
		if fn == nil || args.List == nil {
			continue
		}
		if fn.Type() == "attribute" && p.Text(fn.Child("attribute")) == "add_weight" {
			checkAddWeight(p, n, fn, args)
			continue
		}
		inputLength, batchShape, name, alpha := args.Keyword["input_length"], args.Keyword["batch_input_shape"], args.Keyword["name"], args.Keyword["alpha"]
		if inputLength == nil && batchShape == nil && name == nil && alpha == nil {
			continue // the lookups below walk the notebook: only for candidates
		}
		classes := p.Doc.Model().ConstructedKerasNames(p.CellPos, fn)
		isLayer := p.Doc.Model().ConstructsLayer(p.CellPos, n)
		has := func(class string) bool {
			for _, k := range classes {
				if strings.HasPrefix(k, "keras.layers.") && strings.HasSuffix(k, "."+class) {
					return true
				}
			}
			return false
		}
		if inputLength != nil && has("Embedding") {
			checkInputLength(p, args, inputLength)
		}
		if batchShape != nil && isLayer {
			checkBatchInputShape(p, n, args, batchShape)
		}
		if name != nil && (isLayer || p.Doc.Model().RoleOf(p.CellPos, n) == cellfix.RoleTensor) {
			checkSlashName(p, name)
		}
		if alpha != nil && has("LeakyReLU") && args.Keyword["negative_slope"] == nil {
			p.Reportf(alpha, &cellfix.Fix{Title: "Rename `alpha` to `negative_slope`", Safety: cellfix.Safe,
				Edits: []cellfix.TextEdit{p.Edit().RenameKeyword(alpha, "negative_slope")}},
				"Keras 3's `LeakyReLU` calls `alpha` `negative_slope` (`alpha` is deprecated and warns)")
		}
	}
}

// checkInputLength handles Embedding(input_length=n).
func checkInputLength(p *cellfix.Pass, args cellfix.CallArgs, kw *cellfix.Node) {
	v := kw.Child("value")
	if v == nil {
		return
	}
	drop := &cellfix.Fix{Title: "Remove `input_length`", Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, kw)}}
	switch {
	case p.Text(v) == "None":
		p.Reportf(kw, drop, "Keras 3's `Embedding` ignores `input_length`; `None` said nothing: remove it")
	case args.Keyword["input_shape"] != nil || args.Keyword["input_dim"] != nil:
		p.Reportf(kw, drop, "Keras 3's `Embedding` ignores `input_length`; `input_shape` already gives the input: remove it")
	default:
		reportUnbuiltModelUses(p, kw)
		p.Reportf(kw, &cellfix.Fix{Title: "Use `input_shape`", Safety: cellfix.Safe,
			Edits: []cellfix.TextEdit{p.Replace(kw, fmt.Sprintf("input_shape=(%s,)", p.Text(v)))}},
			"Keras 3's `Embedding` ignores `input_length` (with a warning), so a Sequential model starting with it is no longer built "+
				"until the first batch: `count_params()` and `output_shape` raise, and `summary()` shows no layer built; "+
				"give the input shape instead (`input_shape=(n,)`, or a `keras.Input(shape=(n,))` first)")
	}
}

// checkBatchInputShape handles Layer(..., batch_input_shape=shape): the
// fix puts keras.Input(batch_shape=shape) before the layer where it is the
// first layer of Sequential([...]) or the argument of model.add(...).
func checkBatchInputShape(p *cellfix.Pass, call *cellfix.Node, args cellfix.CallArgs, kw *cellfix.Node) {
	msg := "Keras 3 layers take no `batch_input_shape` (\"Unrecognized keyword arguments\"): " +
		"start the model with `keras.Input(batch_shape=...)` instead"
	v := kw.Child("value")
	keras, imports := p.ModuleName("keras")
	if v == nil || keras == "" || args.Keyword["dtype"] != nil || args.Keyword["batch_size"] != nil {
		p.Reportf(kw, nil, msg)
		return
	}
	input := fmt.Sprintf("%s.Input(batch_shape=%s)", keras, p.Text(v))
	remove := p.Edit().RemoveArgument(args, kw)
	var fix *cellfix.Fix
	parent := call.Parent
	switch {
	case parent != nil && parent.Type() == "list" && firstElement(parent) == call && parent.Parent != nil &&
		parent.Parent.Type() == "argument_list" && isSequentialCall(p, parent.Parent.Parent):
		sep := ", "
		if indent := p.Cell.Text[p.Cell.LineStart(call.Start()):call.Start()]; strings.TrimSpace(indent) == "" {
			sep = ",\n" + indent // the layer starts its line: so does the Input
		}
		fix = &cellfix.Fix{Title: "Start with `keras.Input(batch_shape=...)`", Safety: cellfix.Safe, Imports: imports,
			Edits: []cellfix.TextEdit{p.Edit().InsertBefore(call, input+sep), remove}}
	case parent != nil && parent.Type() == "argument_list" && parent.Parent != nil && parent.Parent.Type() == "call":
		add := parent.Parent
		afn := add.Child("function")
		stmt := add.Parent
		if afn != nil && afn.Type() == "attribute" && p.Text(afn.Child("attribute")) == "add" &&
			p.Doc.Model().RoleOf(p.CellPos, afn.Child("object")) == cellfix.RoleModel &&
			stmt != nil && stmt.Type() == "expression_statement" {
			indent := strings.Repeat(" ", stmt.Start()-p.Cell.LineStart(stmt.Start()))
			insert := fmt.Sprintf("%s.add(%s)\n%s", p.Text(afn.Child("object")), input, indent)
			fix = &cellfix.Fix{Title: "Add `keras.Input(batch_shape=...)` first", Safety: cellfix.Safe, Imports: imports,
				Edits: []cellfix.TextEdit{p.Edit().InsertBefore(stmt, insert), remove}}
		}
	}
	p.Reportf(kw, fix, msg)
}

func firstElement(list *cellfix.Node) *cellfix.Node {
	for _, ch := range list.NamedChildren() {
		if ch.Type() != "comment" {
			return ch
		}
	}
	return nil
}

func isSequentialCall(p *cellfix.Pass, call *cellfix.Node) bool {
	if call == nil || call.Type() != "call" {
		return false
	}
	for _, k := range p.Doc.Model().ConstructedKerasNames(p.CellPos, call.Child("function")) {
		if k == "keras.Sequential" || k == "keras.models.Sequential" {
			return true
		}
	}
	return false
}

// checkSlashName reports name="a/b" on a layer, model or Input.
func checkSlashName(p *cellfix.Pass, kw *cellfix.Node) {
	v := kw.Child("value")
	if v == nil || v.Type() != "string" || !strings.Contains(p.Text(v), "/") {
		return
	}
	text := p.Text(v)
	if strings.ContainsAny(text, "{\\") || strings.HasPrefix(strings.ToLower(text), "f") {
		p.Reportf(kw, nil, "Keras 3 rejects `/` in layer names (ValueError): it separates the parts of variable paths; choose a name without it")
		return
	}
	fixed := strings.ReplaceAll(text, "/", "_")
	p.Reportf(kw, &cellfix.Fix{Title: fmt.Sprintf("Rename to %s", fixed), Safety: cellfix.Unsafe,
		Edits: []cellfix.TextEdit{p.Replace(v, fixed)}, Visible: fmt.Sprintf("the layer is named %s", fixed)},
		fmt.Sprintf("Keras 3 rejects `/` in layer names (ValueError): it separates the parts of variable paths; "+
			"the fix renames the layer %s, so code that looks it up or prints it by its old name must follow", fixed))
}

// checkAddWeight names the positional arguments of add_weight on a layer.
func checkAddWeight(p *cellfix.Pass, call, fn *cellfix.Node, args cellfix.CallArgs) {
	if len(args.Positional) == 0 {
		return
	}
	if !p.Doc.Model().RoleOf(p.CellPos, fn.Child("object")).IsLayer() {
		return
	}
	msg := "Keras 3's `add_weight()` takes its arguments by keyword only: a positional name raises " +
		"\"`name` must be passed as a keyword argument\"; name them as Keras 2 read them"
	if len(args.Positional) > len(addWeightParams) || args.Splat {
		p.Reportf(args.Positional[0], nil, msg)
		return
	}
	var edits []cellfix.TextEdit
	for i, a := range args.Positional {
		if args.Keyword[addWeightParams[i]] != nil {
			p.Reportf(args.Positional[0], nil, msg)
			return
		}
		edits = append(edits, p.Edit().NameArgument(a, addWeightParams[i]))
	}
	p.Reportf(args.Positional[0], &cellfix.Fix{Title: "Pass the arguments by keyword", Safety: cellfix.Safe, Edits: edits}, msg)
}

// unbuiltModelNeeds are the uses that go wrong on a model that is not built
// yet, with what Keras 3.15.1 does there (checked): summary() does not
// raise, it lists the layers as unbuilt with no parameters.
var unbuiltModelNeeds = map[string]string{
	"count_params": "`count_params()` raises ValueError",
	"summary":      "`summary()` shows every layer unbuilt, with 0 parameters",
	"output_shape": "`output_shape` raises AttributeError",
	"output":       "`output` raises AttributeError",
}

// reportUnbuiltModelUses reports, after the Embedding whose input_length
// argument kw is, the uses of the Sequential model it starts that need the
// model built: that is where Keras 3 raises.
func reportUnbuiltModelUses(p *cellfix.Pass, kw *cellfix.Node) {
	call := kw.Parent.Parent // keyword_argument → argument_list → call
	model := ""
	if outer := call.Parent; outer != nil && outer.Type() == "argument_list" && outer.Parent.Type() == "call" {
		if fn := outer.Parent.Child("function"); fn.Type() == "attribute" && p.Text(fn.Child("attribute")) == "add" && fn.Child("object").Type() == "identifier" {
			model = p.Text(fn.Child("object"))
		}
	} else if outer != nil && outer.Type() == "list" && firstElement(outer) == call && outer.Parent.Type() == "argument_list" && isSequentialCall(p, outer.Parent.Parent) {
		if as := outer.Parent.Parent.Parent; as != nil && as.Type() == "assignment" && as.Child("left").Type() == "identifier" {
			model = p.Text(as.Child("left"))
		}
	}
	if model == "" {
		return
	}
	line, _ := p.Cell.Position(kw.Start())
	for i := p.CellPos; i < len(p.Doc.Cells); i++ {
		c := p.Doc.Cells[i]
		for _, obj := range p.IdentifiersIn(i, model) {
			// The attributes model.x of the cell, in the order Walk
			// visits them: one cannot hold another.
			n := obj.Parent
			if n == nil || n.Type() != "attribute" || obj.Field() != "object" || (i == p.CellPos && n.Start() < call.End()) {
				continue
			}
			attr := n.Child("attribute")
			if attr == nil || unbuiltModelNeeds[c.Masked[attr.Start():attr.End()]] == "" {
				continue
			}
			where := p.LineRef(i, line)
			p.Report(cellfix.Diagnostic{Start: c.Offset + n.Start(), End: c.Offset + n.End(),
				Message: fmt.Sprintf("`%s` is not built on Keras 3 at this point, so %s: the `input_length` of its `Embedding` (%s) "+
					"is ignored, so the model has no input shape; the fix there gives it one", model, unbuiltModelNeeds[c.Masked[attr.Start():attr.End()]], where)})
		}
	}
}
