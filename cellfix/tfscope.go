package cellfix

import "strings"

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

// TFScopes is the notebook-wide part of the analysis.
type TFScopes struct {
	// parent, when set, holds the analysis of the cells before this one's
	// first: a kernel session's history, which a check extends without
	// changing it. Each field holds what the cells indexed here add.
	parent     *TFScopes
	m          *Model
	hasKerasOp func(q string) bool
	// traced names the module-level functions TensorFlow traces.
	traced map[string]bool
	// calledFromTraced names what traced functions call, so a function
	// defined later under such a name is traced too.
	calledFromTraced map[string]bool
	// tfFunctions names values that are tf.function objects.
	tfFunctions map[string]bool
	// feedsTF marks assigned values that are later passed to a
	// TensorFlow-only API through the variable.
	feedsTF map[Value]bool
	// numpied marks assigned values whose variable later gets .numpy(),
	// a method of TensorFlow tensors that JAX arrays lack.
	numpied map[Value]bool
	// functions and classes map module-level names to their definitions.
	functions map[string][]Value
	classes   map[string][]Value
	cells     []*Cell
	// usesKeras is set once a cell imports Keras or reaches it through
	// tf.keras.
	usesKeras bool
}

func (s *TFScopes) text(cell int, n *Node) string { return s.cells[cell].Masked[n.Start():n.End()] }

// moduleLevel reports whether a definition stands outside every function
// and class.
func moduleLevel(n *Node) bool {
	return n.Ancestor("function_definition", "class_definition", "lambda") == nil
}

// NewTFScopeFact declares the analysis as a fact. hasKerasOp reports
// whether a TensorFlow name has a keras.ops replacement (the op table
// knows), which makes it not TensorFlow-only. The fact is incremental: a
// kernel session's check analyses only its own cell.
func NewTFScopeFact(hasKerasOp func(q string) bool) *Fact[*TFScopes] {
	return NewIncrementalFact("tf-scopes",
		func(doc *Document) *TFScopes {
			s := newTFScopes(nil, hasKerasOp)
			s.index(doc, 0)
			return s
		},
		func(history *TFScopes, doc *Document, grow bool) *TFScopes {
			s := history // the history grows in place
			if !grow {
				s = newTFScopes(history, hasKerasOp)
			}
			s.index(doc, len(history.cells))
			return s
		})
}

func newTFScopes(parent *TFScopes, hasKerasOp func(q string) bool) *TFScopes {
	return &TFScopes{parent: parent, hasKerasOp: hasKerasOp,
		traced: map[string]bool{}, calledFromTraced: map[string]bool{}, tfFunctions: map[string]bool{},
		feedsTF: map[Value]bool{}, numpied: map[Value]bool{},
		functions: map[string][]Value{}, classes: map[string][]Value{},
	}
}

// identifierArguments returns the arguments of call, positional or
// keyword, that are plain names: the values a call hands on by name.
func identifierArguments(call *Node) []*Node {
	var out []*Node
	for _, a := range call.Child("arguments").NamedChildren() {
		if a.Type() == "keyword_argument" {
			a = a.Child("value")
		}
		if a != nil && a.Type() == "identifier" {
			out = append(out, a)
		}
	}
	return out
}

// index analyses the cells of doc from position from on; the cells before
// are parent's, or already indexed here.
func (s *TFScopes) index(doc *Document, from int) {
	s.m, s.cells = doc.model, doc.Cells
	model := doc.Model()
	cells := doc.Cells
	text := s.text
	// Definitions, tf.function objects and the functions handed to tracers.
	for i := from; i < len(cells); i++ {
		c := cells[i]
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *Node) bool {
			switch n.Type() {
			case "function_definition", "class_definition":
				name := n.Child("name")
				if name == nil || !moduleLevel(n) {
					return true
				}
				def := Value{Cell: i, Node: n}
				if n.Type() == "class_definition" {
					s.classes[text(i, name)] = append(s.classes[text(i, name)], def)
					return true
				}
				s.addFunction(text(i, name), def)
				if model.DecoratedWithTFFunction(i, n) {
					s.markTraced(text(i, name))
					s.tfFunctions[text(i, name)] = true
				}
			case "assignment":
				left, right := n.Child("left"), n.Child("right")
				if left != nil && left.Type() == "identifier" && right != nil && right.Type() == "call" &&
					model.Resolve(i, right.Child("function")) == "tensorflow.function" {
					s.tfFunctions[text(i, left)] = true
				}
			case "call":
				fn := n.Child("function")
				if fn == nil || !IsTracingCall(model, i, fn, c.Masked) {
					return true
				}
				for _, a := range identifierArguments(n) {
					s.markTraced(text(i, a))
				}
			}
			return true
		})
	}
	for i := from; i < len(cells) && !s.UsesKeras(); i++ {
		s.usesKeras = usesKeras(model, i)
	}
	// Values that reach TensorFlow-only APIs or .numpy() through a variable.
	// A call reaches only values of its own or earlier cells, which later
	// cells never ask about: those of earlier cells are not looked at again.
	for i := from; i < len(cells); i++ {
		c := cells[i]
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *Node) bool {
			switch n.Type() {
			case "call":
				if !s.isTFConsumer(i, n) {
					return true
				}
				for _, a := range identifierArguments(n) {
					if vc, v := model.ValueOf(i, a); v != nil {
						s.feedsTF[Value{Cell: vc, Node: v}] = true
					}
				}
			case "attribute":
				obj, attr := n.Child("object"), n.Child("attribute")
				if obj != nil && attr != nil && obj.Type() == "identifier" && text(i, attr) == "numpy" {
					if vc, v := model.ValueOf(i, obj); v != nil {
						s.numpied[Value{Cell: vc, Node: v}] = true
					}
				}
			}
			return true
		})
	}
}

// usesKeras reports whether the cell at position cell imports Keras or
// reaches it through tf.keras.
func usesKeras(model *Model, cell int) bool {
	for _, b := range model.BindingsIn(cell) {
		if KerasName(b.Qualified) != "" {
			return true
		}
	}
	c := model.doc.Cells[cell]
	found := false
	if c.Root != nil {
		c.Root.Walk(func(n *Node) bool {
			if !found && n.Type() == "attribute" && KerasName(model.Resolve(cell, n)) != "" {
				found = true
			}
			return !found
		})
	}
	return found
}

// UsesKeras reports whether any cell imports Keras or reaches it through
// tf.keras; a notebook that never does is TensorFlow on purpose.
func (s *TFScopes) UsesKeras() bool {
	return s.anyLevel(func(t *TFScopes) bool { return t.usesKeras })
}

// addFunction records a module-level definition of function name. The
// notebook's functions that traced functions call are traced too, wherever
// they are defined.
func (s *TFScopes) addFunction(name string, def Value) {
	s.functions[name] = append(s.functions[name], def)
	switch {
	case s.Traced(name):
		s.walkTraced(def)
	case s.anyLevel(func(t *TFScopes) bool { return t.calledFromTraced[name] }):
		s.markTraced(name)
	}
}

// markTraced records that TensorFlow traces name, and so every function
// its definitions call.
func (s *TFScopes) markTraced(name string) {
	if s.Traced(name) {
		return
	}
	s.traced[name] = true
	for t := s; t != nil; t = t.parent {
		for _, d := range t.functions[name] {
			s.walkTraced(d)
		}
	}
}

// walkTraced marks what a traced function definition calls as traced.
func (s *TFScopes) walkTraced(def Value) {
	def.Node.Child("body").Walk(func(n *Node) bool {
		if n.Type() != "call" {
			return true
		}
		if fn := n.Child("function"); fn != nil && fn.Type() == "identifier" {
			callee := s.text(def.Cell, fn)
			s.calledFromTraced[callee] = true
			if s.anyLevel(func(t *TFScopes) bool { return len(t.functions[callee]) > 0 }) {
				s.markTraced(callee)
			}
		}
		return true
	})
}

// IsTracingCall reports whether a callee traces the functions it is
// given into a TensorFlow graph: a tf.data method that takes a function,
// or tf.function.
func IsTracingCall(model *Model, cell int, fn *Node, src string) bool {
	if fn.Type() == "attribute" {
		if attr := fn.Child("attribute"); attr != nil && datasetMethods[src[attr.Start():attr.End()]] {
			return true
		}
	}
	return model.Resolve(cell, fn) == "tensorflow.function"
}

// tfOnlyName returns the TensorFlow name a callee resolves to when Keras has
// no replacement for it (tf.Variable, tf.saved_model.load, tf.strings.*),
// or "".
func (s *TFScopes) tfOnlyName(cell int, fn *Node) string {
	model := s.m
	if fn == nil {
		return ""
	}
	q := model.Resolve(cell, fn)
	if q == "tensorflow_hub" || strings.HasPrefix(q, "tensorflow_hub.") {
		return q
	}
	if q = TensorFlowName(q); q == "" || s.hasKerasOp(q) {
		return ""
	}
	return q
}

// calleeRoot descends from a callee through attributes, subscripts and
// calls to the expression the chain starts from: loaded for
// loaded.signatures["serve"], the inner call for tf.data.Dataset.range(3).map.
func calleeRoot(n *Node) *Node {
	for n != nil {
		switch n.Type() {
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

// MadeByTF reports whether a call returns a TensorFlow-only object or
// value: a TensorFlow API with no Keras replacement (tf.Variable,
// tf.saved_model.load, tf.data ...), a TensorFlow Hub model, a tf.function
// or what calling one (or a method of such an object) returns, or an
// instance of a class built on a TensorFlow base class.
func (s *TFScopes) MadeByTF(cell int, call *Node) bool {
	return s.madeByTFDepth(cell, call, 0)
}

func (s *TFScopes) madeByTFDepth(cell int, call *Node, depth int) bool {
	model := s.m
	if call == nil || call.Type() != "call" || depth > maxValueHops {
		return false
	}
	fn := call.Child("function")
	if fn == nil {
		return false
	}
	if model.Resolve(cell, fn) != "" {
		return s.tfOnlyName(cell, fn) != ""
	}
	if fn.Type() == "identifier" {
		if d, ok := s.classBefore(s.text(cell, fn), cell, call.Start()); ok && s.tfClass(d.Cell, d.Node, 0) {
			return true // an instance of a tf.Module or extension type
		}
	}
	return s.tfObject(cell, calleeRoot(fn), depth+1)
}

// tfObject reports whether expression n (the root of a callee chain) is a
// TensorFlow-only object: a tf.function, or a value madeByTF, directly or
// through variables, attributes and subscripts.
func (s *TFScopes) tfObject(cell int, n *Node, depth int) bool {
	model := s.m
	for ; n != nil && depth <= maxValueHops; depth++ {
		switch n.Type() {
		case "call":
			return s.madeByTFDepth(cell, n, depth)
		case "identifier":
			if name := s.text(cell, n); s.anyLevel(func(t *TFScopes) bool { return t.tfFunctions[name] }) {
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
func (s *TFScopes) isTFConsumer(cell int, call *Node) bool {
	model := s.m
	if fn := call.Child("function"); fn != nil && fn.Type() == "identifier" && s.text(cell, fn) == "type" && model.Resolve(cell, fn) == "" {
		return true // type(tf.constant(0)) asks for TensorFlow's tensor class
	}
	return s.MadeByTF(cell, call)
}

// InTFClass reports whether n stands in a class built on a TensorFlow base
// class other than Keras's (tf.Module, tf.experimental.ExtensionType).
func (s *TFScopes) InTFClass(cell int, n *Node) bool {
	for cls := n.Ancestor("class_definition"); cls != nil; cls = cls.Ancestor("class_definition") {
		if s.tfClass(cell, cls, 0) {
			return true
		}
	}
	return false
}

func (s *TFScopes) tfClass(cell int, cls *Node, depth int) bool {
	model := s.m
	if depth > 8 {
		return false
	}
	for _, b := range cls.Child("superclasses").NamedChildren() {
		if b.Type() != "identifier" && b.Type() != "attribute" {
			continue
		}
		q := model.Resolve(cell, b)
		if strings.HasPrefix(q, "tensorflow.") && KerasName(q) == "" {
			return true
		}
		if q == "" && b.Type() == "identifier" {
			if d, ok := s.classBefore(s.text(cell, b), cell, cls.Start()); ok && s.tfClass(d.Cell, d.Node, depth+1) {
				return true
			}
		}
	}
	return false
}

// classBefore returns the last module-level definition of class name
// before offset at of cell.
func (s *TFScopes) classBefore(name string, cell, at int) (Value, bool) {
	for t := s; t != nil; t = t.parent {
		if d, ok := lastBeforeValue(t.classes[name], cell, at); ok {
			return d, true
		}
	}
	return Value{}, false
}

// TFOnlyValue reports whether expression n holds a value only TensorFlow
// has: a string tensor, or what madeByTF (a tf.Variable, a ragged or
// sparse tensor, a dataset, an extension type ...), directly, through a
// variable, or as an item of a list or tuple.
func (s *TFScopes) TFOnlyValue(cell int, n *Node) bool {
	model := s.m
	cell, v := model.Unwrap(cell, n)
	if v == nil {
		return false
	}
	switch v.Type() {
	case "list", "tuple":
		for _, item := range NonComments(v.NamedChildren()) {
			if c, w := model.Unwrap(cell, item); w != nil && w.Type() == "call" && s.tfOnlyCall(c, w) {
				return true
			}
		}
	case "call":
		return s.tfOnlyCall(cell, v)
	case "subscript", "attribute":
		// results["logits"] after results = loaded(x)
		return s.tfObject(cell, calleeRoot(v), 0)
	}
	return false
}

func (s *TFScopes) tfOnlyCall(cell int, call *Node) bool {
	model := s.m
	if s.MadeByTF(cell, call) {
		return true
	}
	switch model.Resolve(cell, call.Child("function")) {
	case "tensorflow.constant", "tensorflow.convert_to_tensor":
		return model.HoldsString(cell, call)
	}
	return false
}

// FlowsIntoTF reports whether the value of expression n goes to
// TensorFlow: n (or the expression holding it) is passed straight to a
// TensorFlow-only callee, or is assigned to a variable that later is.
func (s *TFScopes) FlowsIntoTF(cell int, n *Node) bool {
	for e := n; e != nil; e = e.Parent {
		if v := (Value{Cell: cell, Node: e}); s.anyLevel(func(t *TFScopes) bool { return t.feedsTF[v] }) {
			return true
		}
		parent := e.Parent
		if parent != nil && parent.Type() == "keyword_argument" && e.Field() == "value" {
			e, parent = parent, parent.Parent
		}
		if parent != nil && parent.Type() == "argument_list" && parent.Parent != nil && parent.Parent.Type() == "call" {
			return s.isTFConsumer(cell, parent.Parent)
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
func isValueExpression(n *Node) bool {
	switch n.Type() {
	case "binary_operator", "unary_operator", "parenthesized_expression", "list", "tuple",
		"expression_list", "dictionary", "pair", "conditional_expression", "boolean_operator":
		return true
	}
	return false
}

// NumpiedLater reports whether the value of call is assigned to a variable
// whose .numpy() method is called later.
func (s *TFScopes) NumpiedLater(cell int, call *Node) bool {
	for e := call; e != nil; e = e.Parent {
		if v := (Value{Cell: cell, Node: e}); s.anyLevel(func(t *TFScopes) bool { return t.numpied[v] }) {
			return true
		}
		if e.Parent == nil || !isValueExpression(e.Parent) {
			return false
		}
	}
	return false
}

// HoldsString reports whether a tf.constant or tf.convert_to_tensor call
// makes a string tensor: dtype=tf.string, or a first argument that is a
// string or a list or tuple starting with one (through variables too).
func (m *Model) HoldsString(cell int, call *Node) bool {
	src := m.Text
	var first *Node
	for _, a := range call.Child("arguments").NamedChildren() {
		switch a.Type() {
		case "comment":
		case "keyword_argument":
			name, value := a.Child("name"), a.Child("value")
			if name == nil || value == nil {
				continue
			}
			switch src(cell, name) {
			case "dtype":
				if m.Resolve(cell, value) == "tensorflow.string" {
					return true
				}
			case "value":
				if first == nil {
					first = value
				}
			}
		default:
			if first == nil {
				first = a
			}
		}
	}
	v := first
	for range 8 {
		if v == nil {
			return false
		}
		cell, v = m.Unwrap(cell, v)
		if v == nil || (v.Type() != "list" && v.Type() != "tuple") {
			break
		}
		elems := NonComments(v.NamedChildren())
		if len(elems) == 0 {
			return false
		}
		v = elems[0]
	}
	return v != nil && m.isStringExpr(cell, v)
}

// isStringExpr reports whether an expression evidently makes a Python
// string: a literal (f-strings included), str(...), "...".format(...),
// "..." % args, os.path.join(...).
func (m *Model) isStringExpr(cell int, v *Node) bool {
	model := m
	switch v.Type() {
	case "string", "concatenated_string":
		return true
	case "parenthesized_expression":
		if ch := v.NamedChildren(); len(ch) == 1 {
			return m.isStringExpr(cell, ch[0])
		}
	case "binary_operator":
		left := v.Child("left")
		return left != nil && (left.Type() == "string" || left.Type() == "concatenated_string")
	case "call":
		fn := v.Child("function")
		if fn == nil {
			return false
		}
		switch q := model.Resolve(cell, fn); {
		case q == "os.path.join" || q == "os.fspath":
			return true
		case q != "":
			return false
		}
		src := m.cellText(cell)
		if fn.Type() == "identifier" {
			name := src[fn.Start():fn.End()]
			return name == "str" || name == "repr"
		}
		if fn.Type() == "attribute" {
			obj, attr := fn.Child("object"), fn.Child("attribute")
			return obj != nil && attr != nil && (obj.Type() == "string" || obj.Type() == "concatenated_string") &&
				(src[attr.Start():attr.End()] == "format" || src[attr.Start():attr.End()] == "join")
		}
	}
	return false
}

// datasetMethods take functions that tf.data traces into a TensorFlow
// graph whatever the Keras backend, so the ops in them stay TensorFlow.
var datasetMethods = map[string]bool{
	"map": true, "filter": true, "flat_map": true, "interleave": true,
	"reduce": true, "scan": true, "take_while": true,
}

// Traced reports whether the module-level function name is traced by
// TensorFlow (decorated with tf.function, given to tf.function or a
// tf.data method, or called from such a function).
func (s *TFScopes) Traced(name string) bool {
	return s.anyLevel(func(t *TFScopes) bool { return t.traced[name] })
}

// anyLevel reports whether has holds for the scopes here or for the
// history's (parent's).
func (s *TFScopes) anyLevel(has func(*TFScopes) bool) bool {
	for t := s; t != nil; t = t.parent {
		if has(t) {
			return true
		}
	}
	return false
}
