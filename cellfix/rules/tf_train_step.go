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
	reportTapeRuns(p)
	model := p.Doc.Model()
	for _, kc := range model.KerasClassesIn(p.CellPos) {
		if !kc.IsModel {
			continue
		}
		for _, method := range []string{"train_step", "test_step"} {
			fn := model.Method(kc, method)
			if fn == nil || dispatchesOnBackend(model, kc.Cell, fn) {
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

// dispatchesOnBackend reports whether a method, defined in the document's
// cell at position cell, already calls keras.backend.backend() (the guide's
// per-backend pattern). Its names resolve in its own cell, which for a
// model class of an earlier cell is not the cell being checked.
func dispatchesOnBackend(m *cellfix.Model, cell int, fn *cellfix.Node) bool {
	found := false
	fn.Walk(func(n *cellfix.Node) bool {
		if n.Type() == "call" {
			switch cellfix.KerasName(m.Resolve(cell, n.Child("function"))) {
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
		if n.Type() != "attribute" && n.Type() != "identifier" {
			return true
		}
		if n.Parent != nil && n.Parent.Type() == "attribute" {
			return n.Field() != "attribute" // the chain is handled at its top
		}
		if n.Type() == "identifier" && !isLoadIdentifier(n) {
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
	case n.Parent.Type() == "keyword_argument":
		return n.Field() == "value"
	case n.Parent.Type() == "function_definition" || n.Parent.Type() == "class_definition":
		return false
	case strings.Contains(n.Parent.Type(), "parameter"):
		return n.Field() == "value"
	}
	return true
}

// reportTapeRuns reports where the code runs gradient code built on
// tf.GradientTape, on the line that fails on JAX: fit()/evaluate() of a
// model whose train_step/test_step uses a tape, a call of a function that
// uses one, and tape.gradient() outside any function.
func reportTapeRuns(p *cellfix.Pass) {
	m := p.Doc.Model()
	const advice = "keep the TensorFlow backend for this code, or compute the gradients per backend " +
		"(`jax.grad` on JAX) or let `fit()` train the model (a custom `compute_loss` is backend-agnostic)"
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() != "call" {
			return true
		}
		fn := n.Child("function")
		switch {
		case fn == nil:
		case fn.Type() == "attribute":
			method := cellfix.CalledMethod(p.Cell, n)
			step := map[string]string{"fit": "train_step", "train_on_batch": "train_step",
				"evaluate": "test_step", "test_on_batch": "test_step"}[method]
			recv := fn.Child("object")
			if step != "" {
				kc := m.InstanceOf(p.CellPos, recv)
				if kc == nil || !kc.IsModel {
					return true
				}
				def := m.Method(kc, step)
				if def == nil || dispatchesOnBackend(m, kc.Cell, def) || !usesGradientTape(m, kc.Cell, def) {
					return true
				}
				p.Reportf(n, nil, fmt.Sprintf("`%s()` runs `%s.%s`, which computes gradients with `tf.GradientTape`: "+
					"only the TensorFlow backend can run it (on JAX, Keras calls `%s(state, data)` and it fails with a TypeError); %s",
					method, kc.Name, step, step, advice))
				return true
			}
			if method == "gradient" && recv != nil && recv.Type() == "identifier" && n.Ancestor("function_definition") == nil &&
				boundToTape(p, recv) {
				p.Reportf(n, nil, "`"+p.Text(fn)+"()` reads a `tf.GradientTape`, which records only TensorFlow operations: "+
					"on JAX it cannot differentiate the model's operations and fails; "+advice)
			}
		case fn.Type() == "identifier":
			if def, cell := topLevelFunction(p, p.Text(fn)); def != nil && n.Ancestor("function_definition") == nil &&
				usesGradientTape(m, cell, def) {
				p.Reportf(n, nil, "`"+p.Text(fn)+"` computes gradients with `tf.GradientTape`, which records only TensorFlow "+
					"operations: on JAX the call fails (a Keras model inside a `tf.function` or a tape needs the TensorFlow backend); "+advice)
			}
		}
		return true
	}, "call")
}

// usesGradientTape reports whether the definition def, in the cell at
// position cell, creates a tf.GradientTape.
func usesGradientTape(m *cellfix.Model, cell int, def *cellfix.Node) bool {
	found := false
	def.Walk(func(n *cellfix.Node) bool {
		if !found && n.Type() == "call" && m.Resolve(cell, n.Child("function")) == "tensorflow.GradientTape" {
			found = true
		}
		return !found
	})
	return found
}

// boundToTape reports whether the name recv is bound, in the pass's cell,
// by `with tf.GradientTape(...) as recv`.
func boundToTape(p *cellfix.Pass, recv *cellfix.Node) bool {
	name, found := p.Text(recv), false
	p.Each(func(n *cellfix.Node) bool {
		if found || n.Type() != "as_pattern" {
			return !found
		}
		call, alias := n.NamedChildren(), n.Child("alias")
		if len(call) > 0 && call[0].Type() == "call" && alias != nil && p.Text(alias) == name &&
			p.Resolve(call[0].Child("function")) == "tensorflow.GradientTape" {
			found = true
		}
		return !found
	}, "as_pattern")
	return found
}

// topLevelFunction returns the last module-level definition of a function
// name in the cells up to the pass's own, and its cell.
func topLevelFunction(p *cellfix.Pass, name string) (*cellfix.Node, int) {
	for i := p.CellPos; i >= 0; i-- {
		if defs := p.TopLevelFunctionsIn(i, name); len(defs) > 0 {
			return defs[len(defs)-1], i
		}
	}
	return nil, 0
}
