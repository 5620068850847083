package rules

import (
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// TensorNumpy reports `.numpy()` on a tensor that a Keras layer or a
// keras.ops function returned, on the multi-backend target.
//
// `.numpy()` is a method of TensorFlow's eager tensors. On JAX a layer
// returns a jax.Array, which has no such method ("'ArrayImpl' object has no
// attribute 'numpy'"), and on PyTorch a torch.Tensor, whose numpy() fails on
// GPU tensors and on tensors that require grad.
// keras.ops.convert_to_numpy works on every backend.
var TensorNumpy = &cellfix.Rule{
	Name:      "tensor-numpy",
	Code:      "K504",
	Title:     "`.numpy()` on a tensor from a Keras layer or `keras.ops`",
	Fixable:   true,
	MultiOnly: true,
	Run:       runTensorNumpy,
}

func init() { register(TensorNumpy) }

func runTensorNumpy(p *cellfix.Pass) {
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() != "call" {
			return true
		}
		fn := n.Child("function")
		if fn == nil || fn.Type() != "attribute" || p.Text(fn.Child("attribute")) != "numpy" {
			return true
		}
		if args := p.Args(n); len(args.All) != 0 {
			return true // numpy(force=True) is torch's
		}
		obj := fn.Child("object")
		if !kerasTensorValue(p, p.CellPos, obj, 0) {
			return true
		}
		fix := &cellfix.Fix{
			Title:   "Convert with `keras.ops.convert_to_numpy`",
			Safety:  cellfix.Safe,
			Edits:   []cellfix.TextEdit{p.Replace(n, "keras.ops.convert_to_numpy("+p.Text(obj)+")")},
			Imports: []cellfix.Import{{Module: "keras"}},
		}
		p.Reportf(n, fix, "`.numpy()` exists only on TensorFlow tensors: on JAX a Keras layer or `keras.ops` returns a "+
			"jax.Array without it (AttributeError); use `keras.ops.convert_to_numpy(...)`, which works on every backend")
		return true
	}, "call")
}

// kerasTensorValue reports whether expression n (of the cell at position
// cell) is the output of calling a Keras layer or model instance, or of a
// keras.ops function, directly or through a simple assignment.
func kerasTensorValue(p *cellfix.Pass, cell int, n *cellfix.Node, depth int) bool {
	model := p.Doc.Model()
	if n == nil || depth > 3 {
		return false
	}
	switch n.Type() {
	case "parenthesized_expression":
		if inner := n.NamedChildren(); len(inner) == 1 {
			return kerasTensorValue(p, cell, inner[0], depth+1)
		}
	case "identifier":
		if vc, v := model.ValueOf(cell, n); v != nil {
			return kerasTensorValue(p, vc, v, depth+1)
		}
	case "call":
		fn := n.Child("function")
		if fn == nil {
			return false
		}
		if strings.HasPrefix(cellfix.KerasName(model.Resolve(cell, fn)), "keras.ops.") {
			return true
		}
		if model.Resolve(cell, fn) != "" {
			return false // a class or a function, not a layer instance
		}
		role := model.RoleOf(cell, fn)
		return role == cellfix.RoleLayer || role == cellfix.RoleModel
	}
	return false
}
