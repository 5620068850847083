package rules

import (
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// This file holds metric-api's fix for `self.add_metric(value, name=...)`
// in call(). Keras 2 kept a Mean of the values, one update per call
// (aggregation="mean" or none: both, checked on tf-keras 2.21). Keras
// 3.15.1 on TensorFlow reports a keras.metrics.Mean that a layer holds as
// an attribute in fit() and evaluate() logs under its name, so the fix
// creates one in __init__ and updates it in call(). For a layer (not a
// model) tests/keras2vs3/test_add_metric.py shows the same history keys
// and values, evaluate() results and weights as Keras 2, in functional,
// Sequential and subclassed models, with the layer shared or used twice,
// and after direct calls of the model: the fix is safe there.

// addMetricFix returns the fix for the add_metric call (safe in a
// layer, unsafe in a model, with why), or nil and why there is none.
func addMetricFix(p *cellfix.Pass, call *cellfix.Node) (*cellfix.Fix, string) {
	if p.Target == cellfix.TargetMulti {
		return nil, "on JAX, Keras 3.15.1 raises TypeError when `call()` updates a metric, so it has to be computed in `compute_metrics()` or a custom `train_step()`"
	}
	m := p.Doc.Model()
	method, _ := m.EnclosingMethod(call)
	kc := m.EnclosingKerasClass(p.CellPos, call)
	stmt := call.Parent
	if method == nil || kc == nil || p.Text(method.Child("name")) != "call" || stmt == nil || stmt.Type() != "expression_statement" {
		return nil, "it is not a statement of a layer's `call()`"
	}
	self := m.SelfName(p.CellPos, method)
	if obj := call.Child("function").Child("object"); self == "" || obj.Type() != "identifier" || p.Text(obj) != self {
		return nil, "it is not called on the layer itself"
	}
	args := p.Args(call)
	value, name, aggregation := args.Value(0, "value"), args.Value(1, "name"), args.Value(2, "aggregation")
	if args.Splat || len(args.All) != len(args.Positional)+len(args.Keyword) || len(args.All) > 3 || value == nil || name == nil {
		return nil, "its arguments are not a value, a name and an aggregation"
	}
	metric, ok := p.Doc.Model().StringValue(p.CellPos, name)
	if !ok || name.Type() != "string" {
		return nil, "the metric's name is not a string literal"
	}
	if aggregation != nil && p.Text(aggregation) != `"mean"` && p.Text(aggregation) != `'mean'` {
		return nil, "its aggregation is not the mean"
	}
	attr := metricAttribute(metric)
	if attr == "" || strings.Contains(p.Text(kc.Node), "."+attr) {
		return nil, "the metric's name gives no free attribute name"
	}
	metrics, imports := p.ModuleName("keras.metrics")
	if metrics == "" {
		return nil, "the name `keras` means something else here"
	}
	create := self + "." + attr + " = " + metrics + ".Mean(name=" + p.Text(name) + ")"
	fix := &cellfix.Fix{Title: "Track the value in a `keras.metrics.Mean` held by the layer", Safety: cellfix.Safe, Imports: imports,
		Edits: []cellfix.TextEdit{p.Replace(call, self+"."+attr+".update_state("+p.Text(value)+")")}}
	unsafe := ""
	if kc.IsModel {
		fix.Safety, unsafe = cellfix.Unsafe, "it is in a model's own `call()`, and only layers were checked against Keras 2"
	}
	if unsafe == "" && stmt.Parent != method.Child("body") {
		fix.Safety, unsafe = cellfix.Unsafe, "the `add_metric()` does not run on every call (it is under an `if`, a loop, a `try` or a `with`), "+
			"and the fix was checked against Keras 2 only where it runs on every call (a metric Keras 2 never saw may still be logged)"
	}
	if init := m.Method(kc, "__init__"); init != nil {
		superInit := superInitStatement(p, init)
		if superInit == nil {
			return nil, "`__init__` does not call the base class's `__init__` as a statement of its own"
		}
		edit, ok := p.Edit().InsertStatementAfter(superInit, create)
		if !ok {
			return nil, "`__init__` does not call the base class's `__init__` as a statement of its own"
		}
		fix.Edits = append(fix.Edits, edit)
		return fix, unsafe
	}
	// The new __init__ goes after the class's last statement: blank lines
	// that follow the class can then hold it, so the cell keeps its line
	// numbers when the kernel runs it.
	body := cellfix.NonComments(kc.Node.Child("body").NamedChildren())
	if len(body) == 0 {
		return nil, "the class has no statement to put `__init__` after"
	}
	last := body[len(body)-1]
	indent := p.Cell.Text[p.Cell.LineStart(last.Start()):last.Start()]
	if strings.TrimSpace(indent) != "" {
		return nil, "the class body shares a line with other code"
	}
	at := len(p.Cell.Text)
	if nl := strings.IndexByte(p.Cell.Text[last.End():], '\n'); nl >= 0 {
		at = last.End() + nl
	}
	fix.Edits = append(fix.Edits, p.Edit().ReplaceRange(at, at, "\n\n"+indent+"def __init__("+self+", *args, **kwargs):\n"+
		indent+"    super().__init__(*args, **kwargs)\n"+indent+"    "+create))
	if unsafe == "" && blankLinesAfter(p.Cell.Text, at) < 2 {
		fix.Safety = cellfix.Unsafe
		unsafe = "it writes an `__init__`, and fewer than two blank lines follow the class to hold it, " +
			"so the cell would not keep its line numbers"
	}
	return fix, unsafe
}

// blankLinesAfter counts the blank lines that follow the line ending at
// offset at (a newline or the end of text).
func blankLinesAfter(text string, at int) int {
	n := 0
	for at < len(text) {
		rest := text[at+1:]
		line := rest
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			line = rest[:nl]
		} else if strings.TrimSpace(line) == "" {
			return n // the text's last line, empty: no line of its own
		}
		if strings.TrimSpace(line) != "" {
			return n
		}
		n++
		at += len(line) + 1
	}
	return n
}

// metricAttribute turns a metric's name into an attribute name:
// "mean_activation" → "mean_activation_metric"; "" when it has no letters.
func metricAttribute(name string) string {
	if id := cellfix.PythonIdentifier(name); id != "" {
		return id + "_metric"
	}
	return ""
}

// superInitStatement returns the statement of method init's body that
// calls a base class's __init__ (super().__init__(...) or
// Base.__init__(self, ...)), or nil.
func superInitStatement(p *cellfix.Pass, init *cellfix.Node) *cellfix.Node {
	for _, stmt := range init.Child("body").NamedChildren() {
		if stmt.Type() != "expression_statement" {
			continue
		}
		if call := stmt.NamedChildren()[0]; call.Type() == "call" && cellfix.CalledMethod(p.Cell, call) == "__init__" {
			return stmt
		}
	}
	return nil
}
