package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// MissingBuild finds Layer subclasses that create sublayers in __init__,
// call them in call(), and define no build().
//
// Keras 3 wants all state created before training. Without build(), it
// has to trace call() on symbolic inputs to build the sublayers. Keras
// 3.15 manages that for most simple layers (on JAX too), but where the
// trace fails it warns ("looks like it has unbuilt state") and the
// sublayers create their variables inside the first training step, which
// JAX rejects. It applies to both targets.
//
//	class Embed(keras.layers.Layer):
//	    def __init__(self):  self.emb = layers.Embedding(10, 4)
//	    def call(self, x):   return self.emb(x)     # flagged: add build()
//
// No fix: what to pass to each sublayer's build() depends on the layer.
var MissingBuild = &cellfix.Rule{
	Name:  "missing-build",
	Code:  "K408",
	Title: "Layer with sublayers but no `build()`",
	// The guide's example trains on Keras 3.10 and later on JAX (the
	// oldest release checked that runs with a current JAX) and on every
	// Keras 3 release checked on TensorFlow.
	FixedIn: cellfix.KerasVersion{Major: 3, Minor: 10},
	Run:     runMissingBuild,
}

func init() { register(MissingBuild) }

func runMissingBuild(p *cellfix.Pass) {
	m := p.Doc.Model()
	for _, kc := range m.KerasClassesIn(p.CellPos) {
		if kc.IsModel {
			continue
		}
		call := m.Method(kc, "call")
		if call == nil || m.InheritedMethod(kc, "build") != nil {
			continue
		}
		subs := p.Doc.Model().Sublayers(kc)
		if len(subs) == 0 {
			continue
		}
		var used []string
		seen := map[string]bool{}
		cellfix.WalkBody(call, func(n *cellfix.Node) bool {
			attr, ok := p.Doc.Model().SelfAttr(p.CellPos, call, n)
			if !ok || subs[attr] == nil || seen[attr] || isStatelessLayer(p, kc.Cell, subs[attr]) {
				return true
			}
			// A single layer counts when called; a list of layers whenever
			// call() reads it (to loop over it or index it).
			if inList(subs[attr]) || (n.Parent != nil && n.Parent.Type() == "call" && n.Field() == "function") {
				seen[attr] = true
				used = append(used, "`self."+attr+"`")
			}
			return true
		})
		if len(used) == 0 {
			continue
		}
		p.Reportf(kc.Node.Child("name"), nil, fmt.Sprintf("layer `%s` creates sublayers in `__init__` and calls them in `call()` but has no `build()`: Keras before 3.10 must build them by tracing `call()`, and where that fails they are created during training, which JAX rejects; add `def build(self, input_shape):` that builds %s", kc.Name, strings.Join(used, ", ")))
	}
}

// statelessLayers are built-in layers that create no variables, so leaving
// them unbuilt costs nothing (matched by name, or by the prefixes below).
var statelessLayers = map[string]bool{
	"Dropout": true, "AlphaDropout": true, "GaussianDropout": true, "GaussianNoise": true,
	"Flatten": true, "Reshape": true, "Permute": true, "RepeatVector": true, "Lambda": true,
	"Activation": true, "ReLU": true, "Softmax": true, "LeakyReLU": true, "ELU": true,
	"Resizing": true, "Rescaling": true, "CenterCrop": true, "Masking": true, "Identity": true,
	"ActivityRegularization": true, "Concatenate": true, "Add": true, "Subtract": true,
	"Multiply": true, "Average": true, "Maximum": true, "Minimum": true, "Dot": true,
}

var statelessLayerPrefixes = []string{
	"Random", "SpatialDropout", "MaxPool", "AveragePool", "AvgPool", "GlobalMaxPool",
	"GlobalAveragePool", "GlobalAvgPool", "Cropping", "ZeroPadding", "UpSampling",
}

// isStatelessLayer reports whether ctor builds a built-in Keras layer that
// has no weights (Dropout, RandomFlip, MaxPooling2D ...).
func isStatelessLayer(p *cellfix.Pass, cell int, ctor *cellfix.Node) bool {
	k := cellfix.KerasName(p.Doc.Model().Resolve(cell, ctor.Child("function")))
	name, ok := strings.CutPrefix(k, "keras.layers.")
	if !ok {
		return false
	}
	if statelessLayers[name] {
		return true
	}
	for _, prefix := range statelessLayerPrefixes {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// inList reports whether a sublayer constructor builds the items of a list.
func inList(ctor *cellfix.Node) bool {
	p := ctor.Parent
	return p != nil && (p.Type() == "list_comprehension" || p.Type() == "list" || p.Type() == "tuple")
}
