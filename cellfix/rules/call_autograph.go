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
// The fix (target tf only) converts call with tf.function after the class;
// it is safe under the conditions of autographUnsafeReason. The message
// also names keras.ops.cond / while_loop / fori_loop, which work on every
// backend.
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
		flagged, unsafe := false, ""
		tensors := tensorParams(p, call)
		cellfix.WalkBody(call, func(n *cellfix.Node) bool {
			var cond *cellfix.Node
			kind := ""
			switch n.Type() {
			case "assignment":
				if left := n.Child("left"); left != nil && left.Type() == "identifier" {
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
				fix = autographFix(p, kc)
				if fix != nil {
					if unsafe = autographUnsafeReason(p, kc, call); unsafe == "" {
						fix.Safety = cellfix.Safe
					}
				}
				flagged = true
			}
			alt := map[string]string{"if": "keras.ops.cond", "while": "keras.ops.while_loop", "for": "keras.ops.fori_loop"}[kind]
			msg := fmt.Sprintf("Python `%s` on a tensor in `%s.call`: Keras 3 no longer runs `call` through AutoGraph, so this fails in a compiled graph; "+
				"convert `call` with `tf.function` after the class (`%s.call = tf.function(%s.call)`), or use `%s` for backend-agnostic code", kind, kc.Name, kc.Name, kc.Name, alt)
			if fix == nil {
				p.Reportf(cond, nil, msg) // target multi: the message names keras.ops
				return true
			}
			p.ReportFixSafetyOrWhy(cond, fix, unsafe, msg)
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
	for _, r := range callReplacements.Of(p.Doc) {
		if r.cell < kc.Cell {
			continue
		}
		switch {
		case r.owner == kc.Name && r.node.Ancestor("class_definition") == nil:
			return true
		case r.owner == "self" && !strings.HasSuffix(r.converter, "to_graph") && r.cell == kc.Cell && r.node.Start() >= kc.Node.Start() && r.node.End() <= kc.Node.End():
			return true
		}
	}
	return false
}

// callReplacement is an assignment `owner.call = converter(...)` of the
// cell at position cell, converter being a graph converter.
type callReplacement struct {
	cell             int
	node             *cellfix.Node
	owner, converter string
}

// callReplacements lists a document's call replacements, in order.
// convertedExplicitly runs for each Keras class with a call(), and
// walking the document from the class on each time cost, per check of a
// cell, its classes times its nodes.
var callReplacements = cellfix.NewFact("call-autograph-call-replacements", func(d *cellfix.Document) []callReplacement {
	m := d.Model()
	var out []callReplacement
	for i, c := range d.Cells {
		for _, n := range c.NodesOf("assignment") {
			left, right := n.Child("left"), n.Child("right")
			if left == nil || right == nil || left.Type() != "attribute" || right.Type() != "call" {
				continue
			}
			obj, attr := left.Child("object"), left.Child("attribute")
			if obj == nil || attr == nil || obj.Type() != "identifier" || c.Masked[attr.Start():attr.End()] != "call" {
				continue
			}
			if q := m.Resolve(i, right.Child("function")); graphConverters[q] {
				out = append(out, callReplacement{cell: i, node: n, owner: c.Masked[obj.Start():obj.End()], converter: q})
			}
		}
	}
	return out
})

// tensorParams are call()'s parameters that may hold tensors: all but
// self, training, and those whose default is a Python literal flag.
func tensorParams(p *cellfix.Pass, fn *cellfix.Node) map[string]bool {
	out := map[string]bool{}
	for i, prm := range fn.Child("parameters").NamedChildren() {
		if i == 0 {
			continue // self
		}
		var name *cellfix.Node
		switch prm.Type() {
		case "identifier":
			name = prm
		case "default_parameter", "typed_default_parameter":
			switch v := prm.Child("value"); v.Type() {
			case "true", "false", "integer", "float", "string":
				continue
			}
			name = prm.Child("name")
		case "typed_parameter":
			for _, ch := range prm.NamedChildren() {
				if ch.Type() == "identifier" {
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
	switch n.Type() {
	case "identifier":
		return tensors[p.Text(n)]
	case "attribute":
		if attr := n.Child("attribute"); attr != nil && staticTensorAttrs[p.Text(attr)] {
			return false
		}
		return dependsOnTensor(p, tensors, n.Child("object"))
	case "comparison_operator":
		for _, ch := range n.Children() {
			switch ch.Type() {
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
		if fn != nil && fn.Type() == "identifier" && pythonValuedBuiltins[p.Text(fn)] {
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

// autographFix converts call with tf.function, for target tf only: a
// statement right after the class, `Cls.call = tf.function(Cls.call)`,
// which is what a decorator does (no instance exists in between), and
// unlike a decorator line it can take the place of blank lines after the class,
// so the fixed cell keeps its line numbers.
func autographFix(p *cellfix.Pass, kc *cellfix.KerasClass) *cellfix.Fix {
	if p.Target != cellfix.TargetTF {
		return nil
	}
	tf, imports := p.ModuleName("tensorflow")
	if tf == "" {
		return nil
	}
	class := kc.Node
	if class.Parent != nil && class.Parent.Type() == "decorated_definition" {
		class = class.Parent
	}
	indent := p.Cell.Text[p.Cell.LineStart(class.Start()):class.Start()]
	if strings.TrimSpace(indent) != "" {
		return nil // class not at the start of its line
	}
	stmt := fmt.Sprintf("%s.call = %s.function(%s.call)", kc.Name, tf, kc.Name)
	return &cellfix.Fix{
		Title:   "Convert `call` with `" + tf + ".function` after the class",
		Safety:  cellfix.Unsafe,
		Edits:   []cellfix.TextEdit{{Start: p.Offset(kc.Node.End()), End: p.Offset(kc.Node.End()), NewText: "\n\n\n" + indent + stmt}},
		Imports: imports,
	}
}

// When call-autograph's tf.function is safe. Keras 2
// ran call() through AutoGraph inside graphs (building a functional model,
// fit, evaluate, predict) and as plain Python in eager calls; @tf.function
// makes the eager calls traced too. tests/keras2vs3/autographcheck.py
// gets the same values from both, in fit, evaluate, predict and direct
// calls of the model and of the layer, for a call() that only computes
// with TensorFlow ops and branches on tensors by returning from every
// branch. Such a call() has no Python effect that a trace could run once
// instead of on every call, reads nothing that could change between calls,
// and cannot fail to trace when Keras 2 traced it already while building a
// model from an Input (both branches of a tensor `if` are traced, and the
// input has the Input's dtype in every later call).

// tfEffectful are TensorFlow functions that act outside the graph or need
// a value only eager code has; a call of one in call() keeps the fix unsafe.
var tfEffectful = []string{
	"tensorflow.print", "tensorflow.Variable", "tensorflow.py_function", "tensorflow.numpy_function",
	"tensorflow.random.set_seed", "tensorflow.compat.", "tensorflow.summary.", "tensorflow.io.",
	"tensorflow.config.", "tensorflow.data.", "tensorflow.saved_model.", "tensorflow.experimental.",
	"tensorflow.keras.", "tensorflow.function", "tensorflow.autograph.", "tensorflow.debugging.",
}

// pureBuiltins take tensors and return the same in a trace as eagerly.
var pureBuiltins = map[string]bool{"len": true, "isinstance": true, "abs": true}

// randomSeeders fix the global random seed: with one, a random op draws
// other numbers in a traced call() than in an eager one.
var randomSeeders = map[string]bool{
	"tensorflow.random.set_seed": true, "tensorflow.set_random_seed": true, "tensorflow.compat.v1.set_random_seed": true,
	"keras.utils.set_random_seed": true,
}

// autographUnsafeReason says why decorating kc's call with @tf.function
// may change what the program does, or "" when it cannot.
func autographUnsafeReason(p *cellfix.Pass, kc *cellfix.KerasClass, call *cellfix.Node) string {
	if kc.IsModel {
		return "the class is a model, and only layers were compared with Keras 2"
	}
	if why := builtFromInput(p, kc); why != "" {
		return why
	}
	params, why := callParams(p, call)
	if why != "" {
		return why
	}
	b := &autographBody{p: p, kc: kc, names: map[string]bool{"self": true, params[0]: true}, tensors: map[string]bool{params[0]: true}}
	if why := b.block(call.Child("body")); why != "" {
		return why
	}
	if b.random && seedsRandom(p) {
		return "the program seeds TensorFlow's random numbers, and a random op in a traced `call()` draws other numbers than in an eager call"
	}
	return ""
}

// builtFromInput checks that every instance of kc goes straight into a
// Sequential list that starts with an Input: Keras 2 then traced call()
// through AutoGraph when it built the model.
func builtFromInput(p *cellfix.Pass, kc *cellfix.KerasClass) string {
	const why = "an instance of the class goes elsewhere than into a `Sequential([keras.Input(...), ...])` list, " +
		"where Keras 2 would have traced `call()` while building the model, so a `call()` AutoGraph cannot convert might have run only eagerly"
	if subclassed(p, kc) {
		return subclassedWhy
	}
	m := p.Doc.Model()
	ctors := classConstructions(p, kc)
	if len(ctors) == 0 {
		return why
	}
	for _, ctor := range ctors {
		held, bad := modelHolding(p, ctor)
		if bad != "" || held.list == nil {
			return why
		}
		if elems := held.list.NamedChildren(); len(elems) == 0 || !isInputCall(m, held.cell, elems[0]) {
			return why
		}
	}
	return ""
}

// callParams returns call()'s parameters after self; only the first,
// the input, may be read in the body.
func callParams(p *cellfix.Pass, call *cellfix.Node) ([]string, string) {
	var names []string
	for i, prm := range call.Child("parameters").NamedChildren() {
		var name *cellfix.Node
		switch prm.Type() {
		case "identifier":
			name = prm
		case "default_parameter":
			name = prm.Child("name")
		default:
			return nil, "`call()` takes `*args`, `**kwargs` or annotated parameters, which were not compared"
		}
		if i > 0 {
			names = append(names, p.Text(name))
		}
	}
	if len(names) == 0 {
		return nil, "`call()` takes no input"
	}
	return names, ""
}

// autographBody checks the statements of call(): names are those it may
// read (self, the input, its locals); random is set when it draws random
// numbers.
type autographBody struct {
	p       *cellfix.Pass
	kc      *cellfix.KerasClass
	names   map[string]bool
	tensors map[string]bool
	random  bool
}

func (b *autographBody) block(block *cellfix.Node) string {
	stmts := cellfix.NonComments(block.NamedChildren())
	for i, st := range stmts {
		var why string
		switch st.Type() {
		case "expression_statement":
			why = b.expressionStatement(st)
		case "return_statement":
			why = b.expr(st)
		case "pass_statement":
		case "if_statement":
			why = b.ifStatement(st, i+1 < len(stmts) && stmts[i+1].Type() == "return_statement")
		default:
			why = "`call()` has a `" + strings.TrimSuffix(st.Type(), "_statement") + "` statement, which AutoGraph may run otherwise than Python did in an eager call"
		}
		if why != "" {
			return why
		}
	}
	return ""
}

// expressionStatement allows a docstring and assignments to local names;
// anything else (a print, an append, self.x = ...) is an effect that a
// trace would run once instead of on every call.
func (b *autographBody) expressionStatement(st *cellfix.Node) string {
	e := st.NamedChildren()[0]
	switch e.Type() {
	case "string":
		return ""
	case "assignment", "augmented_assignment":
		left := e.Child("left")
		if left.Type() != "identifier" {
			return "`call()` assigns to `" + b.p.Text(left) + "`, an effect that a traced `call()` makes only when it is traced"
		}
		if why := b.expr(e.Child("right")); why != "" {
			return why
		}
		name := b.p.Text(left)
		b.names[name] = true
		b.tensors[name] = e.Type() == "augmented_assignment" && b.tensors[name] || dependsOnTensor(b.p, b.tensors, e.Child("right"))
		return ""
	}
	return "`call()` runs `" + b.p.Text(e) + "` for its effect, which a traced `call()` runs only when it is traced"
}

// ifStatement allows an `if` on a tensor whose every branch returns and
// that has an else (or a return right after it): AutoGraph makes it a
// tf.cond, whose branches leave no variable half defined. An `if` on a
// Python value (training, a flag) picks code that the model's construction
// may not have traced.
func (b *autographBody) ifStatement(st *cellfix.Node, returnAfter bool) string {
	hasElse := false
	var clauses []*cellfix.Node
	for _, ch := range st.NamedChildren() {
		switch ch.Type() {
		case "elif_clause":
			clauses = append(clauses, ch)
		case "else_clause":
			hasElse = true
		}
	}
	for _, cl := range append([]*cellfix.Node{st}, clauses...) {
		cond := cl.Child("condition")
		if why := b.expr(cond); why != "" {
			return why
		}
		if !dependsOnTensor(b.p, b.tensors, cond) {
			return "`call()` branches on the Python value `" + b.p.Text(cond) + "`, and the model's construction in Keras 2 traced only one of its branches"
		}
	}
	if !hasElse && !returnAfter {
		return "an `if` on a tensor in `call()` has no `else` or `return` after it, so a variable may be left defined in one branch only, which fails when traced"
	}
	bodies := []*cellfix.Node{st.Child("consequence")}
	for _, ch := range st.NamedChildren() {
		switch ch.Type() {
		case "elif_clause":
			bodies = append(bodies, ch.Child("consequence"))
		case "else_clause":
			bodies = append(bodies, ch.Child("body"))
		}
	}
	for _, body := range bodies {
		if body == nil {
			return "an `if` in `call()` has a branch whose code could not be read"
		}
		stmts := cellfix.NonComments(body.NamedChildren())
		if len(stmts) == 0 || stmts[len(stmts)-1].Type() != "return_statement" {
			return "a branch of an `if` on a tensor in `call()` does not end in `return`, so a variable may be left defined in one branch only, which fails when traced"
		}
		if why := b.block(body); why != "" {
			return why
		}
	}
	return ""
}

// expr checks an expression: calls of TensorFlow ops, keras.ops and a few
// built-ins only, names of call()'s locals and input and of modules, and
// attributes of self that nothing assigns after construction.
func (b *autographBody) expr(n *cellfix.Node) string {
	why := ""
	n.Walk(func(e *cellfix.Node) bool {
		if why != "" {
			return false
		}
		switch e.Type() {
		case "call":
			why = b.callee(e)
		case "identifier":
			why = b.name(e)
		case "attribute":
			why = b.attribute(e)
			return why == "" && !isSelfAttribute(b.p, e)
		case "lambda", "list_comprehension", "generator_expression", "set_comprehension", "dictionary_comprehension", "await", "named_expression":
			why = "`call()` has `" + b.p.Text(e) + "`, which AutoGraph may run otherwise than Python did in an eager call"
		}
		return why == ""
	})
	return why
}

func (b *autographBody) callee(call *cellfix.Node) string {
	fn := call.Child("function")
	q := b.p.Resolve(fn)
	k := cellfix.KerasName(q)
	switch {
	case fn.Type() == "identifier" && pureBuiltins[b.p.Text(fn)] && q == "":
		return ""
	case strings.HasPrefix(k, "keras.ops.") || strings.HasPrefix(k, "keras.activations."):
		return ""
	case strings.HasPrefix(q, "tensorflow.") && k == "":
		for _, bad := range tfEffectful {
			if q == bad || (strings.HasSuffix(bad, ".") && strings.HasPrefix(q, bad)) {
				return "`call()` calls `" + b.p.Text(fn) + "`, which acts outside the graph or needs an eager value"
			}
		}
		b.random = b.random || strings.HasPrefix(q, "tensorflow.random.")
		return ""
	}
	return "`call()` calls `" + b.p.Text(fn) + "`, which may have effects or need an eager value that a traced `call()` does not have"
}

// name checks that an identifier read in call() is the input, a local,
// self, a module or an allowed built-in.
func (b *autographBody) name(id *cellfix.Node) string {
	up := id.Parent
	if up != nil && ((up.Type() == "attribute" && id.Field() == "attribute") || (up.Type() == "keyword_argument" && id.Field() == "name")) {
		return ""
	}
	text := b.p.Text(id)
	q := b.p.Resolve(id)
	if b.names[text] || pureBuiltins[text] || q == "tensorflow" || cellfix.KerasName(q) == "keras" || q == "keras" {
		return ""
	}
	return "`call()` reads `" + text + "`, which is neither its input nor computed in it, and a traced `call()` keeps the value it saw when traced"
}

// attribute allows self.NAME when the value call() reads cannot change
// after construction (see selfAttributeChanges): a traced call() keeps the
// value it saw when traced.
func (b *autographBody) attribute(a *cellfix.Node) string {
	if !isSelfAttribute(b.p, a) {
		return ""
	}
	return selfAttributeChanges(b.p, b.kc, b.p.Text(a.Child("attribute")))
}

func isSelfAttribute(p *cellfix.Pass, a *cellfix.Node) bool {
	obj := a.Child("object")
	return a.Type() == "attribute" && obj != nil && obj.Type() == "identifier" && p.Text(obj) == "self"
}

// selfAttributeChanges says why self.name, read in kc's call(), may hold
// another value after construction, or "" when it cannot. It is
// conservative: the document calls no setattr(); every binding of name in
// kc's __init__ and build, and in its class body, is a plain `self.name =`
// (or `name =`) of an immutable constant or a Keras or TensorFlow object;
// and nowhere else is `.name` assigned, augmented, deleted, unpacked into
// or the base of an assigned item or attribute (`layer.name[0] = ...`).
func selfAttributeChanges(p *cellfix.Pass, kc *cellfix.KerasClass, name string) string {
	changed := "`call()` reads `self." + name + "`, which the code changes after construction, and a traced `call()` keeps the value it saw when traced"
	if callsSetattr(p) {
		return "`call()` reads `self." + name + "` and the code calls `setattr()`, which may change it after construction, and a traced `call()` keeps the value it saw when traced"
	}
	m := p.Doc.Model()
	setup := []*cellfix.Node{m.Method(kc, "__init__"), m.Method(kc, "build")}
	why := ""
	for i, c := range p.Doc.Cells {
		if c.Root == nil || why != "" {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if why != "" {
				return false
			}
			for _, target := range assignedTargets(n) {
				touched := targetTouches(c, target, name)
				if touched == nil || selfOfOtherClass(c, kc, touched) {
					continue
				}
				inSetup := false
				for _, s := range setup {
					inSetup = inSetup || (s != nil && i == kc.Cell && n.Start() >= s.Start() && n.End() <= s.End())
				}
				classLevel := i == kc.Cell && n.Ancestor("function_definition") == nil && n.Ancestor("class_definition") == kc.Node
				switch {
				case inSetup && n.Type() == "assignment" && target == n.Child("left") && touched == target && ofSelf(c, target):
					why = immutableBinding(p, kc, i, name, n.Child("right"))
				case classLevel && n.Type() == "assignment" && target.Type() == "identifier":
					why = immutableBinding(p, kc, i, name, n.Child("right"))
				default:
					why = changed
				}
			}
			return why == ""
		})
	}
	return why
}

// assignedTargets are the expressions that statement n binds, deletes or
// changes in place, with tuples and lists of targets taken apart.
func assignedTargets(n *cellfix.Node) []*cellfix.Node {
	var roots []*cellfix.Node
	switch n.Type() {
	case "assignment", "augmented_assignment", "for_statement", "for_in_clause":
		roots = []*cellfix.Node{n.Child("left")}
	case "delete_statement":
		roots = n.NamedChildren()
	}
	var out []*cellfix.Node
	for len(roots) > 0 {
		t := roots[0]
		roots = roots[1:]
		if t == nil {
			continue
		}
		switch t.Type() {
		case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list", "parenthesized_expression", "list_splat_pattern", "list_splat":
			roots = append(roots, t.NamedChildren()...)
		default:
			out = append(out, t)
		}
	}
	return out
}

// targetTouches returns the attribute `.name` that target changes: the
// target itself (x.name = ...) or an object it reaches into
// (x.name[0] = ..., x.name.y = ...); nil when there is none.
func targetTouches(c *cellfix.Cell, target *cellfix.Node, name string) *cellfix.Node {
	for t := target; t != nil; {
		switch t.Type() {
		case "attribute":
			if a := t.Child("attribute"); a != nil && c.Masked[a.Start():a.End()] == name {
				return t
			}
			t = t.Child("object")
		case "subscript":
			t = t.Child("value")
		default:
			return nil
		}
	}
	return nil
}

// ofSelf reports whether attribute a is self.NAME.
func ofSelf(c *cellfix.Cell, a *cellfix.Node) bool {
	obj := a.Child("object")
	return obj != nil && obj.Type() == "identifier" && c.Masked[obj.Start():obj.End()] == "self"
}

// selfOfOtherClass reports whether a is self.NAME in a method of a class
// other than kc: an instance of that class, which is not kc's (kc has no
// subclass, see builtFromInput).
func selfOfOtherClass(c *cellfix.Cell, kc *cellfix.KerasClass, a *cellfix.Node) bool {
	cls := a.Ancestor("class_definition")
	return ofSelf(c, a) && cls != nil && cls != kc.Node && a.Ancestor("function_definition") != nil
}

// immutableBinding says why value, bound to name during construction,
// might be changed in place later, or "" when it is an immutable constant,
// a parameter of __init__ that every construction of kc gives a constant,
// or a Keras or TensorFlow object (a layer, a weight, a tensor), which
// call() reads as it is when traced.
func immutableBinding(p *cellfix.Pass, kc *cellfix.KerasClass, cell int, name string, value *cellfix.Node) string {
	m := p.Doc.Model()
	c := p.Doc.Cells[cell]
	if value != nil {
		switch {
		case isConstant(value):
			return ""
		case value.Type() == "identifier":
			if initParamIsConstant(p, kc, c.Masked[value.Start():value.End()]) {
				return ""
			}
		case value.Type() == "call":
			fn := value.Child("function")
			q := m.Resolve(cell, fn)
			switch {
			case strings.HasPrefix(q, "tensorflow.") || cellfix.KerasName(q) != "":
				return ""
			case fn.Type() == "identifier" && m.KerasClass(cell, c.Masked[fn.Start():fn.End()]) != nil:
				return ""
			case cellfix.CalledMethod(c, value) == "add_weight" && ofSelf(c, fn):
				return ""
			}
		}
	}
	return "`call()` reads `self." + name + "`, which construction binds to something other than a constant or a Keras or TensorFlow object, " +
		"so the code may change it afterwards, and a traced `call()` keeps the value it saw when traced"
}

// isConstant reports whether v is an immutable literal: a number, string,
// bool or None.
func isConstant(v *cellfix.Node) bool {
	switch v.Type() {
	case "integer", "float", "string", "concatenated_string", "true", "false", "none":
		return true
	case "unary_operator":
		arg := v.Child("argument")
		return arg != nil && (arg.Type() == "integer" || arg.Type() == "float")
	}
	return false
}

// initParamIsConstant reports whether name is a parameter of kc's __init__
// that every construction of kc gives an immutable constant, passed or by
// default. builtFromInput has checked that classConstructions are all of
// them.
func initParamIsConstant(p *cellfix.Pass, kc *cellfix.KerasClass, name string) bool {
	init := p.Doc.Model().Method(kc, "__init__")
	if init == nil {
		return false
	}
	c := p.Doc.Cells[kc.Cell]
	index, def := -1, (*cellfix.Node)(nil)
	for i, prm := range init.Child("parameters").NamedChildren() {
		switch prm.Type() {
		case "identifier":
			if c.Masked[prm.Start():prm.End()] == name {
				index = i
			}
		case "default_parameter":
			if n := prm.Child("name"); n != nil && c.Masked[n.Start():n.End()] == name {
				index, def = i, prm.Child("value")
			}
		}
	}
	if index < 1 { // absent, or self
		return false
	}
	ctors := classConstructions(p, kc)
	for _, ctor := range ctors {
		args := cellfix.ArgsOf(p.Doc.Cells[ctor.cell], ctor.call)
		var given *cellfix.Node
		switch kw := args.Keyword[name]; {
		case args.Splat:
			return false
		case kw != nil:
			given = kw.Child("value")
		case index-1 < len(args.Positional):
			given = args.Positional[index-1]
		default:
			given = def
		}
		if given == nil || !isConstant(given) {
			return false
		}
	}
	return len(ctors) > 0
}

// callsSetattr reports whether the document calls setattr(), which may
// set any attribute.
func callsSetattr(p *cellfix.Pass) bool {
	found := false
	p.DocumentCalls(func(_ int, c *cellfix.Cell, call *cellfix.Node) bool {
		fn := call.Child("function")
		if fn != nil && fn.Type() == "attribute" {
			fn = fn.Child("attribute")
		}
		found = fn != nil && fn.Type() == "identifier" && c.Masked[fn.Start():fn.End()] == "setattr"
		return !found
	})
	return found
}

// seedsRandom reports whether the program sets a global random seed.
func seedsRandom(p *cellfix.Pass) bool {
	m := p.Doc.Model()
	found := false
	p.DocumentCalls(func(i int, _ *cellfix.Cell, call *cellfix.Node) bool {
		q := m.Resolve(i, call.Child("function"))
		found = randomSeeders[q] || randomSeeders[cellfix.KerasName(q)]
		return !found
	})
	return found
}
