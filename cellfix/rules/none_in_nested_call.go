package rules

import (
	"github.com/gokmig/gokmig/cellfix"
)

// NoneInNestedCall finds None inside a list, tuple or dict passed to a
// layer call, and None inside a nested value returned from a layer's
// call().
//
// Keras 2 passed such structures through. Keras 3 maps every leaf of a
// layer's nested inputs and outputs to a tensor, and None is not one
// ("All operation outputs must be tensors").
//
//	layer({"foo": x, "bar": {"baz": None}})   # flagged
//	def call(self, x): return x, None          # flagged
//
// No fix: the call signature has to change (an optional keyword argument
// such as baz=None instead).
var NoneInNestedCall = &cellfix.Rule{
	Name:  "none-in-nested-call",
	Code:  "K407",
	Title: "`None` inside nested layer inputs or `call()` return values",
	Run:   runNoneInNestedCall,
}

func init() { register(NoneInNestedCall) }

func runNoneInNestedCall(p *cellfix.Pass) {
	m := p.Doc.Model()
	p.Each(func(n *cellfix.Node) bool {
		switch n.Type() {
		case "call":
			fn := n.Child("function")
			if fn == nil || !p.Doc.Model().IsLayer(p.CellPos, fn) {
				return true
			}
			for _, a := range n.Child("arguments").NamedChildren() {
				if a.Type() == "keyword_argument" {
					a = a.Child("value")
				}
				if a == nil {
					continue
				}
				c, v := m.Unwrap(p.CellPos, a)
				none := nestedNone(v)
				if none == nil {
					continue
				}
				at := a
				if c == p.CellPos {
					at = none // the structure is written in this cell
				}
				// Keras 3.13 lets a None input leaf through (checked
				// on 3.12.0 and 3.13.0); returned ones still fail.
				p.Report(cellfix.Diagnostic{Start: p.Offset(at.Start()), End: p.Offset(at.End()), FixedIn: cellfix.KerasVersion{Major: 3, Minor: 13},
					Message: "`None` inside a nested structure passed to a layer call: Keras 3.0 to 3.12 require every input leaf to be a tensor; make this input an optional keyword argument of `call()` (e.g. `baz=None`) and pass it separately"})
			}
		case "return_statement":
			kc := m.EnclosingKerasClass(p.CellPos, n)
			if kc == nil {
				return true
			}
			if fn, name := m.EnclosingMethod(n); name != "call" || n.Ancestor("function_definition") != fn {
				return true
			}
			for _, v := range n.NamedChildren() {
				if none := nestedNone(v); none != nil {
					p.Reportf(none, nil, "`call()` of `"+kc.Name+"` returns `None` inside a nested value: Keras 3 fails with \"All operation outputs must be tensors\"; return only tensors, or return a different structure when the value is absent")
				}
			}
		}
		return true
	}, "call", "return_statement")
}

// nestedNone returns a None literal inside the list, tuple or dict n (at
// any depth of such literals), or nil.
func nestedNone(n *cellfix.Node) *cellfix.Node {
	if n == nil {
		return nil
	}
	switch n.Type() {
	case "list", "tuple", "expression_list", "dictionary":
	default:
		return nil
	}
	for _, el := range n.NamedChildren() {
		if el.Type() == "pair" {
			el = el.Child("value")
		}
		if el == nil {
			continue
		}
		if el.Type() == "none" {
			return el
		}
		if inner := nestedNone(el); inner != nil {
			return inner
		}
	}
	return nil
}
