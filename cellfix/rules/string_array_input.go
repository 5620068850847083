package rules

import (
	"fmt"

	"github.com/gokmig/gokmig/cellfix"
)

// StringArrayInput reports a NumPy array of strings passed as the input of
// a Keras model's fit, evaluate or predict (or *_on_batch). Keras 2 turned
// it into a tf.string tensor; Keras 3 rejects it ("Invalid dtype: str352").
// On TensorFlow the fix passes `tf.constant(array)`, the tensor Keras 2
// made.
var StringArrayInput = &cellfix.Rule{
	Name:    "string-array-input",
	Code:    "K327",
	Title:   "NumPy string array passed to a model",
	Fixable: true,
	Run:     runStringArrayInput,
}

func init() { register(StringArrayInput) }

var modelDataMethods = map[string]bool{"fit": true, "evaluate": true, "predict": true,
	"train_on_batch": true, "test_on_batch": true, "predict_on_batch": true}

func runStringArrayInput(p *cellfix.Pass) {
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() != "call" {
			return true
		}
		fn := n.Child("function")
		if fn == nil || fn.Type() != "attribute" || !modelDataMethods[p.Text(fn.Child("attribute"))] {
			return true
		}
		x := p.Args(n).Value(0, "x")
		if x == nil || !isNumPyStringArray(p, x) || p.Doc.Model().RoleOf(p.CellPos, fn.Child("object")) != cellfix.RoleModel {
			return true
		}
		msg := "Keras 3 takes no NumPy array of strings as model input (\"Invalid dtype: str...\"); Keras 2 converted it to a `tf.string` tensor"
		if p.Target != cellfix.TargetTF {
			p.Reportf(x, nil, msg+": string inputs need TensorFlow (pass `tf.constant(...)` on the TensorFlow backend), or vectorize the text outside the model")
			return true
		}
		var fix *cellfix.Fix
		if tf, imports := p.ModuleName("tensorflow"); tf != "" {
			fix = &cellfix.Fix{Title: "Pass `tf.constant(...)`", Safety: cellfix.Safe, Imports: imports,
				Edits: []cellfix.TextEdit{p.Replace(x, fmt.Sprintf("%s.constant(%s)", tf, p.Text(x)))}}
		}
		p.Reportf(x, fix, msg+": pass that tensor, `tf.constant(...)`")
		return true
	}, "call")
}

// isNumPyStringArray reports whether n is (or is a name assigned from)
// np.array / np.asarray of a literal holding strings.
func isNumPyStringArray(p *cellfix.Pass, n *cellfix.Node) bool {
	c, v := p.Doc.Model().Unwrap(p.CellPos, n)
	if v == nil || v.Type() != "call" {
		return false
	}
	switch p.Doc.Model().Resolve(c, v.Child("function")) {
	case "numpy.array", "numpy.asarray":
	default:
		return false
	}
	args := cellfix.ArgsOf(p.Doc.Cells[c], v)
	if d := args.Value(1, "dtype"); d != nil {
		return false // an explicit dtype: not ours to judge
	}
	data := args.Value(0, "object")
	if data == nil || (data.Type() != "list" && data.Type() != "tuple") {
		return false
	}
	found := false
	data.Walk(func(e *cellfix.Node) bool {
		switch e.Type() {
		case "string", "concatenated_string":
			found = true
		case "list", "tuple":
			return !found
		}
		return false
	})
	return found
}
