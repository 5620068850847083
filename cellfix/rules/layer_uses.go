package rules

import "github.com/gokmig/gokmig/cellfix"

// This file holds what several rules use to follow a layer from its
// construction: where it is built and which model holds it.

// layerSite is a call of a layer object: layer(x).
type layerSite struct {
	cell int
	call *cellfix.Node
}

// classConstructions returns the calls that construct kc: KC(...).
func classConstructions(p *cellfix.Pass, kc *cellfix.KerasClass) []layerSite {
	m := p.Doc.Model()
	var out []layerSite
	for i := kc.Cell; i < len(p.Doc.Cells); i++ {
		for _, n := range p.NameCallsIn(i, kc.Name) {
			if m.KerasClass(i, kc.Name) == kc {
				out = append(out, layerSite{i, n})
			}
		}
	}
	return out
}

// heldModel is the model that a layer constructed in place goes into:
// Sequential([..., Layer(), ...]) assigned to name (list is the list), or
// name.add(Layer()) on a model bound at value.
type heldModel struct {
	cell        int
	value, name *cellfix.Node
	list        *cellfix.Node
}

// modelHolding finds the model that the layer constructed at ctor goes
// into, or says why it is not known.
func modelHolding(p *cellfix.Pass, ctor layerSite) (heldModel, string) {
	const unfollowed = "the layer goes into a model other than by `Sequential([...])` or `model.add(...)`, where the models that hold it are not known"
	m := p.Doc.Model()
	c := p.Doc.Cells[ctor.cell]
	up := ctor.call.Parent
	switch {
	case up != nil && up.Type() == "list" && up.Parent != nil && up.Parent.Type() == "argument_list" && constructsSequential(m, ctor.cell, up.Parent.Parent):
		seq := up.Parent.Parent
		as := seq.Parent
		if as == nil || as.Type() != "assignment" || seq.Field() != "right" || as.Child("left").Type() != "identifier" {
			return heldModel{}, unfollowed
		}
		return heldModel{ctor.cell, seq, as.Child("left"), up}, ""
	case up != nil && up.Type() == "argument_list" && cellfix.CalledMethod(c, up.Parent) == "add":
		obj := up.Parent.Child("function").Child("object")
		if obj.Type() != "identifier" {
			return heldModel{}, unfollowed
		}
		vc, v := m.ValueOf(ctor.cell, obj)
		if v == nil {
			return heldModel{}, unfollowed
		}
		return heldModel{cell: vc, value: v, name: obj}, ""
	}
	return heldModel{}, unfollowed
}

// constructsSequential reports whether call, in the cell at position cell,
// constructs a Sequential model.
func constructsSequential(m *cellfix.Model, cell int, call *cellfix.Node) bool {
	if call == nil || call.Type() != "call" {
		return false
	}
	for _, k := range m.ConstructedKerasNames(cell, call.Child("function")) {
		if k == "keras.Sequential" || k == "keras.models.Sequential" {
			return true
		}
	}
	return false
}

// isInputCall reports whether n constructs keras.Input or an InputLayer,
// which a Sequential model does not list among its layers.
func isInputCall(m *cellfix.Model, cell int, n *cellfix.Node) bool {
	if n.Type() != "call" {
		return false
	}
	for _, k := range m.ConstructedKerasNames(cell, n.Child("function")) {
		if k == "keras.Input" || k == "keras.layers.Input" || k == "keras.layers.InputLayer" {
			return true
		}
	}
	return false
}

// keywordValueIs reports whether a keyword argument of cell c is the
// given Python constant (True, False, None).
func keywordValueIs(c *cellfix.Cell, kw *cellfix.Node, constant string) bool {
	v := kw.Child("value")
	return v != nil && c.Masked[v.Start():v.End()] == constant
}

// subclassedWhy is the reason a fix that follows kc's constructions gives
// when subclassed(kc).
const subclassedWhy = "a class in the code inherits from this one, and the models that hold its instances are not followed"

// subclassed reports whether a class in the document names kc as a base
// (by name, as `Cls` or `module.Cls`): its instances are kc's too, built
// by calls that classConstructions does not find.
func subclassed(p *cellfix.Pass, kc *cellfix.KerasClass) bool {
	for i := range p.Doc.Cells {
		for _, n := range p.SubclassesIn(i, kc.Name) {
			if n != kc.Node {
				return true
			}
		}
	}
	return false
}

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
		if n.Type() == "call" && cellfix.CalledMethod(c, n) == "__init__" {
			if kw := cellfix.ArgsOf(c, n).Keyword["dynamic"]; kw != nil {
				v := kw.Child("value")
				found = found || (v != nil && c.Masked[v.Start():v.End()] == "True")
			}
		}
		return !found
	})
	return found
}

// runsEagerly reports whether every model that holds an instance of kc is
// in sight and compiled with run_eagerly=True only.
func runsEagerly(p *cellfix.Pass, kc *cellfix.KerasClass) bool {
	if subclassed(p, kc) {
		return false
	}
	ctors := classConstructions(p, kc)
	for _, ctor := range ctors {
		if edits, why := runEagerlyEdits(p, ctor); why != "" || len(edits) > 0 {
			return false
		}
	}
	return len(ctors) > 0
}
