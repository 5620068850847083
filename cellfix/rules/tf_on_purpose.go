package rules

import (
	"strings"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/opmap"
)

// Outside Keras layers and models, tf-op-to-keras-ops rewrites TensorFlow
// ops only where the result can leave TensorFlow behind. This file works
// out, once per notebook, which code stays TensorFlow whatever the Keras
// backend:
//
//   - code TensorFlow traces itself: functions given to tf.function or to a
//     tf.data method, functions decorated with @tf.function, and the
//     notebook's own functions they call;
//   - classes built on TensorFlow's base classes (tf.Module,
//     tf.experimental.ExtensionType), directly or through the notebook's
//     own classes;
//   - values that go into a TensorFlow-only API (tf.Variable(...), a
//     tf.function, a SavedModel loaded with tf.saved_model.load, a
//     TensorFlow Hub model), at once or through a variable;
//   - ops on TensorFlow-only values: string tensors, tf.Variable, ragged
//     and sparse tensors, datasets.
//
// Rewriting such an op to keras.ops would hand a JAX or PyTorch array to
// TensorFlow (or a TensorFlow-only value to keras.ops) and keep the
// dependency on TensorFlow all the same.

// nodeAt keys a node by its cell: a kernel session's parse cache shares one
// tree between cells of equal text.
type nodeAt struct {
	cell int
	node *cellfix.Node
}

type definition struct {
	cell int
	node *cellfix.Node
}

// tfScope is the notebook-wide part of the analysis.
type tfScope struct {
	// traced names the module-level functions TensorFlow traces.
	traced map[string]bool
	// tfFunctions names values that are tf.function objects.
	tfFunctions map[string]bool
	// feedsTF marks assigned values that are later passed to a
	// TensorFlow-only API through the variable.
	feedsTF map[nodeAt]bool
	// numpied marks assigned values whose variable later gets .numpy(),
	// a method of TensorFlow tensors that JAX arrays lack.
	numpied map[nodeAt]bool
	// functions and classes map module-level names to their definitions.
	functions map[string][]definition
	classes   map[string][]definition
	cells     []*cellfix.Cell
}

func (s *tfScope) text(cell int, n *cellfix.Node) string { return s.cells[cell].Masked[n.Start:n.End] }

// moduleLevel reports whether a definition stands outside every function
// and class.
func moduleLevel(n *cellfix.Node) bool {
	return n.Ancestor("function_definition", "class_definition", "lambda") == nil
}

// tfScopeKey memoises the analysis on the document: the rule runs once per
// cell, and rebuilding it for each would make checking a notebook
// quadratic in its length.
type tfScopeKey struct{}

// notebookTFScope returns the analysis of p's document, built on first use.
func notebookTFScope(p *cellfix.Pass) *tfScope {
	return p.Doc.Memo(tfScopeKey{}, func() any { return buildTFScope(p) }).(*tfScope)
}

func buildTFScope(p *cellfix.Pass) *tfScope {
	s := &tfScope{
		traced: map[string]bool{}, tfFunctions: map[string]bool{},
		feedsTF: map[nodeAt]bool{}, numpied: map[nodeAt]bool{},
		functions: map[string][]definition{}, classes: map[string][]definition{},
		cells: p.Doc.Cells,
	}
	model := p.Doc.Model()
	cells := p.Doc.Cells
	text := s.text
	// Definitions, tf.function objects and the functions handed to tracers.
	for i, c := range cells {
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			switch n.Type {
			case "function_definition", "class_definition":
				name := n.Child("name")
				if name == nil || !moduleLevel(n) {
					return true
				}
				if n.Type == "class_definition" {
					s.classes[text(i, name)] = append(s.classes[text(i, name)], definition{i, n})
					return true
				}
				s.functions[text(i, name)] = append(s.functions[text(i, name)], definition{i, n})
				if decoratedWithTFFunction(model, i, n) {
					s.traced[text(i, name)] = true
					s.tfFunctions[text(i, name)] = true
				}
			case "assignment":
				left, right := n.Child("left"), n.Child("right")
				if left != nil && left.Type == "identifier" && right != nil && right.Type == "call" &&
					model.Resolve(i, right.Child("function")) == "tensorflow.function" {
					s.tfFunctions[text(i, left)] = true
				}
			case "call":
				fn := n.Child("function")
				if fn == nil || !isTracingCallIn(model, i, fn, c.Masked) {
					return true
				}
				for _, a := range n.Child("arguments").NamedChildren() {
					if a.Type == "keyword_argument" {
						a = a.Child("value")
					}
					if a != nil && a.Type == "identifier" {
						s.traced[text(i, a)] = true
					}
				}
			}
			return true
		})
	}
	// The notebook's functions that traced functions call are traced too.
	for changed := true; changed; {
		changed = false
		for name := range s.traced {
			for _, d := range s.functions[name] {
				d.node.Child("body").Walk(func(n *cellfix.Node) bool {
					if n.Type != "call" {
						return true
					}
					if fn := n.Child("function"); fn != nil && fn.Type == "identifier" {
						callee := text(d.cell, fn)
						if len(s.functions[callee]) > 0 && !s.traced[callee] {
							s.traced[callee] = true
							changed = true
						}
					}
					return true
				})
			}
		}
	}
	// Values that reach TensorFlow-only APIs or .numpy() through a variable.
	for i, c := range cells {
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			switch n.Type {
			case "call":
				if !s.isTFConsumer(model, i, n) {
					return true
				}
				for _, a := range n.Child("arguments").NamedChildren() {
					if a.Type == "keyword_argument" {
						a = a.Child("value")
					}
					if a != nil && a.Type == "identifier" {
						if vc, v := model.ValueOf(i, a); v != nil {
							s.feedsTF[nodeAt{vc, v}] = true
						}
					}
				}
			case "attribute":
				obj, attr := n.Child("object"), n.Child("attribute")
				if obj != nil && attr != nil && obj.Type == "identifier" && text(i, attr) == "numpy" {
					if vc, v := model.ValueOf(i, obj); v != nil {
						s.numpied[nodeAt{vc, v}] = true
					}
				}
			}
			return true
		})
	}
	return s
}

// isTracingCallIn reports whether a callee traces the functions it is
// given into a TensorFlow graph: a tf.data method that takes a function,
// or tf.function.
func isTracingCallIn(model *cellfix.Model, cell int, fn *cellfix.Node, src string) bool {
	if fn.Type == "attribute" {
		if attr := fn.Child("attribute"); attr != nil && datasetMethods[src[attr.Start:attr.End]] {
			return true
		}
	}
	return model.Resolve(cell, fn) == "tensorflow.function"
}

// tfOnlyName returns the TensorFlow name a callee resolves to when Keras has
// no replacement for it (tf.Variable, tf.saved_model.load, tf.strings.*),
// or "".
func tfOnlyName(model *cellfix.Model, cell int, fn *cellfix.Node) string {
	if fn == nil {
		return ""
	}
	q := model.Resolve(cell, fn)
	if q == "tensorflow_hub" || strings.HasPrefix(q, "tensorflow_hub.") {
		return q
	}
	if !strings.HasPrefix(q, "tensorflow.") || cellfix.KerasName(q) != "" {
		return ""
	}
	if rest, ok := strings.CutPrefix(q, "tensorflow.compat.v2."); ok {
		q = "tensorflow." + rest
	}
	if m, ok := opmap.For(q); ok && !m.ReportOnly && !m.Value && m.Keras != "" {
		return ""
	}
	return q
}

// calleeRoot descends from a callee through attributes, subscripts and
// calls to the expression the chain starts from: loaded for
// loaded.signatures["serve"], the inner call for tf.data.Dataset.range(3).map.
func calleeRoot(n *cellfix.Node) *cellfix.Node {
	for n != nil {
		switch n.Type {
		case "attribute":
			n = n.Child("object")
		case "subscript":
			n = n.Child("value")
		case "parenthesized_expression":
			ch := n.NamedChildren()
			if len(ch) != 1 {
				return n
			}
			n = ch[0]
		default:
			return n
		}
	}
	return nil
}

// maxValueHops bounds how far madeByTF and isTFConsumer follow variables
// and method calls back to where a value was made.
const maxValueHops = 6

// madeByTF reports whether a call returns a TensorFlow-only object or
// value: a TensorFlow API with no Keras replacement (tf.Variable,
// tf.saved_model.load, tf.data ...), a TensorFlow Hub model, a tf.function
// or what calling one (or a method of such an object) returns, or an
// instance of a class built on a TensorFlow base class.
func (s *tfScope) madeByTF(model *cellfix.Model, cell int, call *cellfix.Node) bool {
	return s.madeByTFDepth(model, cell, call, 0)
}

func (s *tfScope) madeByTFDepth(model *cellfix.Model, cell int, call *cellfix.Node, depth int) bool {
	if call == nil || call.Type != "call" || depth > maxValueHops {
		return false
	}
	fn := call.Child("function")
	if fn == nil {
		return false
	}
	if model.Resolve(cell, fn) != "" {
		return tfOnlyName(model, cell, fn) != ""
	}
	if fn.Type == "identifier" {
		if d, ok := s.classBefore(s.text(cell, fn), cell, call.Start); ok && s.tfClass(model, d.cell, d.node, 0) {
			return true // an instance of a tf.Module or extension type
		}
	}
	return s.tfObject(model, cell, calleeRoot(fn), depth+1)
}

// tfObject reports whether expression n (the root of a callee chain) is a
// TensorFlow-only object: a tf.function, or a value madeByTF, directly or
// through variables, attributes and subscripts.
func (s *tfScope) tfObject(model *cellfix.Model, cell int, n *cellfix.Node, depth int) bool {
	for ; n != nil && depth <= maxValueHops; depth++ {
		switch n.Type {
		case "call":
			return s.madeByTFDepth(model, cell, n, depth)
		case "identifier":
			if s.tfFunctions[s.text(cell, n)] {
				return true
			}
			c, v := model.Unwrap(cell, n)
			if v == nil || v == n {
				return false
			}
			cell, n = c, calleeRoot(v)
		default:
			return false
		}
	}
	return false
}

// isTFConsumer reports whether call hands its arguments to TensorFlow.
// That is the case exactly when the callee is TensorFlow-only, which is
// also when the call's result is: a TensorFlow API with no Keras
// replacement, a tf.function, a TensorFlow-only object or its method
// (loaded.serve(x) after loaded = tf.saved_model.load(...)), or the
// constructor of a tf.Module or extension type.
func (s *tfScope) isTFConsumer(model *cellfix.Model, cell int, call *cellfix.Node) bool {
	if fn := call.Child("function"); fn != nil && fn.Type == "identifier" && s.text(cell, fn) == "type" && model.Resolve(cell, fn) == "" {
		return true // type(tf.constant(0)) asks for TensorFlow's tensor class
	}
	return s.madeByTF(model, cell, call)
}

// inTFClass reports whether n stands in a class built on a TensorFlow base
// class other than Keras's (tf.Module, tf.experimental.ExtensionType).
func (s *tfScope) inTFClass(model *cellfix.Model, cell int, n *cellfix.Node) bool {
	for cls := n.Ancestor("class_definition"); cls != nil; cls = cls.Ancestor("class_definition") {
		if s.tfClass(model, cell, cls, 0) {
			return true
		}
	}
	return false
}

func (s *tfScope) tfClass(model *cellfix.Model, cell int, cls *cellfix.Node, depth int) bool {
	if depth > 8 {
		return false
	}
	for _, b := range cls.Child("superclasses").NamedChildren() {
		if b.Type != "identifier" && b.Type != "attribute" {
			continue
		}
		q := model.Resolve(cell, b)
		if strings.HasPrefix(q, "tensorflow.") && cellfix.KerasName(q) == "" {
			return true
		}
		if q == "" && b.Type == "identifier" {
			if d, ok := s.classBefore(s.text(cell, b), cell, cls.Start); ok && s.tfClass(model, d.cell, d.node, depth+1) {
				return true
			}
		}
	}
	return false
}

// classBefore returns the last module-level definition of class name
// before offset at of cell.
func (s *tfScope) classBefore(name string, cell, at int) (definition, bool) {
	defs := s.classes[name]
	for i := len(defs) - 1; i >= 0; i-- {
		if d := defs[i]; d.cell < cell || (d.cell == cell && d.node.Start < at) {
			return d, true
		}
	}
	return definition{}, false
}

// tfOnlyValue reports whether expression n holds a value only TensorFlow
// has: a string tensor, or what madeByTF (a tf.Variable, a ragged or
// sparse tensor, a dataset, an extension type ...), directly, through a
// variable, or as an item of a list or tuple.
func (s *tfScope) tfOnlyValue(p *cellfix.Pass, cell int, n *cellfix.Node) bool {
	model := p.Doc.Model()
	cell, v := model.Unwrap(cell, n)
	if v == nil {
		return false
	}
	switch v.Type {
	case "list", "tuple":
		for _, item := range nonComment(v.NamedChildren()) {
			if c, w := model.Unwrap(cell, item); w != nil && w.Type == "call" && s.tfOnlyCall(p, c, w) {
				return true
			}
		}
	case "call":
		return s.tfOnlyCall(p, cell, v)
	case "subscript", "attribute":
		// results["logits"] after results = loaded(x)
		return s.tfObject(model, cell, calleeRoot(v), 0)
	}
	return false
}

func (s *tfScope) tfOnlyCall(p *cellfix.Pass, cell int, call *cellfix.Node) bool {
	model := p.Doc.Model()
	if s.madeByTF(model, cell, call) {
		return true
	}
	switch model.Resolve(cell, call.Child("function")) {
	case "tensorflow.constant", "tensorflow.convert_to_tensor":
		return holdsString(p, cell, call)
	}
	return false
}

// flowsIntoTF reports whether the value of expression n goes to
// TensorFlow: n (or the expression holding it) is passed straight to a
// TensorFlow-only callee, or is assigned to a variable that later is.
func (s *tfScope) flowsIntoTF(model *cellfix.Model, cell int, n *cellfix.Node) bool {
	for e := n; e != nil; e = e.Parent {
		if s.feedsTF[nodeAt{cell, e}] {
			return true
		}
		parent := e.Parent
		if parent != nil && parent.Type == "keyword_argument" && e.Field == "value" {
			e, parent = parent, parent.Parent
		}
		if parent != nil && parent.Type == "argument_list" && parent.Parent != nil && parent.Parent.Type == "call" {
			return s.isTFConsumer(model, cell, parent.Parent)
		}
		if parent == nil || !isValueExpression(parent) {
			return false
		}
	}
	return false
}

// isValueExpression reports whether a node merely combines the values of
// its children (arithmetic, parentheses, containers), so that where it goes
// the values go too.
func isValueExpression(n *cellfix.Node) bool {
	switch n.Type {
	case "binary_operator", "unary_operator", "parenthesized_expression", "list", "tuple",
		"expression_list", "dictionary", "pair", "conditional_expression", "boolean_operator":
		return true
	}
	return false
}

// numpiedLater reports whether the value of call is assigned to a variable
// whose .numpy() method is called later.
func (s *tfScope) numpiedLater(cell int, call *cellfix.Node) bool {
	for e := call; e != nil; e = e.Parent {
		if s.numpied[nodeAt{cell, e}] {
			return true
		}
		if e.Parent == nil || !isValueExpression(e.Parent) {
			return false
		}
	}
	return false
}
