package rules

import (
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

// declaresDynamic reports whether kc's __init__ passes dynamic=True to a
// base class's __init__.
func declaresDynamic(p *cellfix.Pass, kc *cellfix.KerasClass) bool {
	m := p.Doc.Model()
	init := m.Method(kc, "__init__")
	if init == nil {
		return false
	}
	c := p.Doc.Cells[kc.Cell]
	found := false
	cellfix.WalkBody(init, func(n *cellfix.Node) bool {
		if n.Type == "call" && cellfix.CalledMethod(c, n) == "__init__" {
			if kw := cellfix.ArgsOf(c, n).Keyword["dynamic"]; kw != nil {
				v := kw.Child("value")
				found = found || (v != nil && c.Masked[v.Start:v.End] == "True")
			}
		}
		return !found
	})
	return found
}

// dynamicFix returns the unsafe fix for dynamic=True (the keyword kw of
// call), or nil and why there is none.
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
			if stmt == nil || stmt.Type != "expression_statement" {
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
	return fix, ""
}

// runsEagerly reports whether every model that holds an instance of kc is
// in sight and compiled with run_eagerly=True only.
func runsEagerly(p *cellfix.Pass, kc *cellfix.KerasClass) bool {
	ctors := classConstructions(p, kc)
	for _, ctor := range ctors {
		if edits, why := runEagerlyEdits(p, ctor); why != "" || len(edits) > 0 {
			return false
		}
	}
	return len(ctors) > 0
}

// keywordValueIs reports whether a keyword argument of cell c is the
// given Python constant (True, False, None).
func keywordValueIs(c *cellfix.Cell, kw *cellfix.Node, constant string) bool {
	v := kw.Child("value")
	return v != nil && c.Masked[v.Start:v.End] == constant
}

// constructsSequential reports whether call, in the cell at position cell,
// constructs a Sequential model.
func constructsSequential(m *cellfix.Model, cell int, call *cellfix.Node) bool {
	if call == nil || call.Type != "call" {
		return false
	}
	for _, k := range m.ConstructedKerasNames(cell, call.Child("function")) {
		if k == "keras.Sequential" || k == "keras.models.Sequential" {
			return true
		}
	}
	return false
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
			if n.Type == "attribute" && !(n.Parent != nil && n.Parent.Type == "assignment" && n.Field == "left") {
				if a := n.Child("attribute"); a != nil && c.Masked[a.Start:a.End] == "dynamic" {
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

// classConstructions returns the calls that construct kc: KC(...).
func classConstructions(p *cellfix.Pass, kc *cellfix.KerasClass) []layerSite {
	m := p.Doc.Model()
	var out []layerSite
	for i := kc.Cell; i < len(p.Doc.Cells); i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if n.Type == "call" {
				if fn := n.Child("function"); fn != nil && fn.Type == "identifier" && c.Masked[fn.Start:fn.End] == kc.Name && m.KerasClass(i, kc.Name) == kc {
					out = append(out, layerSite{i, n})
				}
			}
			return true
		})
	}
	return out
}

// runEagerlyEdits finds the model that the layer constructed at ctor goes
// into (Sequential([..., ctor, ...]) assigned to a name, or name.add(ctor))
// and returns the edits that compile that model with run_eagerly=True, or
// why it cannot.
func runEagerlyEdits(p *cellfix.Pass, ctor layerSite) ([]cellfix.TextEdit, string) {
	const unfollowed = "the layer goes into a model other than by `Sequential([...])` or `model.add(...)`, where the models that hold it are not known"
	m := p.Doc.Model()
	c := p.Doc.Cells[ctor.cell]
	var modelValue, modelName *cellfix.Node
	modelCell := ctor.cell
	up := ctor.call.Parent
	switch {
	case up != nil && up.Type == "list" && up.Parent != nil && up.Parent.Type == "argument_list" && constructsSequential(m, ctor.cell, up.Parent.Parent):
		seq := up.Parent.Parent
		as := seq.Parent
		if as == nil || as.Type != "assignment" || seq.Field != "right" || as.Child("left").Type != "identifier" {
			return nil, unfollowed
		}
		modelValue, modelName = seq, as.Child("left")
	case up != nil && up.Type == "argument_list" && cellfix.CalledMethod(c, up.Parent) == "add":
		obj := up.Parent.Child("function").Child("object")
		if obj.Type != "identifier" {
			return nil, unfollowed
		}
		modelCell, modelValue = m.ValueOf(ctor.cell, obj)
		modelName = obj
	default:
		return nil, unfollowed
	}
	if modelValue == nil {
		return nil, unfollowed
	}
	name := c.Masked[modelName.Start:modelName.End]
	var edits []cellfix.TextEdit
	why, compiled := "", false
	for i := ctor.cell; i < len(p.Doc.Cells) && why == ""; i++ {
		ci := p.Doc.Cells[i]
		if ci.Root == nil {
			continue
		}
		ci.Root.Walk(func(n *cellfix.Node) bool {
			if why != "" || n.Type != "call" || cellfix.CalledMethod(ci, n) != "compile" {
				return why == ""
			}
			obj := n.Child("function").Child("object")
			if obj.Type != "identifier" || ci.Masked[obj.Start:obj.End] != name {
				return true
			}
			if vc, v := m.ValueOf(i, obj); v != modelValue || vc != modelCell {
				return true
			}
			compiled = true
			args := cellfix.ArgsOf(ci, n)
			switch kw := args.Keyword["run_eagerly"]; {
			case args.Splat:
				why = "a `compile()` of the model passes `**kwargs`"
			case kw == nil:
				edits = append(edits, p.In(i).AppendArgument(n, "run_eagerly=True"))
			case strings.TrimSpace(ci.Masked[kw.Child("value").Start:kw.Child("value").End]) != "True":
				why = "a `compile()` of the model sets `run_eagerly` to another value"
			}
			return why == ""
		})
	}
	switch {
	case why != "":
		return nil, why
	case !compiled:
		return nil, "the model that holds the layer is never compiled here, and Keras 3 runs it eagerly only when compiled with `run_eagerly=True`"
	}
	return edits, ""
}
