package rules

import (
	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/backendmap"
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

func runShimOnlyAPI(p *cellfix.Pass) {
	for _, ch := range kerasChains(p) {
		// A bare name is reported once, at the import that binds it.
		if c, _ := classifyKerasName(ch.qualified); c.owner == ownerShimOnly && ch.node.Type != "identifier" {
			msg := missingNameMessage(cellfix.OneLine(p.Text(ch.node)), c.name, true)
			// The backend table's rows carry a replacement checked on real
			// Keras (scripts/verify-backendmap.py): rewriting the use lets
			// tf-keras-import move the import to Keras 3.
			var fix *cellfix.Fix
			if row := backendmap.Lookup(c.name); row != nil {
				if fix = row.Fix(p, ch.node); fix != nil && row.Note != "" {
					msg += " (fix: " + row.Note + ")"
				}
			}
			p.Reportf(ch.node, fix, msg)
		}
	}
	p.Walk(func(n *cellfix.Node) bool {
		if n.Type == "import_from_statement" {
			reportMissingImports(p, n, true)
			return false
		}
		return true
	})
}
