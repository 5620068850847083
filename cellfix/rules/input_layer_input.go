package rules

import (
	"github.com/gokmig/gokmig/cellfix"
)

// InputLayerInput reports `model.get_layer(NAME).input` where NAME is the
// name of an input layer (a `keras.Input(..., name=NAME)` of the notebook).
// Keras 3's InputLayer has no input of its own: `.input` is an empty list,
// and `keras.Model(inputs=[], ...)` fails. Its `.output` is the input tensor,
// as `.input` was in Keras 2.
//
//	keras.Model(model.get_layer("features").input, ...)
//	→ keras.Model(model.get_layer("features").output, ...)
var InputLayerInput = &cellfix.Rule{
	Name:    "input-layer-input",
	Code:    "K325",
	Title:   "`.input` of an input layer, empty in Keras 3",
	Fixable: true,
	Run:     runInputLayerInput,
}

func init() { register(InputLayerInput) }

func runInputLayerInput(p *cellfix.Pass) {
	var names map[string]bool // the input layers' names, found on first need
	for _, n := range p.Attributes() {
		attr, call := n.Child("attribute"), n.Child("object")
		if attr == nil || p.Text(attr) != "input" || call == nil || call.Type() != "call" {
			continue
		}
		fn := call.Child("function")
		if fn == nil || fn.Type() != "attribute" || p.Text(fn.Child("attribute")) != "get_layer" {
			continue
		}
		name := p.Args(call).Value(0, "name")
		if name == nil || name.Type() != "string" {
			continue
		}
		if names == nil {
			names = inputLayerNames(p)
		}
		if !names[p.Text(name)[1:len(p.Text(name))-1]] {
			continue
		}
		p.Reportf(n, &cellfix.Fix{Title: "Use `.output`", Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Replace(attr, "output")}},
			"in Keras 3 an input layer's `.input` is an empty list (a model built from it fails with \"`inputs` argument cannot be empty\"): "+
				"its `.output` is the input tensor, as `.input` was in Keras 2 (or use `model.inputs`)")
	}
}

// inputLayerNames returns the names given as plain string literals to
// keras.Input / keras.layers.Input / keras.layers.InputLayer in any cell.
func inputLayerNames(p *cellfix.Pass) map[string]bool {
	names := map[string]bool{}
	m := p.Doc.Model()
	for i, c := range p.Doc.Cells {
		c.Root.Walk(func(n *cellfix.Node) bool {
			if n.Type() != "call" {
				return true
			}
			for _, k := range m.ConstructedKerasNames(i, n.Child("function")) {
				if k != "keras.Input" && k != "keras.layers.Input" && k != "keras.layers.InputLayer" {
					continue
				}
				v := cellfix.ArgsOf(c, n).Value(-1, "name")
				if v != nil && v.Type() == "string" {
					text := m.Text(i, v)
					if len(text) >= 2 && (text[0] == '"' || text[0] == '\'') {
						names[text[1:len(text)-1]] = true
					}
				}
			}
			return true
		})
	}
	return names
}
