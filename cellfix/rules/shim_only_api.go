package rules

import (
	"fmt"
	"strings"

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
}

func init() { register(ShimOnlyAPI) }

func runShimOnlyAPI(p *cellfix.Pass) {
	for _, ch := range kerasChains(p) {
		// A bare name is reported once, at the import that binds it.
		if !ch.tfSpelling || ch.node.Type == "identifier" || IsRemovedName(ch.k) {
			continue
		}
		if name, _, _, ok := keras3Name(ch.k); !ok {
			p.Reportf(ch.node, nil, missingNameMessage(oneLine(p.Text(ch.node)), name, true))
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

// reportMissingImports reports names a from-import takes from a Keras
// module that Keras 3 does not have (in either spelling, as tfSpelling says).
func reportMissingImports(p *cellfix.Pass, stmt *cellfix.Node, tfSpelling bool) {
	mod := stmt.Child("module_name")
	if mod == nil || mod.Type == "relative_import" {
		return
	}
	module := dottedText(p, mod)
	k := cellfix.KerasSpelling(module)
	if !tfSpelling {
		if module != "keras" && !strings.HasPrefix(module, "keras.") {
			return
		}
		k = module
	} else if k == "" {
		return
	}
	for _, im := range cellfix.ImportedNames(stmt) {
		nameNode := im.Name
		full := k + "." + dottedText(p, nameNode)
		if IsRemovedName(full) {
			continue
		}
		if name, _, _, ok := keras3Name(full); !ok {
			p.Reportf(nameNode, nil, missingNameMessage(module+"."+dottedText(p, nameNode), name, tfSpelling))
		}
	}
}

// notInCompatAPI are Keras 2 modules and names (Keras 3 spelling) that
// TensorFlow 2.16's tf.keras compatibility API (keras._tf_keras in Keras
// 3.15) does not keep either: there the tf.keras spelling fails too.
var notInCompatAPI = []string{
	"keras.dtensor", "keras.estimator", "keras.wrappers.scikit_learn",
	"keras.experimental", "keras.layers.DenseFeatures",
	"keras.utils.SidecarEvaluator", "keras.utils.experimental",
	"keras.backend.experimental",
	// tf.compat.v1.keras's TF1 migration helpers
	"keras.utils.DeterministicRandomTestTool", "keras.utils.track_tf1_style_variables",
	"keras.utils.get_or_create_layer",
}

func inCompatAPI(k string) bool {
	for _, prefix := range notInCompatAPI {
		if k == prefix || strings.HasPrefix(k, prefix+".") {
			return false
		}
	}
	return true
}

func missingNameMessage(written, k string, tfSpelling bool) string {
	msg := fmt.Sprintf("Keras 3 has no `%s`", k)
	switch {
	case tfSpelling && inCompatAPI(k):
		msg = fmt.Sprintf("`%s` exists only in tf.keras's compatibility API: Keras 3 has no `%s`", written, k)
	case tfSpelling:
		msg = fmt.Sprintf("`%s` is Keras 2 API that not even tf.keras's compatibility API keeps: Keras 3 has no `%s`", written, k)
	}
	if a := adviceFor(k); a != "" {
		return msg + "; " + a
	}
	return msg
}
