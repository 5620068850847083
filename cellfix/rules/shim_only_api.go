package rules

import (
	"fmt"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/backendmap"
	"github.com/gokmig/gokmig/cellfix/polyfill"
)

// ShimOnlyAPI reports tf.keras names that Keras 3 does not have, such as
// `tf.keras.preprocessing.image.ImageDataGenerator` or `K.int_shape`.
//
// They still run on TensorFlow's compatibility API, so tf-keras-import
// leaves them (and the import they need) alone; this rule names the Keras 3
// way to do the same thing so the user can finish the migration by hand.
//
//	datagen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1/255)
//	→ keras.utils.image_dataset_from_directory(...) + keras.layers.Rescaling(1/255)
var ShimOnlyAPI = &cellfix.Rule{
	Name:    "shim-only-api",
	Code:    "K302",
	Title:   "Name that only tf.keras has, not the `keras` package",
	Fixable: true,
	Run:     runShimOnlyAPI,
}

func init() { register(ShimOnlyAPI) }

// shimPolyfills maps the tf.keras-only functions that a local replacement
// stands in for to the name the replacement defines.
var shimPolyfills = map[string]string{
	// Keras 2 built a model of the tensors and returned NumPy arrays.
	"keras.backend.function": "backend_function",
}

func runShimOnlyAPI(p *cellfix.Pass) {
	for _, ch := range kerasChains(p) {
		// A bare name is reported once, at the import that binds it.
		if c := ch.class; c.owner == ownerShimOnly && ch.node.Type() != "identifier" {
			msg := missingNameMessage(cellfix.OneLine(p.Text(ch.node)), c.name, true)
			// The backend table's rows carry a replacement checked on real
			// Keras (scripts/verify-backendmap.py): rewriting the use lets
			// tf-keras-import move the import to Keras 3.
			var fix *cellfix.Fix
			if pf := shimPolyfills[c.name]; pf != "" && ch.node.Field() == "function" && ch.node.Parent.Type() == "call" {
				// No one-line equivalent: a local replacement (package
				// cellfix/polyfill), inserted once, before the first use.
				var why string
				if learningPhaseInput(p, ch.node.Parent) {
					msg += " (no fix: `K.learning_phase()`, or a number such as the 0 it returns, among the inputs, which Keras 2 on TensorFlow 2 already refused here: " +
						"in eager mode the learning phase is the integer 0, not a tensor, and `K.function` raised a ValueError, as the local replacement would; " +
						"drop it from the inputs and its value from the calls, and call the model with `training=True` where training-mode behaviour such as dropout was the point)"
				} else if fix, why = polyfill.Lookup(pf).Fix(p, ch.node, pf, fmt.Sprintf("Insert a local `%s` (`%s` for Keras 3) and use it", pf, c.name)); fix != nil {
					msg += fmt.Sprintf(" (fix: Keras 3 removed it without a one-line equivalent, so the fix inserts a local replacement, `%s`, "+
						"before the first use and calls it; like Keras 2's, it calls a model of the tensors in inference mode and returns NumPy arrays; it is code you now own", pf)
					msg += markUnsafeIfLearningPhaseSet(p, fix) + ")"
				} else {
					msg += " (no automatic replacement here: " + why + ")"
				}
			} else if row := backendmap.Lookup(c.name); row != nil {
				if fix = row.Fix(p, ch.node); fix != nil && row.Note != "" {
					msg += " (fix: " + row.Note
					if c.name == "keras.backend.learning_phase" {
						msg += markUnsafeIfLearningPhaseSet(p, fix)
					}
					msg += ")"
				}
			}
			p.Reportf(ch.node, fix, msg)
		}
	}
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() == "import_from_statement" {
			reportMissingImports(p, n, true)
			return false
		}
		return true
	}, "import_from_statement")
}

// learningPhaseInput reports whether the inputs of a K.function(inputs,
// outputs) call list K.learning_phase(), or the number this rule's fix for
// it leaves there: on TensorFlow 2, in eager mode, it is the integer 0,
// which Keras 2's K.function refused as an input (ValueError), as does a
// model of the inputs.
func learningPhaseInput(p *cellfix.Pass, call *cellfix.Node) bool {
	inputs := p.Args(call).Value(0, "inputs")
	if inputs == nil || (inputs.Type() != "list" && inputs.Type() != "tuple") {
		return false
	}
	for _, el := range inputs.Children() {
		if el.Type() == "integer" || el.Type() == "call" && cellfix.KerasName(p.Resolve(el.Child("function"))) == "keras.backend.learning_phase" {
			return true
		}
	}
	return false
}

// markUnsafeIfLearningPhaseSet makes fix unsafe where the program may set Keras 2's
// learning phase or leave eager mode, and returns why (else ""): the fixes
// for K.learning_phase() (0) and K.function (inference mode) hold only for
// the default phase of TensorFlow 2's eager mode.
func markUnsafeIfLearningPhaseSet(p *cellfix.Pass, fix *cellfix.Fix) string {
	if !setsLearningPhase(p.Doc) {
		return ""
	}
	fix.Safety = cellfix.Unsafe
	return "; unsafe fix here: this program may set the learning phase or turn eager execution off, and the fix assumes the default phase, 0, in eager mode"
}
