package rules

import (
	"fmt"
	"sync"

	"github.com/gokmig/gokmig/cellfix"
)

// SavedModelLoad reports `keras.models.load_model(path)` (in any spelling)
// where path is a TensorFlow SavedModel directory rather than a `.keras` or
// `.h5` file.
//
// Keras 3's load_model() reads only its own formats and raises "File format
// not supported" on a SavedModel. Example: `load_model("exported/net")`.
// Fix: `keras.layers.TFSMLayer("exported/net", call_endpoint="serving_default")`,
// which wraps the SavedModel as an inference-only layer.
var SavedModelLoad = &cellfix.Rule{
	Name:    "savedmodel-load",
	Code:    "K311",
	Title:   "`load_model()` of a TF SavedModel",
	Fixable: true,
	Run:     runSavedModelLoad,
}

func init() { register(SavedModelLoad) }

// loadModelArgsToDrop are load_model() arguments a TFSMLayer does without.
var loadModelArgsToDrop = map[string]bool{"compile": true, "custom_objects": true, "safe_mode": true}

func runSavedModelLoad(p *cellfix.Pass) {
	for _, n := range p.Calls() {
		switch cellfix.KerasName(p.Resolve(n.Child("function"))) {
		case "keras.models.load_model", "keras.saving.load_model":
			checkLoadModel(p, n)
		}
	}
}

func checkLoadModel(p *cellfix.Pass, call *cellfix.Node) {
	args := p.Args(call)
	path := args.Param(0, "filepath")
	if path == nil {
		return
	}
	pathExpr := path
	if path.Type() == "keyword_argument" {
		pathExpr = path.Child("value")
	}
	// Only paths known to lack a Keras extension: a variable set elsewhere
	// may well hold "model.keras".
	switch p.Doc.Model().PathOf(p.CellPos, pathExpr).Kind() {
	case cellfix.PathDirectory, cellfix.PathOddExtension:
	default:
		return
	}
	shown := cellfix.ShortSource(p.Text(pathExpr))
	msg := fmt.Sprintf(
		"Keras 3's `load_model()` reads only `.keras` and `.h5` files, not the SavedModel `%s`: "+
			"load it with `keras.layers.TFSMLayer(%s, call_endpoint=\"serving_default\")`, an inference-only layer "+
			"(call it on inputs; it has no fit/predict/summary), and check the endpoint name the SavedModel exports", shown, shown)
	fix := tfsmLayerFix(p, call, pathExpr, args)
	if p.Target == cellfix.TargetMulti {
		// TFSMLayer runs a TensorFlow graph: on JAX and PyTorch it raises
		// NotImplementedError, so it cannot be the multi-backend answer.
		fix = nil
		msg += "; on the multi target no TFSMLayer fix is offered: it works only on the TensorFlow backend " +
			"(on JAX and PyTorch it raises NotImplementedError)"
	}
	if save, ok := savedHere(p, call, pathExpr); ok {
		// The fix of that save (savedmodel-save, model-checkpoint-args),
		// when it has one, writes model.keras into the directory and points
		// this call at it; this finding then has no fix of its own.
		if saveFixReaches(p, save, pathExpr) {
			p.Reportf(call, nil, fmt.Sprintf("Keras 3's `load_model()` reads only `.keras` and `.h5` files, not the SavedModel `%s` "+
				"that this code saves earlier: the fix of that save also saves `model.keras` inside the directory "+
				"and loads that file here", shown))
			return
		}
		p.Reportf(call, nil, fmt.Sprintf("Keras 3's `load_model()` reads only `.keras` and `.h5` files, not the SavedModel `%s` "+
			"that this code saves earlier, and that save has no automatic fix that could change it: save the model to a "+
			"`.keras` file as well (e.g. `model.save(\"model.keras\")` next to the SavedModel) and load that file here", shown))
		return
	}
	if use := modelUseOf(p, call); use != "" {
		// A layer cannot stand in for the model the code goes on to use.
		fix = nil
		msg += fmt.Sprintf("; the code then uses `%s`, which a TFSMLayer lacks, so save the model as a `.keras` file (or rebuild it and load its weights) instead", use)
	}
	p.Reportf(call, fix, msg)
}

// modelOnly are attributes of a Keras model that a layer (and so a
// TFSMLayer) lacks.
var modelOnly = map[string]bool{
	"compile": true, "fit": true, "evaluate": true, "predict": true, "predict_on_batch": true,
	"train_on_batch": true, "test_on_batch": true, "summary": true, "save": true, "save_weights": true,
	"load_weights": true, "layers": true, "get_layer": true, "export": true, "to_json": true,
	"optimizer": true, "metrics_names": true, "fit_generator": true, "evaluate_generator": true,
	"predict_generator": true,
}

// modelOnlyFunctions are Keras functions whose first argument must be a
// model: save_model(m3, path) on a TFSMLayer fails as m3.save() does.
var modelOnlyFunctions = map[string]bool{
	"keras.models.save_model": true, "keras.saving.save_model": true, "keras.models.clone_model": true,
}

// modelReads indexes, per cell and by name, the reads `name.attr` of an
// attribute only models have (modelOnly) and the names passed first to a
// function that takes only models (modelOnlyFunctions; the entry is the
// identifier), in source order. modelUseOf
// looks its name up there instead of walking the rest of the document for
// each load_model() call: a file of N such calls cost N walks of it. A cell
// is indexed when first asked about, so a kernel session's history is not.
var modelReads = cellfix.NewFact("savedmodel-load-model-reads", func(*cellfix.Document) *modelReadIndex {
	return &modelReadIndex{cells: map[int]map[string][]*cellfix.Node{}}
})

type modelReadIndex struct {
	mu    sync.Mutex
	cells map[int]map[string][]*cellfix.Node
}

// of returns the reads in cell c, at position pos, by the name read.
func (x *modelReadIndex) of(model *cellfix.Model, pos int, c *cellfix.Cell) map[string][]*cellfix.Node {
	x.mu.Lock()
	defer x.mu.Unlock()
	if reads, ok := x.cells[pos]; ok {
		return reads
	}
	reads := map[string][]*cellfix.Node{}
	c.Root.Walk(func(n *cellfix.Node) bool {
		if n.Type() == "attribute" {
			obj, attr := n.Child("object"), n.Child("attribute")
			if obj != nil && attr != nil && obj.Type() == "identifier" && modelOnly[c.Masked[attr.Start():attr.End()]] {
				name := c.Masked[obj.Start():obj.End()]
				reads[name] = append(reads[name], n)
			}
		}
		if n.Type() == "call" && modelOnlyFunctions[cellfix.KerasName(model.Resolve(pos, n.Child("function")))] {
			if arg := cellfix.ArgsOf(c, n).Value(0, "model"); arg != nil && arg.Type() == "identifier" {
				name := c.Masked[arg.Start():arg.End()]
				reads[name] = append(reads[name], arg)
			}
		}
		return true
	})
	x.cells[pos] = reads
	return reads
}

// modelUseOf returns how the code uses the result of a load_model() call
// as a model ("model.compile()", "model.layers"), or "" when it does not:
// an attribute read on the call itself, or on the name the call is
// assigned to wherever that assignment is the one in effect.
func modelUseOf(p *cellfix.Pass, call *cellfix.Node) string {
	if attr := call.Parent; attr != nil && attr.Type() == "attribute" && call.Field() == "object" {
		if name := p.Text(attr.Child("attribute")); modelOnly[name] {
			return "." + name + suffixIfCalled(attr)
		}
	}
	as := call.Parent
	if as == nil || as.Type() != "assignment" || call.Field() != "right" {
		return ""
	}
	left := as.Child("left")
	if left == nil || left.Type() != "identifier" {
		return ""
	}
	name := p.Text(left)
	model := p.Doc.Model()
	reads := cellfix.ResultOf(p, modelReads)
	for i := p.CellPos; i < len(p.Doc.Cells); i++ {
		c := p.Doc.Cells[i]
		for _, n := range reads.of(model, i, c)[name] {
			if i == p.CellPos && n.End() <= call.End() {
				continue
			}
			if n.Type() == "identifier" {
				if vc, v := model.ValueOf(i, n); v == call && vc == p.CellPos {
					fn := n.Ancestor("call").Child("function")
					return c.Masked[fn.Start():fn.End()] + "(" + name + ", ...)"
				}
				continue
			}
			obj, attr := n.Child("object"), n.Child("attribute")
			if vc, v := model.ValueOf(i, obj); v == call && vc == p.CellPos {
				return name + "." + c.Masked[attr.Start():attr.End()] + suffixIfCalled(n)
			}
		}
	}
	return ""
}

// suffixIfCalled returns "()" when an attribute is called.
func suffixIfCalled(attr *cellfix.Node) string {
	if attr.Parent != nil && attr.Parent.Type() == "call" && attr.Field() == "function" {
		return "()"
	}
	return ""
}

// tfsmLayerFix rewrites the call into a TFSMLayer, or returns nil when an
// argument would be lost.
func tfsmLayerFix(p *cellfix.Pass, call, pathExpr *cellfix.Node, args cellfix.CallArgs) *cellfix.Fix {
	// Positions 1 and 2 are custom_objects and compile; Keras 2's
	// fourth parameter was options, which matters.
	if args.Splat || len(args.Positional) > 3 {
		return nil
	}
	for name := range args.Keyword {
		if name != "filepath" && !loadModelArgsToDrop[name] {
			return nil
		}
	}
	return &cellfix.Fix{
		Title:   "Load the SavedModel as a `keras.layers.TFSMLayer`",
		Safety:  cellfix.Unsafe,
		Edits:   []cellfix.TextEdit{p.Replace(call, "keras.layers.TFSMLayer("+p.Text(pathExpr)+", call_endpoint=\"serving_default\")")},
		Imports: []cellfix.Import{{Module: "keras"}},
	}
}

// savedHere returns the last earlier `.save(path)`, `.export(path)`,
// save_model(model, path) or ModelCheckpoint(path) call of the document
// that writes the path call loads.
func savedHere(p *cellfix.Pass, call, pathExpr *cellfix.Node) (save cellfix.Value, found bool) {
	model := p.Doc.Model()
	key := model.PathKey(p.CellPos, pathExpr)
	if key == "" {
		return save, false
	}
	saves := cellfix.ResultOf(p, savedPaths)
	for i := p.CellPos; i >= 0; i-- {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		writes := saves.of(model, i, c)[key]
		for j := len(writes) - 1; j >= 0; j-- {
			if i < p.CellPos || writes[j].Start() < call.Start() {
				return cellfix.Value{Cell: i, Node: writes[j]}, true
			}
		}
	}
	return save, false
}

// saveFixReaches reports whether the rule that reports the save
// (savedmodel-save for a `.save()`/save_model(), model-checkpoint-args for a
// ModelCheckpoint) offers a fix in that cell that also rewrites the load
// path pathExpr of this pass's cell.
func saveFixReaches(p *cellfix.Pass, save cellfix.Value, pathExpr *cellfix.Node) bool {
	if save.Cell < p.Doc.FirstEditable {
		return false // a kernel session's earlier cell: it ran as it is
	}
	c := p.Doc.Cells[save.Cell]
	name := "savedmodel-save"
	switch {
	case cellfix.KerasName(p.Doc.Model().Resolve(save.Cell, save.Node.Child("function"))) == "keras.callbacks.ModelCheckpoint":
		name = "model-checkpoint-args"
	case cellfix.CalledMethod(c, save.Node) == "export":
		return false // export() is right as it is: nothing there moves the load
	}
	r := ruleNamed(name)
	if r == nil {
		return false
	}
	for _, e := range p.FixEditsIn(save.Cell, r) {
		if e.Start <= p.Offset(pathExpr.Start()) && p.Offset(pathExpr.End()) <= e.End {
			return true
		}
	}
	return false
}

// savedPaths indexes, per cell, the paths that calls writing a model file
// write (Model.WritesModelPath), each with those calls in order.
// savedHere looks the path up there instead of walking every call before
// each load_model() call: a file of N such calls cost N walks
// of it, each resolving every call's name. A cell is indexed when first
// asked about.
var savedPaths = cellfix.NewFact("savedmodel-load-saved-paths", func(*cellfix.Document) *savedPathIndex {
	return &savedPathIndex{cells: map[int]map[string][]*cellfix.Node{}}
})

type savedPathIndex struct {
	mu    sync.Mutex
	cells map[int]map[string][]*cellfix.Node
}

// of returns the path keys written in cell c, at position pos, each with
// the calls that write it.
func (x *savedPathIndex) of(model *cellfix.Model, pos int, c *cellfix.Cell) map[string][]*cellfix.Node {
	x.mu.Lock()
	defer x.mu.Unlock()
	if saved, ok := x.cells[pos]; ok {
		return saved
	}
	saved := map[string][]*cellfix.Node{}
	for _, n := range c.Calls() {
		if key := model.WrittenModelPath(pos, c, n); key != "" {
			saved[key] = append(saved[key], n)
		}
	}
	x.cells[pos] = saved
	return saved
}
