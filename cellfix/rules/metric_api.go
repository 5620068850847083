package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// MetricAPI reports Keras 2 metric API that Keras 3 dropped or changed:
// `metric.reset_states()` (now `reset_state()`), `model.metrics_names`
// (after evaluate, Keras 3 lists ['loss', 'compile_metrics']), one flat
// metrics list for a model with several outputs (Keras 3 wants one per
// output), and `add_metric()` in a layer (removed).
//
//	train_acc.reset_states()         →  train_acc.reset_state()
//	model.compile(loss=["mse", "mae"], metrics=["mae"])
//	→ model.compile(loss=["mse", "mae"], metrics=[["mae"], ["mae"]])
var MetricAPI = &cellfix.Rule{
	Name:    "metric-api",
	Code:    "K324",
	Title:   "Keras 2 metric API that Keras 3 dropped or changed",
	Fixable: true,
	Run:     runMetricAPI,
}

func init() { register(MetricAPI) }

func runMetricAPI(p *cellfix.Pass) {
	if p.Target == cellfix.TargetMulti {
		checkResultVariables(p)
	}
	p.Each(func(n *cellfix.Node) bool {
		switch n.Type() {
		case "call":
			fn := n.Child("function")
			if fn == nil || fn.Type() != "attribute" {
				return true
			}
			switch p.Text(fn.Child("attribute")) {
			case "reset_states":
				checkResetStates(p, n, fn)
			case "compile":
				checkMultiOutputMetrics(p, n, fn)
			case "add_metric":
				checkAddMetric(p, n, fn)
			}
		case "attribute":
			checkMetricsNames(p, n)
		}
		return true
	}, "call", "attribute")
}

// isKerasMetric reports whether n holds a Keras metric: a name or
// self.<attr> assigned from a keras.metrics class or a subclass of one.
func isKerasMetric(p *cellfix.Pass, n *cellfix.Node) bool {
	m := p.Doc.Model()
	values := m.SelfAttrValues(p.CellPos, n)
	if c, v := m.Unwrap(p.CellPos, n); v != nil && v != n {
		values = append(values, cellfix.Value{Cell: c, Node: v})
	}
	for _, v := range values {
		if v.Node.Type() != "call" {
			continue
		}
		for _, k := range m.ConstructedKerasNames(v.Cell, v.Node.Child("function")) {
			if last := k[strings.LastIndexByte(k, '.')+1:]; strings.HasPrefix(k, "keras.metrics.") && last != "" && last[0] >= 'A' && last[0] <= 'Z' {
				return true
			}
		}
	}
	return false
}

func checkResetStates(p *cellfix.Pass, call, fn *cellfix.Node) {
	obj := fn.Child("object")
	if !isKerasMetric(p, obj) {
		return
	}
	if c, v := p.Doc.Model().Unwrap(p.CellPos, obj); v != nil && v.Type() == "call" {
		// A subclass of the notebook that defines reset_states keeps it.
		if kc := p.Doc.Model().InstanceOf(c, v); kc != nil && p.Doc.Model().Method(kc, "reset_states") != nil {
			return
		}
	}
	p.Reportf(fn.Child("attribute"), &cellfix.Fix{Title: "Use `reset_state()`", Safety: cellfix.Safe,
		Edits: []cellfix.TextEdit{p.Replace(fn.Child("attribute"), "reset_state")}},
		"Keras 3 metrics have no `reset_states()` (AttributeError): it is `reset_state()`")
}

// checkMetricsNames reports model.metrics_names read on a Keras model.
func checkMetricsNames(p *cellfix.Pass, n *cellfix.Node) {
	obj, attr := n.Child("object"), n.Child("attribute")
	if obj == nil || attr == nil || p.Text(attr) != "metrics_names" {
		return
	}
	if n.Parent != nil && n.Parent.Type() == "assignment" && n.Field() == "left" {
		return
	}
	if p.Doc.Model().RoleOf(p.CellPos, obj) != cellfix.RoleModel {
		return
	}
	msg := "Keras 3's `metrics_names` lists metric objects, not results: after `compile(metrics=[...])` it is " +
		"['loss', 'compile_metrics'], so it no longer lines up with what `evaluate()` returns; " +
		"use `evaluate(..., return_dict=True)`, or `list(model.get_metrics_result())` for the result names in order"
	fix := &cellfix.Fix{Title: "Use `list(get_metrics_result())`", Safety: cellfix.Safe,
		Edits: []cellfix.TextEdit{p.Replace(n, fmt.Sprintf("list(%s.get_metrics_result())", p.Text(obj)))}}
	why := metricsNamesUnproven(p, n, obj)
	if why != "" {
		fix.Safety = cellfix.Unsafe
		why = "it names the results of the last fit or evaluate, and " + why
	}
	p.ReportFixSafetyOrWhy(n, fix, why, msg)
}

// metricsNamesUnproven says why list(model.get_metrics_result()) may not
// list what Keras 2's model.metrics_names did at read, or "" when it does.
// Checked on tf-keras 2.21 and Keras 3.15.1: after fit, evaluate,
// train_on_batch or test_on_batch of a model with one output, both list
// "loss" and then the compiled metrics by name, in order (strings, metric
// objects, functions, weighted metrics, regularizers alike). Before any of
// those Keras 2 lists nothing and Keras 3 raises; with several outputs the
// per-output losses come first in Keras 2 and last in Keras 3; a layer's
// add_metric() in two layer instances is listed twice by Keras 2 only.
func metricsNamesUnproven(p *cellfix.Pass, read, obj *cellfix.Node) string {
	if obj.Type() != "identifier" {
		return "the model is not a plain name"
	}
	m := p.Doc.Model()
	vc, v := m.Unwrap(p.CellPos, obj)
	if v == nil || v.Type() != "call" || !singleOutputModel(m, vc, v) {
		return "the model is not visibly a Sequential or single-output functional model"
	}
	if docCallsMethod(p, "add_metric") || docCallsMethod(p, "update_state") {
		return "this code updates metrics of its own (add_metric, update_state), which Keras 2 may list once per layer"
	}
	bc, binding := m.ValueOf(p.CellPos, obj)
	trained, name := false, p.Text(obj)
	p.CallsBefore(read, func(i int, c *cellfix.Cell, call *cellfix.Node) bool {
		fn := call.Child("function")
		if fn == nil || fn.Type() != "attribute" || fn.Child("object").Type() != "identifier" || c.Masked[fn.Child("object").Start():fn.Child("object").End()] != name {
			return true
		}
		if ic, iv := m.ValueOf(i, fn.Child("object")); ic != bc || iv != binding {
			return true // another model under the same name
		}
		switch method := cellfix.CalledMethod(c, call); {
		case method == "compile":
			trained = false // a new compile starts with no results
		case trainingCalls[method] && cellfix.RunsOnceInOrder(call):
			trained = true
		}
		return true
	})
	if !trained {
		return "no fit() or evaluate() of this model runs unconditionally before it"
	}
	if compiledOutOfOrder(p, name, bc, binding) {
		return "the model may be compiled in a function, branch or loop, which may run between the training and this read"
	}
	return ""
}

// compiledOutOfOrder reports whether a compile() that is not straight-line
// module code may compile the model bound to binding (in the cell at
// position cell): a function defined before the training and called after
// it would reset the results, and the order of calls does not show it.
// Ruled out are only compiles of another name that is not a parameter
// (so the model cannot be passed in), or of a name visibly bound to
// another model.
func compiledOutOfOrder(p *cellfix.Pass, name string, cell int, binding *cellfix.Node) bool {
	m := p.Doc.Model()
	found := false
	p.DocumentCalls(func(i int, c *cellfix.Cell, call *cellfix.Node) bool {
		if cellfix.CalledMethod(c, call) != "compile" || cellfix.RunsOnceInOrder(call) {
			return true
		}
		if obj := call.Child("function").Child("object"); obj != nil && obj.Type() == "identifier" {
			recv := c.Masked[obj.Start():obj.End()]
			vc, v := m.ValueOf(i, obj)
			switch {
			case v != nil && (vc != cell || v != binding):
				return true // another model
			case v == nil && recv != name && !isParameter(c, call, recv):
				return true // another name, not the model passed in
			}
		}
		found = true
		return false
	})
	return found
}

// isParameter reports whether name is among the parameters of a function
// or lambda that encloses n (default values count too: a conservative
// answer).
func isParameter(c *cellfix.Cell, n *cellfix.Node, name string) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type() != "function_definition" && a.Type() != "lambda" {
			continue
		}
		if params := a.Child("parameters"); params != nil && holdsIdentifier(c, params, name) {
			return true
		}
	}
	return false
}

// holdsIdentifier reports whether the identifier name occurs in n.
func holdsIdentifier(c *cellfix.Cell, n *cellfix.Node, name string) bool {
	if n.Type() == "identifier" && c.Masked[n.Start():n.End()] == name {
		return true
	}
	for _, ch := range n.NamedChildren() {
		if holdsIdentifier(c, ch, name) {
			return true
		}
	}
	return false
}

// singleOutputModel reports whether call (of the cell at position cell)
// builds a Keras model with one output: a Sequential, or a functional
// model given one output tensor.
func singleOutputModel(m *cellfix.Model, cell int, call *cellfix.Node) bool {
	switch cellfix.KerasName(m.Resolve(cell, call.Child("function"))) {
	case "keras.Sequential", "keras.models.Sequential":
		return true
	}
	return m.FunctionalOutputs(cell, call) == 1
}

// checkMultiOutputMetrics reports compile(metrics=[...]) with one flat list
// on a model with several outputs.
func checkMultiOutputMetrics(p *cellfix.Pass, call, fn *cellfix.Node) {
	args := p.Args(call)
	metrics := args.Keyword["metrics"]
	if metrics == nil || args.List == nil {
		return
	}
	list := metrics.Child("value")
	if list == nil || list.Type() != "list" {
		return
	}
	items := cellfix.NonComments(list.NamedChildren())
	if len(items) == 0 {
		return
	}
	for _, it := range items {
		if it.Type() == "list" || it.Type() == "dictionary" || it.Type() == "none" {
			return // already per output
		}
	}
	outputs := 0
	obj := fn.Child("object")
	if obj.Type() == "identifier" {
		outputs = p.Doc.Model().ModelOutputs(p.CellPos, p.Text(obj))
	}
	if loss := args.Value(1, "loss"); outputs == 0 && loss != nil && loss.Type() == "list" {
		outputs = len(cellfix.NonComments(loss.NamedChildren()))
	}
	// A list as long as the outputs runs on Keras 3, one metric per output
	// (the migration guide writes it so): only a length mismatch fails.
	if outputs < 2 || len(items) == outputs || p.Doc.Model().RoleOf(p.CellPos, obj) != cellfix.RoleModel {
		return
	}
	if obj.Type() == "identifier" {
		reportTrainingCalls(p, call, p.Text(obj))
	}
	msg := fmt.Sprintf("this model has %d outputs: Keras 2 applied a flat `metrics` list to each of them, "+
		"Keras 3 matches the list against the outputs and fails (\"tuple arity mismatch\"); give one list per output", outputs)
	for _, it := range items {
		if it.Type() != "string" {
			p.Reportf(metrics, nil, msg+" (metric objects cannot be shared between outputs: create one per output)")
			return
		}
	}
	per := make([]string, outputs)
	for i := range per {
		per[i] = p.Text(list)
	}
	p.Reportf(metrics, &cellfix.Fix{Title: "Give each output the metrics", Safety: cellfix.Safe,
		Edits: []cellfix.TextEdit{p.Replace(list, "["+strings.Join(per, ", ")+"]")}}, msg)
}

// checkAddMetric reports add_metric() on a Keras layer or model.
func checkAddMetric(p *cellfix.Pass, call, fn *cellfix.Node) {
	if !p.Doc.Model().RoleOf(p.CellPos, fn.Child("object")).IsLayer() {
		return
	}
	fix, why := addMetricFix(p, call)
	p.ReportFixSafetyOrWhy(call, fix, why, "Keras 3 removed `add_metric()` (NotImplementedError): create a `keras.metrics.Mean` (or other metric) "+
		"in the layer's `__init__` and call its `update_state()` in `call()`; on TensorFlow, Keras 3 reports it with the model's metrics")
}

// trainingCalls are where Keras 3 matches compiled metrics against outputs.
var trainingCalls = map[string]bool{"fit": true, "evaluate": true, "train_on_batch": true, "test_on_batch": true}

// reportTrainingCalls reports, after compile (call), the training calls on
// the model named model: Keras 3 raises there, not at compile.
func reportTrainingCalls(p *cellfix.Pass, compile *cellfix.Node, model string) {
	line, _ := p.Cell.Position(compile.Start())
	p.CallsAfter(compile, func(i int, c *cellfix.Cell, n *cellfix.Node) bool {
		fn := n.Child("function")
		if fn == nil || fn.Type() != "attribute" || fn.Child("object").Type() != "identifier" || c.Masked[fn.Child("object").Start():fn.Child("object").End()] != model {
			return true
		}
		method := cellfix.CalledMethod(c, n)
		if method == "compile" {
			return false // later training uses that compile's metrics
		}
		if !trainingCalls[method] {
			return true
		}
		where := p.LineRef(i, line)
		p.Report(cellfix.Diagnostic{Start: c.Offset + n.Start(), End: c.Offset + fn.End(),
			Message: fmt.Sprintf("fails on Keras 3 (\"tuple arity mismatch\"): the flat `metrics` list compiled at %s "+
				"does not match this model's outputs; the fix there gives each output its own list", where)})
		return true
	})
}

// checkResultVariables reports, on the multi target, `return self.w` in the
// result() of a Keras metric subclass where self.w is a weight of the
// metric (self.add_weight): on JAX, fit() and evaluate() compute results in
// a traced function, which cannot take a Keras variable as a value and
// fails ("Triggering __jax_array__() during abstractification"). The fix
// returns its value as a tensor.
func checkResultVariables(p *cellfix.Pass) {
	p.Walk(func(class *cellfix.Node) bool {
		if class.Type() != "class_definition" {
			return true
		}
		isMetric := false
		for _, b := range class.Child("superclasses").NamedChildren() {
			isMetric = isMetric || cellfix.KerasName(p.Resolve(b)) == "keras.metrics.Metric"
		}
		var result *cellfix.Node
		if body := class.Child("body"); isMetric && body != nil {
			for _, stmt := range body.NamedChildren() {
				if stmt.Type() == "decorated_definition" {
					stmt = stmt.Child("definition")
				}
				if stmt != nil && stmt.Type() == "function_definition" && p.Text(stmt.Child("name")) == "result" {
					result = stmt
				}
			}
		}
		if result == nil {
			return true
		}
		name := p.Text(class.Child("name"))
		weights := metricWeights(p, class)
		result.Walk(func(n *cellfix.Node) bool {
			if n.Type() != "return_statement" {
				return true
			}
			kids := n.NamedChildren()
			if len(kids) != 1 || kids[0].Type() != "attribute" || !weights[p.Text(kids[0])] {
				return false
			}
			msg := fmt.Sprintf("`result()` of `%s` returns the metric's variable `%s`: on JAX, `fit()` and `evaluate()` "+
				"fail with \"Triggering __jax_array__() during abstractification\"; return its value as a tensor", name, p.Text(kids[0]))
			ops, imports := p.ModuleName("keras.ops")
			if ops == "" {
				p.Reportf(kids[0], nil, msg+" (`keras.ops.convert_to_tensor(...)`)")
				return false
			}
			fix := &cellfix.Fix{Title: "Return `" + ops + ".convert_to_tensor(...)`", Safety: cellfix.Unsafe, Imports: imports,
				Edits: []cellfix.TextEdit{p.Replace(kids[0], ops+".convert_to_tensor("+p.Text(kids[0])+")")}}
			p.Reportf(kids[0], fix, msg+": `"+ops+".convert_to_tensor(...)`")
			return false
		})
		return false
	})
}

// metricWeights returns the `self.NAME` texts a class assigns from
// self.add_weight(...).
func metricWeights(p *cellfix.Pass, class *cellfix.Node) map[string]bool {
	out := map[string]bool{}
	class.Walk(func(n *cellfix.Node) bool {
		if n.Type() != "assignment" {
			return true
		}
		left, right := n.Child("left"), n.Child("right")
		if left == nil || right == nil || left.Type() != "attribute" || right.Type() != "call" {
			return true
		}
		if obj := left.Child("object"); obj == nil || p.Text(obj) != "self" {
			return true
		}
		if fn := right.Child("function"); fn != nil && fn.Type() == "attribute" && p.Text(fn) == "self.add_weight" {
			out[p.Text(left)] = true
		}
		return true
	})
	return out
}
