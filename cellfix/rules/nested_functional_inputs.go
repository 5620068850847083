package rules

import (
	"fmt"

	"github.com/gokmig/gokmig/cellfix"
)

// NestedFunctionalInputs finds functional models built with inputs or
// outputs nested more than one level deep (a dict of dicts, a list of
// lists of Keras inputs), written in the keras.Model(...) call or through
// a variable, possibly from an earlier cell.
//
// Keras 3.0 accepts a flat list, tuple or dict of Keras tensors and
// rejects deeper structures ("When providing inputs as a dict, all values
// in the dict must be KerasTensors").
//
//	inputs = {"foo": keras.Input((1,)), "bar": {"baz": keras.Input((1,))}}
//	keras.Model(inputs, outputs)   # flagged: inputs["bar"] is a dict
//
// There is no automatic fix: the structure is the model's interface.
var NestedFunctionalInputs = &cellfix.Rule{
	Name:  "nested-functional-inputs",
	Code:  "K402",
	Title: "Functional model inputs or outputs nested more than one level",
	// Keras 3.4 accepts the guide's nested dict (checked on 3.3.3 and 3.4.1).
	FixedIn: cellfix.KerasVersion{Major: 3, Minor: 4},
	Run:     runNestedFunctionalInputs,
}

func init() { register(NestedFunctionalInputs) }

func runNestedFunctionalInputs(p *cellfix.Pass) {
	m := p.Doc.Model()
	for _, n := range p.Calls() {
		functional := m.IsKerasModelCall(p.CellPos, n)
		if !functional && !isSuperInitOfModel(p, n) {
			continue
		}
		for i, role := range []string{"inputs", "outputs"} {
			pos := i
			if !functional {
				pos = -1 // super().__init__: only by keyword
			}
			arg := p.Args(n).Value(pos, role)
			if arg == nil {
				continue
			}
			if outer, inner := nestedContainer(p, p.CellPos, arg); inner != "" {
				p.Reportf(arg, nil, fmt.Sprintf("`%s` of the functional model has %s inside %s; Keras 3.0 to 3.3 take only one flat list, tuple or dict of Keras tensors, so flatten it", role, inner, outer))
			}
		}
	}
}

// isSuperInitOfModel is super().__init__(...) inside a Model subclass,
// which builds a functional model when given inputs= and outputs=.
func isSuperInitOfModel(p *cellfix.Pass, call *cellfix.Node) bool {
	recv := p.Doc.Model().MethodReceiver(p.CellPos, call, "__init__")
	if recv == nil || recv.Type() != "call" || p.Text(recv.Child("function")) != "super" {
		return false
	}
	kc := p.Doc.Model().EnclosingKerasClass(p.CellPos, call)
	return kc != nil && kc.IsModel
}

// containerNames describes list, tuple and dict nodes.
var containerNames = map[string]string{"list": "a list", "tuple": "a tuple", "dictionary": "a dict"}

// nestedContainer looks for a container inside the container that arg is
// (directly or through variables) and describes both, e.g. "a dict",
// "a dict". inner is "" when the structure is flat.
func nestedContainer(p *cellfix.Pass, cell int, arg *cellfix.Node) (outer, inner string) {
	m := p.Doc.Model()
	cell, v := m.Unwrap(cell, arg)
	if v == nil || containerNames[v.Type()] == "" {
		return "", ""
	}
	for _, el := range v.NamedChildren() {
		if el.Type() == "pair" {
			el = el.Child("value")
		}
		_, ev := m.Unwrap(cell, el)
		if ev != nil && containerNames[ev.Type()] != "" {
			return containerNames[v.Type()], containerNames[ev.Type()]
		}
	}
	return "", ""
}
