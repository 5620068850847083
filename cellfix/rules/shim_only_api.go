package rules

import (
	"github.com/gokmig/gokmig/cellfix"
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
	Name:  "shim-only-api",
	Code:  "K302",
	Title: "Name that only tf.keras has, not Keras 3",
	Run:   runShimOnlyAPI,
	Doc: `## What it does
Reports uses of ` + "`tf.keras`" + ` names that Keras 3 does not have: ` + "`ImageDataGenerator`" + `,
` + "`preprocessing.text.Tokenizer`" + `, most ` + "`keras.backend`" + ` functions (` + "`int_shape`" + `,
` + "`get_value`" + `, ` + "`ctc_decode`" + ` …), ` + "`losses.Reduction`" + ` and similar.

## Why is this bad
On TensorFlow 2.16 and later ` + "`tf.keras`" + ` is a compatibility API that keeps these
names, but the native ` + "`keras`" + ` package is smaller. Swapping ` + "`tf.keras`" + ` for ` + "`keras`" + `
blindly turns working code into an ` + "`AttributeError`" + `, and keeping them ties the
notebook to the old Keras and to TensorFlow.

## Example
` + "```python" + `
from tensorflow.keras import backend as K
from tensorflow.keras.preprocessing.image import ImageDataGenerator

gen = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True)
width = K.int_shape(x)[1]
` + "```" + `

## Use instead
` + "```python" + `
import keras

train = keras.utils.image_dataset_from_directory("images/")
augment = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.RandomFlip("horizontal")])
width = x.shape[1]
` + "```" + `

## Fix safety
There is no automatic fix: the Keras 3 replacements work differently (a
dataset instead of a generator, a layer instead of a tokenizer object).
The message names the replacement to use.
`,
}

func init() { register(ShimOnlyAPI) }

func runShimOnlyAPI(p *cellfix.Pass) {
	for _, ch := range kerasChains(p) {
		// A bare name is reported once, at the import that binds it.
		if c, _ := classifyKerasName(ch.qualified); c.owner == ownerShimOnly && ch.node.Type != "identifier" {
			p.Reportf(ch.node, nil, missingNameMessage(cellfix.OneLine(p.Text(ch.node)), c.name, true))
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
