package rules

import (
	"fmt"

	"github.com/gokmig/gokmig/cellfix"
)

// SequentialIO reports `model.input` and `model.output` on a Sequential
// model. Keras 3 gives a Sequential model symbolic `inputs` and `outputs`
// once it knows its input shape, but `input` and `output` are the layer
// properties that exist only after the model itself was called on a
// symbolic tensor (fit or predict do not count), so they raise "has never
// been called". Grad-CAM code
// (`keras.Model(model.inputs, [conv.output, model.output])`) meets this.
// Fix: `model.inputs[0]` and `model.outputs[0]`, which are what Keras 2's
// properties returned for a single-input, single-output Sequential model.
var SequentialIO = &cellfix.Rule{
	Name:    "sequential-input-output",
	Code:    "K340",
	Title:   "`.input` or `.output` of a Sequential model",
	Fixable: true,
	Run:     runSequentialIO,
}

func init() { register(SequentialIO) }

var sequentialReplacement = map[string]string{"input": "inputs[0]", "output": "outputs[0]"}

func runSequentialIO(p *cellfix.Pass) {
	model := p.Doc.Model()
	for _, n := range p.Attributes() {
		obj, attr := n.Child("object"), n.Child("attribute")
		if obj == nil || attr == nil || obj.Type() != "identifier" {
			continue
		}
		replacement, ok := sequentialReplacement[p.Text(attr)]
		if !ok || isWrittenAttribute(n) {
			continue
		}
		cell, value := model.Unwrap(p.CellPos, obj)
		if value == nil || value.Type() != "call" {
			continue
		}
		switch cellfix.KerasName(model.Resolve(cell, value.Child("function"))) {
		case "keras.Sequential", "keras.models.Sequential":
		default:
			continue
		}
		name := p.Text(obj)
		p.Reportf(n, &cellfix.Fix{Title: fmt.Sprintf("Use `%s.%s`", name, replacement), Safety: cellfix.Safe,
			Edits: []cellfix.TextEdit{p.Replace(attr, replacement)}},
			fmt.Sprintf("On Keras 3, `%s.%s` of a Sequential model raises \"never been called\" unless the model itself was called on a symbolic tensor (`fit()` does not count); `%s.%s` is the tensor Keras 2 returned", name, p.Text(attr), name, replacement))
	}
}

// isWrittenAttribute reports whether an attribute is written to (`model.output = x`).
func isWrittenAttribute(n *cellfix.Node) bool {
	return n.Field() == "left" && n.Parent != nil && (n.Parent.Type() == "assignment" || n.Parent.Type() == "augmented_assignment")
}
