package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/opmap"
)

// TFTrainStep reports train_step and test_step overrides in Keras models
// that rely on TensorFlow-only APIs, most often tf.GradientTape.
//
// Keras 3 computes gradients differently on each backend (a GradientTape on
// TensorFlow, jax.value_and_grad on JAX, loss.backward() on PyTorch), so a
// train_step built around a tape trains only on TensorFlow. There is no
// mechanical fix: when only the loss is custom, overriding compute_loss is
// backend-agnostic; otherwise the model needs one train step per backend,
// chosen with keras.backend.backend(). Methods that already dispatch that
// way are not reported, and TensorFlow ops that tf-op-to-keras-ops can
// rewrite do not count.
var TFTrainStep = &cellfix.Rule{
	Name:      "tf-train-step",
	Code:      "K502",
	Title:     "`train_step`/`test_step` built on TensorFlow-only APIs",
	MultiOnly: true,
	Run:       runTFTrainStep,
}

func init() { register(TFTrainStep) }

func runTFTrainStep(p *cellfix.Pass) {
	model := p.Doc.Model()
	for _, kc := range model.KerasClassesIn(p.CellPos) {
		if !kc.IsModel {
			continue
		}
		for _, method := range []string{"train_step", "test_step"} {
			fn := model.Method(kc, method)
			if fn == nil || dispatchesOnBackend(p, fn) {
				continue
			}
			used := tfOnlyNames(p, fn.Child("body"))
			if len(used) == 0 {
				continue
			}
			alternative := "override `compute_loss(x, y, y_pred, sample_weight)` instead"
			if method == "test_step" {
				alternative = "override `compute_loss` or `compute_metrics` instead"
			}
			p.Reportf(fn.Child("name"), nil, fmt.Sprintf(
				"`%s` of `%s` uses TensorFlow-only APIs (%s), so the model runs it only on the TensorFlow backend: "+
					"if only the loss is custom, %s; otherwise write one %s per backend and choose it with `keras.backend.backend()`",
				method, kc.Name, strings.Join(used, ", "), alternative, method))
		}
	}
}

// dispatchesOnBackend reports whether a method already calls
// keras.backend.backend() (the guide's per-backend pattern).
func dispatchesOnBackend(p *cellfix.Pass, fn *cellfix.Node) bool {
	found := false
	fn.Walk(func(n *cellfix.Node) bool {
		if n.Type == "call" {
			switch cellfix.KerasName(p.Resolve(n.Child("function"))) {
			case "keras.backend.backend", "keras.config.backend":
				found = true
			}
		}
		return !found
	})
	return found
}

// tfOnlyNames lists, as written and without repeats, the TensorFlow names
// used in body that tf-op-to-keras-ops cannot rewrite.
func tfOnlyNames(p *cellfix.Pass, body *cellfix.Node) []string {
	var names []string
	seen := map[string]bool{}
	body.Walk(func(n *cellfix.Node) bool {
		if n.Type != "attribute" && n.Type != "identifier" {
			return true
		}
		if n.Parent != nil && n.Parent.Type == "attribute" {
			return n.Field != "attribute" // the chain is handled at its top
		}
		if n.Type == "identifier" && !isLoadIdentifier(n) {
			return false
		}
		q := cellfix.TensorFlowName(p.Resolve(n))
		if q == "" {
			return true
		}
		if m, ok := opmap.For(q); ok && (m.Value || !m.ReportOnly) {
			return false // tf-op-to-keras-ops rewrites it
		}
		written := "`" + cellfix.OneLine(p.Text(n)) + "`"
		if !seen[written] {
			seen[written] = true
			names = append(names, written)
		}
		return false
	})
	return names
}

// isLoadIdentifier reports whether an identifier stands for a value rather
// than naming a keyword argument, parameter or definition.
func isLoadIdentifier(n *cellfix.Node) bool {
	switch {
	case n.Parent == nil:
		return true
	case n.Parent.Type == "keyword_argument":
		return n.Field == "value"
	case n.Parent.Type == "function_definition" || n.Parent.Type == "class_definition":
		return false
	case strings.Contains(n.Parent.Type, "parameter"):
		return n.Field == "value"
	}
	return true
}
