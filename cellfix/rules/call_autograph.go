package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// CallAutograph finds Python control flow on tensors inside call() of a
// Keras layer or model that is not decorated with @tf.function.
//
// Keras 2 ran call() through AutoGraph, which turned `if tensor > 0:` into
// tf.cond. Keras 3 does not, so the same code raises
// OperatorNotAllowedInGraphError ("Using a symbolic tf.Tensor as a Python
// bool is not allowed") once the model is compiled.
//
//	def call(self, inputs):
//	    if tf.random.uniform(()) > 0.5:   # flagged
//
// The fix (unsafe; target tf only) decorates call with @tf.function; the
// message also names keras.ops.cond / while_loop / fori_loop, which work on
// every backend.
var CallAutograph = &cellfix.Rule{
	Name:    "call-autograph",
	Code:    "K403",
	Title:   "Python control flow on tensors in `call()` without `@tf.function`",
	Fixable: true,
	Run:     runCallAutograph,
}

func init() { register(CallAutograph) }

// tfPythonValued are TensorFlow functions that return Python values, so a
// condition on them is fine in a graph.
var tfPythonValued = map[string]bool{
	"tensorflow.executing_eagerly":  true,
	"tensorflow.is_tensor":          true,
	"tensorflow.get_static_value":   true,
	"tensorflow.as_dtype":           true,
	"tensorflow.TensorShape":        true,
	"tensorflow.is_symbolic_tensor": true,
}

var tfPythonValuedModules = []string{"tensorflow.config.", "tensorflow.distribute.", "tensorflow.test.", "tensorflow.dtypes."}

// pythonValuedBuiltins take tensors but return Python values.
var pythonValuedBuiltins = map[string]bool{
	"len": true, "isinstance": true, "hasattr": true, "getattr": true, "type": true,
	"callable": true, "id": true, "str": true, "repr": true, "print": true,
}

// staticTensorAttrs are tensor attributes that hold Python values in a graph.
var staticTensorAttrs = map[string]bool{"shape": true, "ndim": true, "dtype": true, "name": true, "get_shape": true}

func runCallAutograph(p *cellfix.Pass) {
	m := p.Doc.Model()
	for _, kc := range m.KerasClassesIn(p.CellPos) {
		call := m.Method(kc, "call")
		if call == nil || p.Doc.Model().DecoratedWithTFFunction(p.CellPos, call) || convertedExplicitly(p, kc) {
			continue
		}
		var fix *cellfix.Fix
		flagged := false
		tensors := tensorParams(p, call)
		cellfix.WalkBody(call, func(n *cellfix.Node) bool {
			var cond *cellfix.Node
			kind := ""
			switch n.Type {
			case "assignment":
				if left := n.Child("left"); left != nil && left.Type == "identifier" {
					tensors[p.Text(left)] = dependsOnTensor(p, tensors, n.Child("right"))
				}
			case "if_statement", "elif_clause":
				cond, kind = n.Child("condition"), "if"
			case "while_statement":
				cond, kind = n.Child("condition"), "while"
			case "for_statement":
				cond, kind = n.Child("right"), "for"
			case "conditional_expression":
				if named := n.NamedChildren(); len(named) == 3 {
					cond, kind = named[1], "if"
				}
			}
			if cond == nil || !dependsOnTensor(p, tensors, cond) {
				return true
			}
			if !flagged {
				if declaresDynamic(p, kc) || runsEagerly(p, kc) {
					// A dynamic layer ran eagerly in Keras 2 too
					// (removed-api reports it); an eager model never
					// traces call().
					return false
				}
				fix = autographFix(p, call)
				flagged = true
			}
			alt := map[string]string{"if": "keras.ops.cond", "while": "keras.ops.while_loop", "for": "keras.ops.fori_loop"}[kind]
			p.Reportf(cond, fix, fmt.Sprintf("Python `%s` on a tensor in `%s.call`: Keras 3 no longer runs `call` through AutoGraph, so this fails in a compiled graph; decorate `call` with `@tf.function`, or use `%s` for backend-agnostic code", kind, kc.Name, alt))
			return true
		})
	}
}

// graphConverters turn a Python function into one AutoGraph converts.
var graphConverters = map[string]bool{
	"tensorflow.autograph.to_graph": true, "tensorflow.compat.v1.autograph.to_graph": true,
	"tensorflow.function": true, "tensorflow.compat.v1.function": true,
}

// convertedExplicitly reports whether the code replaces the class's call
// with an AutoGraph-converted one, which Keras 3 then runs as converted:
// `Cls.call = tf.autograph.to_graph(Cls.call)` or `tf.function(...)` after
// the class, or `self.call = tf.function(self.call)` in one of its
// methods. (`self.call = tf.autograph.to_graph(self.call)` is not: the
// converted bound method takes self again, and Keras 3 rejects it.)
func convertedExplicitly(p *cellfix.Pass, kc *cellfix.KerasClass) bool {
	m := p.Doc.Model()
	found := false
	for i := kc.Cell; i < len(p.Doc.Cells) && !found; i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if found || n.Type != "assignment" {
				return !found
			}
			left, right := n.Child("left"), n.Child("right")
			if left == nil || right == nil || left.Type != "attribute" || right.Type != "call" {
				return true
			}
			obj, attr := left.Child("object"), left.Child("attribute")
			if obj == nil || attr == nil || obj.Type != "identifier" || c.Masked[attr.Start:attr.End] != "call" {
				return true
			}
			q := m.Resolve(i, right.Child("function"))
			if !graphConverters[q] {
				return true
			}
			switch owner := c.Masked[obj.Start:obj.End]; {
			case owner == kc.Name && n.Ancestor("class_definition") == nil:
				found = true
			case owner == "self" && !strings.HasSuffix(q, "to_graph") && i == kc.Cell && n.Start >= kc.Node.Start && n.End <= kc.Node.End:
				found = true
			}
			return true
		})
	}
	return found
}

// tensorParams are call()'s parameters that may hold tensors: all but
// self, training, and those whose default is a Python literal flag.
func tensorParams(p *cellfix.Pass, fn *cellfix.Node) map[string]bool {
	out := map[string]bool{}
	for i, prm := range fn.Child("parameters").NamedChildren() {
		if i == 0 {
			continue // self
		}
		var name *cellfix.Node
		switch prm.Type {
		case "identifier":
			name = prm
		case "default_parameter", "typed_default_parameter":
			switch v := prm.Child("value"); v.Type {
			case "true", "false", "integer", "float", "string":
				continue
			}
			name = prm.Child("name")
		case "typed_parameter":
			for _, ch := range prm.NamedChildren() {
				if ch.Type == "identifier" {
					name = ch
					break
				}
			}
		}
		if name != nil && p.Text(name) != "training" {
			out[p.Text(name)] = true
		}
	}
	return out
}

// dependsOnTensor reports whether evaluating n as a Python value needs a
// tensor's value: a TensorFlow or keras.ops call, or a use of a name that
// holds a tensor, other than through its static attributes (shape, dtype),
// identity tests (is None) or Python built-ins (len, isinstance).
func dependsOnTensor(p *cellfix.Pass, tensors map[string]bool, n *cellfix.Node) bool {
	if n == nil {
		return false
	}
	switch n.Type {
	case "identifier":
		return tensors[p.Text(n)]
	case "attribute":
		if attr := n.Child("attribute"); attr != nil && staticTensorAttrs[p.Text(attr)] {
			return false
		}
		return dependsOnTensor(p, tensors, n.Child("object"))
	case "comparison_operator":
		for _, ch := range n.Children {
			switch ch.Type {
			case "is", "is not", "in", "not in":
				return false
			}
		}
	case "call":
		fn := n.Child("function")
		q := p.Resolve(fn)
		if q != "" {
			if strings.HasPrefix(q, "tensorflow.") && cellfix.KerasName(q) == "" {
				if tfPythonValued[q] {
					return false
				}
				for _, mod := range tfPythonValuedModules {
					if strings.HasPrefix(q, mod) {
						return false
					}
				}
				return true
			}
			k := cellfix.KerasName(q)
			if strings.HasPrefix(k, "keras.ops.") || strings.HasPrefix(k, "keras.random.") {
				return true
			}
		}
		if fn != nil && fn.Type == "identifier" && pythonValuedBuiltins[p.Text(fn)] {
			return false
		}
	case "lambda", "string", "integer", "float", "true", "false", "none":
		return false
	}
	for _, ch := range n.NamedChildren() {
		if dependsOnTensor(p, tensors, ch) {
			return true
		}
	}
	return false
}

// autographFix decorates call with tf.function, for target tf only.
func autographFix(p *cellfix.Pass, call *cellfix.Node) *cellfix.Fix {
	if p.Target != cellfix.TargetTF {
		return nil
	}
	tf, imports := p.ModuleName("tensorflow")
	if tf == "" {
		return nil
	}
	lineStart := p.Cell.LineStart(call.Start)
	indent := p.Cell.Text[lineStart:call.Start]
	if strings.TrimSpace(indent) != "" {
		return nil // def not at the start of its line
	}
	return &cellfix.Fix{
		Title:   "Decorate `call` with `@" + tf + ".function`",
		Safety:  cellfix.Unsafe,
		Edits:   []cellfix.TextEdit{{Start: p.Offset(call.Start), End: p.Offset(call.Start), NewText: "@" + tf + ".function\n" + indent}},
		Imports: imports,
	}
}
