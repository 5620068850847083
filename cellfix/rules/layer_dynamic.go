package rules

import (
	"strconv"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// This file holds removed-api's fix for `dynamic=True`. In Keras 2 a
// dynamic layer made every model holding it run eagerly, and a functional
// model took its output shape from compute_output_shape(). Keras 3.15.1
// does the latter for any layer that overrides compute_output_shape(), and
// runs a model eagerly when it is compiled with run_eagerly=True (checked:
// a call() with Python loops and float() on tensors then trains). So the
// fix removes the argument and adds run_eagerly=True to each compile() of
// the models that hold the layer, when those are in sight.

// dynamicFix returns the fix for dynamic=True (the keyword kw of call) and,
// when it is unsafe, why; or nil and why there is none.
func dynamicFix(p *cellfix.Pass, call *cellfix.Node, args cellfix.CallArgs, kw *cellfix.Node) (*cellfix.Fix, string) {
	if !keywordValueIs(p.Cell, kw, "True") {
		return nil, "whether the layer is dynamic is only known when the program runs"
	}
	if p.Target == cellfix.TargetMulti {
		// Checked on JAX: the first fit() traces the model with JAX
		// tracers to build the compiled loss and metrics
		// (Trainer._symbolic_build), run_eagerly or not.
		return nil, "on JAX the first `fit()` traces the model to build its loss and metrics, whatever `run_eagerly` says, " +
			"so `call()` must work on traced tensors there (`keras.ops.cond`, `keras.ops.fori_loop` ...)"
	}
	m := p.Doc.Model()
	fix := &cellfix.Fix{Title: "Remove `dynamic` and compile the models that hold the layer with `run_eagerly=True`", Safety: cellfix.Unsafe,
		Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, kw)}}
	var ctors []layerSite
	if cellfix.CalledMethod(p.Cell, call) == "__init__" {
		kc := m.EnclosingKerasClass(p.CellPos, call)
		if kc == nil {
			return nil, "the class is not known"
		}
		ctors = classConstructions(p, kc)
		if readsDynamic(p) {
			stmt := call.Parent
			if stmt == nil || stmt.Type() != "expression_statement" {
				return nil, "the code reads `.dynamic`, which Keras 3 layers lack"
			}
			self := m.SelfName(p.CellPos, call.Ancestor("function_definition"))
			edit, ok := p.Edit().InsertStatementAfter(stmt, self+".dynamic = True")
			if self == "" || !ok {
				return nil, "the code reads `.dynamic`, which Keras 3 layers lack"
			}
			fix.Edits = append(fix.Edits, edit)
			fix.Title = "Remove `dynamic`, set `self.dynamic = True` for the code that reads it, and compile the models that hold the layer with `run_eagerly=True`"
		}
	} else {
		if readsDynamic(p) {
			return nil, "the code reads `.dynamic`, which Keras 3 layers lack"
		}
		ctors = []layerSite{{p.CellPos, call}}
	}
	if len(ctors) == 0 {
		return nil, "no model holding the layer is in sight"
	}
	for _, ctor := range ctors {
		edits, why := runEagerlyEdits(p, ctor)
		if why != "" {
			return nil, why
		}
		fix.Edits = append(fix.Edits, edits...)
	}
	why := dynamicUnsafeReason(p, call, ctors)
	if why == "" {
		fix.Safety = cellfix.Safe
	}
	return fix, why
}

// readsDynamic reports whether the document reads an attribute called
// dynamic (layer.dynamic, self.dynamic).
func readsDynamic(p *cellfix.Pass) bool {
	found := false
	for _, c := range p.Doc.Cells {
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if n.Type() == "attribute" && !(n.Parent != nil && n.Parent.Type() == "assignment" && n.Field() == "left") {
				if a := n.Child("attribute"); a != nil && c.Masked[a.Start():a.End()] == "dynamic" {
					found = true
				}
			}
			return !found
		})
		if found {
			break
		}
	}
	return found
}

// runEagerlyEdits finds the model that the layer constructed at ctor goes
// into (Sequential([..., ctor, ...]) assigned to a name, or name.add(ctor))
// and returns the edits that compile that model with run_eagerly=True, or
// why it cannot.
func runEagerlyEdits(p *cellfix.Pass, ctor layerSite) ([]cellfix.TextEdit, string) {
	m := p.Doc.Model()
	c := p.Doc.Cells[ctor.cell]
	held, why := modelHolding(p, ctor)
	if why != "" {
		return nil, why
	}
	modelCell, modelValue, modelName := held.cell, held.value, held.name
	name := c.Masked[modelName.Start():modelName.End()]
	var edits []cellfix.TextEdit
	compiled := false
	for i := ctor.cell; i < len(p.Doc.Cells) && why == ""; i++ {
		ci := p.Doc.Cells[i]
		for _, n := range p.MethodCallsIn(i, "compile") {
			obj := n.Child("function").Child("object")
			if obj.Type() != "identifier" || ci.Masked[obj.Start():obj.End()] != name {
				continue
			}
			if vc, v := m.ValueOf(i, obj); v != modelValue || vc != modelCell {
				continue
			}
			compiled = true
			args := cellfix.ArgsOf(ci, n)
			switch kw := args.Keyword["run_eagerly"]; {
			case args.Splat:
				why = "a `compile()` of the model passes `**kwargs`"
			case kw == nil:
				edits = append(edits, p.In(i).AppendArgument(n, "run_eagerly=True"))
			case strings.TrimSpace(ci.Masked[kw.Child("value").Start():kw.Child("value").End()]) != "True":
				why = "a `compile()` of the model sets `run_eagerly` to another value"
			}
			if why != "" {
				break
			}
		}
	}
	switch {
	case why != "":
		return nil, why
	case !compiled:
		return nil, "the model that holds the layer is never compiled here, and Keras 3 runs it eagerly only when compiled with `run_eagerly=True`"
	}
	return edits, ""
}

// dynamicUnsafeReason says why the fix for a dynamic layer may change what
// the program does, or "" when it cannot. tests/keras2vs3/dyncheck.py
// compares a Keras 2 dynamic layer with the fixed Keras 3 one: the same
// fit history, evaluate, train_on_batch, predict and direct-call values and
// trained weights, for Sequential([...]) with and without an Input and for
// model.add(). That holds where the class declares itself dynamic and
// defines compute_output_shape() (Keras 2 built the model from it, Keras 3
// does the same for an overriding class) and no class inherits from it (its
// instances would go into models not followed), where each model holding the
// layer is compiled, by a compile() that surely runs once, before it runs
// and is only used in the ways compared
// (Keras 2 ran any use eagerly; Keras 3 only those of a model compiled with
// run_eagerly=True), and where `.dynamic` is read only of the layer itself.
func dynamicUnsafeReason(p *cellfix.Pass, call *cellfix.Node, ctors []layerSite) string {
	if cellfix.CalledMethod(p.Cell, call) != "__init__" {
		return "only a layer class that declares itself dynamic in `__init__` was compared with Keras 2"
	}
	m := p.Doc.Model()
	kc := m.EnclosingKerasClass(p.CellPos, call)
	if kc.IsModel {
		return "the class is a model, whose own `compile()` and uses are not followed"
	}
	if subclassed(p, kc) {
		return subclassedWhy
	}
	if m.Method(kc, "compute_output_shape") == nil {
		return "the class does not define `compute_output_shape()`, from which Keras 2 built a model around a dynamic layer"
	}
	var models []heldModel
	for _, ctor := range ctors {
		held, why := modelHolding(p, ctor)
		if why == "" {
			why = modelUsesAreEager(p, held)
		}
		if why != "" {
			return why
		}
		models = append(models, held)
	}
	return dynamicReadsOfLayer(p, kc, models, ctors)
}

// eagerModelMethods run the model: Keras 3 runs them eagerly only once it
// is compiled with run_eagerly=True.
var eagerModelMethods = map[string]bool{
	"fit": true, "evaluate": true, "predict": true,
	"train_on_batch": true, "test_on_batch": true, "predict_on_batch": true,
}

// plainModelAttributes are what else of the model the comparison reads:
// they neither run it nor depend on how it runs.
var plainModelAttributes = map[string]bool{
	"layers": true, "weights": true, "trainable_weights": true, "non_trainable_weights": true,
	"count_params": true, "get_weights": true, "set_weights": true, "build": true,
}

// modelUsesAreEager checks every use of the model's name: it is compiled
// (without jit_compile, which Keras 3 drops with a warning under
// run_eagerly), by a compile() that surely runs once in order, before
// anything runs it, layers are added only before that,
// and it is otherwise only run, called or read in the ways compared.
func modelUsesAreEager(p *cellfix.Pass, held heldModel) string {
	m := p.Doc.Model()
	name := p.Doc.Cells[held.cell].Masked[held.name.Start():held.name.End()]
	why, compiled := "", compileSeen{}
	for i := held.cell; i < len(p.Doc.Cells) && why == ""; i++ {
		c := p.Doc.Cells[i]
		for _, n := range p.IdentifiersIn(i, name) {
			if n == held.name {
				continue
			}
			if vc, v := m.ValueOf(i, n); v != held.value || vc != held.cell {
				continue
			}
			if why = modelUse(c, n, held, &compiled); why != "" {
				break
			}
		}
	}
	return why
}

// compileSeen tracks the compile() calls of a model met so far: done once
// one runs once in order (module code, not in a function, loop or branch),
// maybe when one that may not run was met.
type compileSeen struct{ done, maybe bool }

// notRunWhy says why a run of the model before a sure compile() may be
// traced by Keras 3.
func (s compileSeen) notRunWhy() string {
	if s.maybe {
		return "the model's `compile()` stands in a function, loop or branch, so it may not have run when the model runs, and Keras 3 traces a model not compiled with `run_eagerly=True`"
	}
	return "the model is run before a `compile()` with `run_eagerly=True`, and Keras 3 traces it there"
}

// modelUse checks one use n of a model's name, in cell c.
func modelUse(c *cellfix.Cell, n *cellfix.Node, held heldModel, compiled *compileSeen) string {
	up := n.Parent
	if up.Type() == "assignment" && n.Field() == "left" {
		return "" // the binding itself (for a model built by add())
	}
	if up.Type() == "call" && n.Field() == "function" {
		if !compiled.done {
			return compiled.notRunWhy()
		}
		return ""
	}
	if up.Type() != "attribute" || n.Field() != "object" {
		return "the model is passed on or bound to another name, where Keras 3 may run it without `run_eagerly`"
	}
	attr := c.Masked[up.Child("attribute").Start():up.Child("attribute").End()]
	isCall := up.Parent != nil && up.Parent.Type() == "call" && up.Field() == "function"
	switch {
	case isCall && attr == "compile":
		if kw := cellfix.ArgsOf(c, up.Parent).Keyword["jit_compile"]; kw != nil && !keywordValueIs(c, kw, "False") {
			return "a `compile()` of the model sets `jit_compile`, which Keras 3 turns off with a warning under `run_eagerly=True`"
		}
		if cellfix.RunsOnceInOrder(up.Parent) {
			compiled.done = true
		} else {
			compiled.maybe = true
		}
	case isCall && attr == "add" && held.list == nil && !compiled.done && !compiled.maybe:
	case isCall && eagerModelMethods[attr]:
		if !compiled.done {
			return compiled.notRunWhy()
		}
	case plainModelAttributes[attr]:
	default:
		return "the code uses the model's `" + attr + "`, which was not compared with Keras 2's for a dynamic layer"
	}
	return ""
}

// dynamicReadsOfLayer checks that every read of `.dynamic` is of the layer
// itself, which the fix's `self.dynamic = True` answers as Keras 2 did:
// self.dynamic inside the class, or model.layers[i] where i is the layer's
// place in the Sequential list (a leading Input is no layer). Keras 3 has
// no `dynamic` on other layers and models.
func dynamicReadsOfLayer(p *cellfix.Pass, kc *cellfix.KerasClass, models []heldModel, ctors []layerSite) string {
	const other = "the code reads `.dynamic` of something that is not known to be the layer, and Keras 3 layers and models other than this one have no `dynamic`"
	m := p.Doc.Model()
	why := ""
	for i, c := range p.Doc.Cells {
		if c.Root == nil || why != "" {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if why != "" || n.Type() != "attribute" || c.Masked[n.Child("attribute").Start():n.Child("attribute").End()] != "dynamic" ||
				(n.Parent != nil && n.Parent.Type() == "assignment" && n.Field() == "left") {
				return why == ""
			}
			obj := n.Child("object")
			inClass := i == kc.Cell && n.Start() >= kc.Node.Start() && n.End() <= kc.Node.End()
			switch {
			case inClass && obj.Type() == "identifier" && c.Masked[obj.Start():obj.End()] == "self":
			case layerOfModel(m, i, c, obj, models, ctors):
			default:
				why = other
			}
			return why == ""
		})
	}
	return why
}

// layerOfModel reports whether obj is name.layers[k] for a model built from
// a list in which the k-th layer is one of the constructions ctors.
func layerOfModel(m *cellfix.Model, cell int, c *cellfix.Cell, obj *cellfix.Node, models []heldModel, ctors []layerSite) bool {
	if obj.Type() != "subscript" {
		return false
	}
	layers, index := obj.Child("value"), obj.Child("subscript")
	if layers == nil || index == nil || layers.Type() != "attribute" || c.Masked[layers.Child("attribute").Start():layers.Child("attribute").End()] != "layers" {
		return false
	}
	k, err := strconv.Atoi(strings.ReplaceAll(c.Masked[index.Start():index.End()], " ", ""))
	name := layers.Child("object")
	if err != nil || name.Type() != "identifier" {
		return false
	}
	vc, v := m.ValueOf(cell, name)
	for _, held := range models {
		if held.list == nil || v != held.value || vc != held.cell {
			continue
		}
		elems := held.list.NamedChildren()
		if len(elems) > 0 && isInputCall(m, held.cell, elems[0]) {
			elems = elems[1:]
		}
		if k < 0 {
			k += len(elems)
		}
		if k < 0 || k >= len(elems) {
			return false
		}
		for _, ctor := range ctors {
			if ctor.call == elems[k] {
				return true
			}
		}
	}
	return false
}
