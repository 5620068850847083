package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/opmap"
)

// TFOpOnKerasTensor finds TensorFlow functions applied to symbolic Keras
// tensors while a functional model is being built, outside any layer.
//
// In Keras 2 a symbolic tensor was a TensorFlow tensor, so tf.squeeze(x)
// just added a node to the graph. A Keras 3 KerasTensor is a placeholder
// that only Keras layers and keras.ops accept: "A KerasTensor cannot be
// used as input to a TensorFlow function".
//
//	x = keras.Input((2, 2, 1))
//	y = tf.squeeze(x)        →  y = keras.ops.squeeze(x)
//
// The replacement and its safety come from the shared op table (opmap.tsv):
// safe where keras.ops has an exact equivalent; otherwise the message says
// to move the TensorFlow code into a layer.
var TFOpOnKerasTensor = &cellfix.Rule{
	Name:    "tf-op-on-keras-tensor",
	Code:    "K404",
	Title:   "TensorFlow op applied to a symbolic Keras tensor",
	Fixable: true,
	Run:     runTFOpOnKerasTensor,
}

func init() { register(TFOpOnKerasTensor) }

func runTFOpOnKerasTensor(p *cellfix.Pass) {
	m := p.Doc.Model()
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() != "call" {
			return true
		}
		q := p.Doc.Model().TFCallee(p.CellPos, n)
		if q == "" {
			return true
		}
		var symbolic *cellfix.Node
		for _, a := range n.Child("arguments").NamedChildren() {
			if a.Type() == "keyword_argument" {
				a = a.Child("value")
			}
			if a != nil && m.HoldsSymbolic(p.CellPos, a) {
				symbolic = a
				break
			}
		}
		if symbolic == nil {
			return true
		}
		fn := p.Text(n.Child("function"))
		msg := fmt.Sprintf("`%s` is applied to the symbolic Keras tensor `%s`; Keras 3 rejects it (\"A KerasTensor cannot be used as input to a TensorFlow function\")", fn, p.Text(symbolic))
		fix, advice := kerasOpsFix(p, n, q)
		if m, ok := opmap.For(q); ok && fix != nil && symbolicShapeArgument(p, n, symbolic, m) {
			fix, advice = nil, fmt.Sprintf("`%s` needs a static shape, and a shape read from a symbolic tensor is unknown (None) until the model runs: move this code into the `call()` of a custom layer, where it gets real tensors", m.Keras)
		}
		if fix != nil && fix.Safety == cellfix.Unsafe && integerOnlyDifference[q] && floatLayerOutput(p, symbolic) {
			// The row differs from TensorFlow only on integer tensors.
			fix.Safety = cellfix.Safe
		}
		p.Reportf(n, fix, msg+"; "+advice)
		return true
	}, "call")
}

// integerOnlyDifference are the op table's unsafe rows whose only
// difference from TensorFlow is on integer tensors (the integer mean):
// tests/opmap/test_opmap_numeric.py checks that they agree on floats.
var integerOnlyDifference = map[string]bool{"tensorflow.reduce_mean": true, "tensorflow.math.reduce_mean": true}

// floatOutputLayers are built-in layers whose output is always in the
// float compute dtype (float32 unless a dtype policy says otherwise).
var floatOutputLayers = map[string]bool{
	"Dense": true, "EinsumDense": true, "Conv1D": true, "Conv2D": true, "Conv3D": true,
	"Conv1DTranspose": true, "Conv2DTranspose": true, "Conv3DTranspose": true,
	"SeparableConv1D": true, "SeparableConv2D": true, "DepthwiseConv1D": true, "DepthwiseConv2D": true,
	"LSTM": true, "GRU": true, "SimpleRNN": true, "Embedding": true,
	"BatchNormalization": true, "LayerNormalization": true,
}

// floatLayerOutput reports whether n is, or is a name assigned from, the
// output of a float-output layer called on something (`Conv2D(4, 3)(x)`)
// with no dtype argument, in a notebook that sets no dtype policy (mixed
// precision would make the output float16, which keras.ops.mean averages in
// float32).
func floatLayerOutput(p *cellfix.Pass, n *cellfix.Node) bool {
	m := p.Doc.Model()
	cell, v := m.Unwrap(p.CellPos, n)
	if v == nil || v.Type() != "call" {
		return false
	}
	cell, ctor := m.Unwrap(cell, v.Child("function"))
	if ctor == nil || ctor.Type() != "call" || cellfix.ArgsOf(p.Doc.Cells[cell], ctor).Keyword["dtype"] != nil {
		return false
	}
	float := false
	for _, k := range m.ConstructedKerasNames(cell, ctor.Child("function")) {
		float = float || (strings.HasPrefix(k, "keras.layers.") && floatOutputLayers[k[len("keras.layers."):]])
	}
	if !float {
		return false
	}
	return !setsDtypePolicy(p.Doc)
}

// kerasOpsFix rewrites call to its keras.ops counterpart from the op table
// (opmap.tsv), with the row's safety, and says what to do; without a
// usable row the TensorFlow code has to move into a layer.
func kerasOpsFix(p *cellfix.Pass, call *cellfix.Node, q string) (*cellfix.Fix, string) {
	const moveToLayer = "move this code into the `call()` of a custom layer, where it gets real tensors"
	m, ok := opmap.For(q)
	if !ok || m.Value || m.ReportOnly || m.Keras == "" {
		return nil, "no `keras.ops` function is an exact equivalent, so " + moveToLayer
	}
	edits, reason := opmap.RewriteCall(p, call, m)
	if reason != "" {
		return nil, fmt.Sprintf("`%s` needs a hand edit because %s; or %s", m.Keras, reason, moveToLayer)
	}
	advice := fmt.Sprintf("use `%s`", m.Keras)
	if m.Safety == cellfix.Unsafe && m.Note != "" {
		advice += " (check: " + m.Note + ")"
	}
	return &cellfix.Fix{Title: "Use `" + m.Keras + "`", Safety: m.Safety, Edits: edits, Imports: []cellfix.Import{{Module: "keras"}}}, advice
}

// symbolicShapeArgument reports whether the symbolic argument of call
// becomes the shape parameter of the Keras op (tf.fill's dims, tf.zeros's
// shape): Keras ops that create tensors take a static shape, and
// keras.ops.shape of a symbolic tensor gives None for the batch size.
func symbolicShapeArgument(p *cellfix.Pass, call, symbolic *cellfix.Node, m opmap.Mapping) bool {
	tfParam := ""
	if symbolic.Parent != nil && symbolic.Parent.Type() == "keyword_argument" {
		tfParam = p.Text(symbolic.Parent.Child("name"))
	} else {
		i := 0
		for _, a := range call.Child("arguments").NamedChildren() {
			if a.Type() == "keyword_argument" || a.Type() == "comment" || a.Type() == "list_splat" || a.Type() == "dictionary_splat" {
				continue
			}
			if a == symbolic {
				if prm, ok := m.ParamAt(i); ok {
					tfParam = prm.Name
				}
				break
			}
			i++
		}
	}
	to, ok := m.Target(tfParam)
	return tfParam != "" && ok && to == "shape"
}
