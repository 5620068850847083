package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// TrainingAPI reports the Keras 2 training entry points and arguments that
// Keras 3 dropped from Model: fit_generator, evaluate_generator and
// predict_generator; the data-loading arguments workers,
// use_multiprocessing and max_queue_size of fit, evaluate and predict; and
// the compile arguments Keras 2 already ignored (experimental_run_tf_function,
// cloning, sample_weight_mode, distribute=None, target_tensors=None); and
// on_epoch_end() of a Sequence subclass, which Keras 3 calls more often.
//
//	model.fit_generator(gen, steps_per_epoch=4)   →  model.fit(gen, steps_per_epoch=4)
//	model.fit(seq, workers=4)                     →  model.fit(seq)
//	model.compile(..., sample_weight_mode="temporal")  →  model.compile(...)
var TrainingAPI = &cellfix.Rule{
	Name:    "training-api",
	Code:    "K322",
	Title:   "Keras 2 training method or argument that Keras 3 dropped",
	Fixable: true,
	Run:     runTrainingAPI,
}

func init() { register(TrainingAPI) }

// generatorMethods maps each *_generator method to its Keras 3 method and
// to its Keras 2 parameters in order, so positional arguments after the
// first can be named (fit's positional order differs).
var generatorMethods = map[string]struct {
	to     string
	params []string
	// quiet is set when the Keras 2 default was verbose=0, which the
	// Keras 3 method does not share.
	quiet bool
}{
	"fit_generator": {"fit", []string{"generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
		"validation_steps", "validation_freq", "class_weight", "max_queue_size", "workers", "use_multiprocessing", "shuffle", "initial_epoch"}, false},
	"evaluate_generator": {"evaluate", []string{"generator", "steps", "callbacks", "max_queue_size", "workers", "use_multiprocessing", "verbose"}, true},
	"predict_generator":  {"predict", []string{"generator", "steps", "callbacks", "max_queue_size", "workers", "use_multiprocessing", "verbose"}, true},
}

// loaderArguments were arguments of fit/evaluate/predict (and of the
// *_generator methods) that Keras 3 moved to keras.utils.PyDataset.
var loaderArguments = []string{"workers", "use_multiprocessing", "max_queue_size"}

var dataMethods = map[string]bool{"fit": true, "evaluate": true, "predict": true,
	"fit_generator": true, "evaluate_generator": true, "predict_generator": true}

// ignoredCompileArguments were accepted and ignored by Keras 2's compile in
// TF 2 (value "" means any value; otherwise Keras 2 raised on anything but
// that value).
var ignoredCompileArguments = []struct{ name, only string }{
	{"experimental_run_tf_function", ""},
	{"cloning", ""},
	{"sample_weight_mode", ""},
	{"distribute", "None"},
	{"target_tensors", "None"},
}

func runTrainingAPI(p *cellfix.Pass) {
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() == "class_definition" {
			checkSequenceEpochEnd(p, n)
		}
		if n.Type() != "call" {
			return true
		}
		fn := n.Child("function")
		if fn == nil || fn.Type() != "attribute" {
			return true
		}
		method := p.Text(fn.Child("attribute"))
		_, generator := generatorMethods[method]
		if !dataMethods[method] && method != "compile" && method != "reset_states" {
			return true
		}
		role := p.Doc.Model().RoleOf(p.CellPos, fn.Child("object"))
		// The *_generator names are Keras's alone; fit, evaluate, predict
		// and compile are common, so those need a known Keras model.
		if role != cellfix.RoleModel && (!generator || role != cellfix.RoleUnknown) {
			return true
		}
		if generator {
			checkGeneratorMethod(p, n, fn, method)
		}
		if dataMethods[method] {
			checkLoaderArguments(p, n, method)
		}
		if method == "compile" {
			checkCompileArguments(p, n)
		}
		if method == "reset_states" && role == cellfix.RoleModel {
			checkModelResetStates(p, n, fn)
		}
		return true
	}, "class_definition", "call")
}

func checkGeneratorMethod(p *cellfix.Pass, call, fn *cellfix.Node, method string) {
	g := generatorMethods[method]
	args := p.Args(call)
	msg := fmt.Sprintf("Keras 3 models have no `%s()` (AttributeError): `%s()` takes generators, `keras.utils.PyDataset` and `tf.data` directly", method, g.to)
	if args.List == nil || len(args.Positional) > len(g.params) {
		p.Reportf(fn.Child("attribute"), nil, msg)
		return
	}
	edits := []cellfix.TextEdit{p.Replace(fn.Child("attribute"), g.to)}
	for i, arg := range args.Positional {
		if i > 0 {
			edits = append(edits, p.Edit().NameArgument(arg, g.params[i]))
		}
	}
	if kw := args.Keyword["generator"]; kw != nil {
		edits = append(edits, p.Edit().RenameKeyword(kw, "x"))
	}
	if g.quiet && args.Keyword["verbose"] == nil && len(args.Positional) < len(g.params) && !args.Splat {
		edits = append(edits, p.Edit().AppendArgument(call, "verbose=0"))
		msg += fmt.Sprintf(" (`%s()` printed nothing by default; `%s()` shows a progress bar, so the fix passes `verbose=0`)", method, g.to)
	}
	p.Reportf(fn.Child("attribute"), &cellfix.Fix{Title: fmt.Sprintf("Use `%s()`", g.to), Safety: cellfix.Safe, Edits: edits}, msg)
}

func checkLoaderArguments(p *cellfix.Pass, call *cellfix.Node, method string) {
	args := p.Args(call)
	if args.List == nil {
		return
	}
	to := method
	if g, ok := generatorMethods[method]; ok {
		to = g.to
	}
	for _, name := range loaderArguments {
		kw := args.Keyword[name]
		if kw == nil {
			continue
		}
		p.Reportf(kw, &cellfix.Fix{Title: fmt.Sprintf("Remove `%s`", name), Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, kw)}},
			fmt.Sprintf("Keras 3's `%s()` takes no `%s` argument (TypeError): parallel loading is set on the data, "+
				"by passing `workers`, `use_multiprocessing` and `max_queue_size` to `super().__init__()` of a `keras.utils.PyDataset` subclass; "+
				"the fix removes it, which changes only how fast batches are loaded", to, name))
	}
}

func checkCompileArguments(p *cellfix.Pass, call *cellfix.Node) {
	args := p.Args(call)
	if args.List == nil {
		return
	}
	for _, a := range ignoredCompileArguments {
		kw := args.Keyword[a.name]
		if kw == nil {
			continue
		}
		if v := kw.Child("value"); a.only != "" && (v == nil || p.Text(v) != a.only) {
			p.Reportf(kw, nil, fmt.Sprintf("Keras 3's `compile()` takes no `%s` argument (TypeError), and Keras 2 in TF 2 only accepted `%s=%s`: "+
				"remove it (for `distribute`, build and compile the model under `strategy.scope()`)", a.name, a.name, a.only))
			continue
		}
		p.Reportf(kw, &cellfix.Fix{Title: fmt.Sprintf("Remove `%s`", a.name), Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, kw)}},
			fmt.Sprintf("Keras 3's `compile()` takes no `%s` argument (TypeError); Keras 2 in TF 2 accepted and ignored it: remove it", a.name))
	}
}

// checkModelResetStates reports model.reset_states(), which Keras 3 models
// lack (their RNN layers keep it); the fix writes out what Keras 2's did.
func checkModelResetStates(p *cellfix.Pass, call, fn *cellfix.Node) {
	msg := "Keras 3 models have no `reset_states()` (AttributeError); their stateful RNN layers do: " +
		"call `reset_states()` on each stateful layer of `model.layers`"
	stmt := call.Parent
	obj := fn.Child("object")
	if stmt == nil || stmt.Type() != "expression_statement" || len(p.Args(call).All) > 0 || (obj.Type() != "identifier" && obj.Type() != "attribute") {
		p.Reportf(call, nil, msg)
		return
	}
	indent := strings.Repeat(" ", stmt.Start()-p.Cell.LineStart(stmt.Start()))
	// The stateful layers are picked in the loop's header, so that its body
	// is one statement: a kernel in fix mode can then run the loop on the
	// one line it replaces (cellfix.LinePreserving), keeping a traceback's
	// line numbers those of the cell as written.
	loop := fmt.Sprintf("for _layer in [_l for _l in %s.layers if hasattr(_l, \"reset_states\") and getattr(_l, \"stateful\", False)]:\n%s    _layer.reset_states()",
		p.Text(obj), indent)
	safety := cellfix.Unsafe
	if flatSequential(p, obj) {
		safety = cellfix.Safe
	}
	p.Reportf(call, &cellfix.Fix{Title: "Reset each stateful layer", Safety: safety, Edits: []cellfix.TextEdit{p.Replace(stmt, loop)}},
		msg+"; the fix does, as Keras 2's `Model.reset_states()` did (which also reset the layers of a model nested in this one)")
}

// flatSequential reports whether model holds a Sequential([...]) whose
// every element is a plain layer or an Input: no nested model whose
// layers Keras 2 would have reset too.
func flatSequential(p *cellfix.Pass, model *cellfix.Node) bool {
	m := p.Doc.Model()
	c, v := m.Unwrap(p.CellPos, model)
	if v == nil || v.Type() != "call" {
		return false
	}
	isSequential := false
	for _, k := range m.ConstructedKerasNames(c, v.Child("function")) {
		isSequential = isSequential || k == "keras.Sequential" || k == "keras.models.Sequential"
	}
	list := cellfix.ArgsOf(p.Doc.Cells[c], v).Value(0, "layers")
	if !isSequential || list == nil || list.Type() != "list" {
		return false
	}
	for _, el := range cellfix.NonComments(list.NamedChildren()) {
		if r := m.RoleOf(c, el); r != cellfix.RoleLayer && r != cellfix.RoleTensor {
			return false
		}
	}
	// A layer added later (model.add) could be a model. The add() calls
	// are looked up by name, not walked for once per model.
	name := p.Text(model)
	for i, cell := range p.Doc.Cells {
		for _, call := range p.MethodCallsIn(i, "add") {
			obj := call.Child("function").Child("object")
			if cellfix.OneLine(cell.Masked[obj.Start():obj.End()]) == name {
				return false
			}
		}
	}
	return true
}

// sequenceBases are the Keras 2 names of keras.utils.Sequence; Keras 3
// keeps keras.utils.Sequence as another name of PyDataset.
var sequenceBases = map[string]bool{"keras.utils.Sequence": true, "keras.utils.data_utils.Sequence": true}

// checkSequenceEpochEnd reports on_epoch_end() of a Sequence subclass:
// Keras 3.15.1's fit() and evaluate() call it once more than Keras 2 did,
// first thing (EpochIterator.reset), then after each epoch; predict() as
// often. on_epoch_begin() runs once per epoch, as often as Keras 2 ran
// on_epoch_end(), except that on JAX the first fit() of a compiled model
// begins an epoch to read one batch (Trainer._symbolic_build). Checked on
// both backends.
func checkSequenceEpochEnd(p *cellfix.Pass, class *cellfix.Node) {
	bases := cellfix.NonComments(class.Child("superclasses").NamedChildren())
	sequence := false
	for _, b := range bases {
		sequence = sequence || sequenceBases[cellfix.KerasName(p.Resolve(b))]
	}
	end, begin := classMethod(p, class, "on_epoch_end"), classMethod(p, class, "on_epoch_begin")
	if !sequence || end == nil {
		return
	}
	msg := "Keras 3 calls a `Sequence`'s `on_epoch_end()` more often than Keras 2 did: `fit()` and `evaluate()` also call it once " +
		"before the first epoch, so what it does (a shuffle, a counter) runs an extra time each; `on_epoch_begin()` runs once per epoch " +
		"(on JAX also once when the first `fit()` reads a batch to build the model)"
	var fix *cellfix.Fix
	if begin != nil || len(bases) != 1 || mentionedElsewhere(p, "on_epoch_end", end.Child("name")) {
		msg += "; no automatic fix, because the class or code elsewhere uses `on_epoch_begin` or `on_epoch_end` too"
	} else if p.Target == cellfix.TargetMulti {
		msg += "; no automatic fix for every backend, because on JAX `on_epoch_begin()` runs an extra time too"
	} else {
		fix = &cellfix.Fix{Title: "Rename `on_epoch_end` to `on_epoch_begin`", Safety: cellfix.Unsafe,
			Edits: []cellfix.TextEdit{p.Replace(end.Child("name"), "on_epoch_begin")}}
		msg += ": the fix renames it, which on TensorFlow keeps the number of calls but makes each run before its epoch instead of after it"
	}
	p.Reportf(end.Child("name"), fix, msg)
}

// classMethod returns the method called name defined in class's body, or nil.
func classMethod(p *cellfix.Pass, class *cellfix.Node, name string) *cellfix.Node {
	body := class.Child("body")
	if body == nil {
		return nil
	}
	for _, stmt := range body.NamedChildren() {
		if stmt.Type() == "decorated_definition" {
			stmt = stmt.Child("definition")
		}
		if stmt != nil && stmt.Type() == "function_definition" && stmt.Child("name") != nil && p.Text(stmt.Child("name")) == name {
			return stmt
		}
	}
	return nil
}

// mentionedElsewhere reports whether name appears in the document's code
// anywhere but at the node def and as the name of other definitions.
func mentionedElsewhere(p *cellfix.Pass, name string, def *cellfix.Node) bool {
	for i := range p.Doc.Cells {
		for _, n := range p.IdentifiersIn(i, name) {
			if !(i == p.CellPos && n == def) && !(n.Parent != nil && n.Parent.Type() == "function_definition" && n.Field() == "name") {
				return true
			}
		}
	}
	return false
}
