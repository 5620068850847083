package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/opmap"
)

// TFOpToKerasOps rewrites TensorFlow ops (tf.reduce_sum, tf.nn.relu,
// tf.concat ...) to their keras.ops equivalents, driven by the op table in
// opmap.tsv, and reports TensorFlow calls with no equivalent inside Keras
// layers and models.
//
// Keras 3 runs the same layer on JAX, TensorFlow or PyTorch, but a tf.*
// call inside it only runs on TensorFlow. The rewrite renames arguments
// (tf.concat(values, axis) → keras.ops.concatenate(xs, axis)), writes out
// defaults that differ (tf.gather's axis 0) and turns TensorFlow dtypes into
// strings:
//
//	tf.reduce_sum(tf.cast(x, tf.float32), axis=1)
//	→ keras.ops.sum(keras.ops.cast(x, "float32"), axis=1)
//
// Calls that stay TensorFlow-only on purpose are left alone outside Keras
// classes: code TensorFlow traces (tf.data callbacks, tf.function and the
// helpers it calls, GradientTape blocks), tf.Module and extension-type
// classes, and values going into or coming from TensorFlow-only APIs (see
// tf_on_purpose.go). Ops on symbolic tensors during functional
// construction are tf-op-on-keras-tensor's; random ops inside layers are
// stateful-tf-random's.
// Once nothing uses `tf` any more, tf-keras-import removes the import.
var TFOpToKerasOps = &cellfix.Rule{
	Name:      "tf-op-to-keras-ops",
	Code:      "K501",
	Title:     "TensorFlow op where a backend-agnostic `keras.ops` op exists",
	MultiOnly: true,
	Fixable:   true,
	Run:       runTFOpToKerasOps,
}

func init() { register(TFOpToKerasOps) }

// tfOnlyElsewhere are TensorFlow names other rules report inside layers.
var tfOnlyElsewhere = map[string]bool{
	"tensorflow.Variable":     true, // untracked-tf-variable
	"tensorflow.function":     true, // call-autograph and friends
	"tensorflow.GradientTape": true, // tf-train-step
}

func runTFOpToKerasOps(p *cellfix.Pass) {
	ctx := &opContext{}
	p.Each(func(n *cellfix.Node) bool {
		switch n.Type() {
		case "call":
			checkTFOpCall(p, n, ctx)
			checkTracedShape(p, n)
		case "attribute":
			if n.Parent != nil && n.Parent.Type() == "attribute" && n.Field() == "object" {
				return true // only whole chains
			}
			if n.Parent != nil && n.Parent.Type() == "call" && n.Field() == "function" {
				return true // calls are handled above
			}
			checkTFReference(p, n, ctx)
		}
		return true
	}, "call", "attribute")
}

func checkTFOpCall(p *cellfix.Pass, call *cellfix.Node, ctx *opContext) {
	fn := call.Child("function")
	q := cellfix.TensorFlowName(p.Resolve(fn))
	if q == "" || call.Ancestor("decorator") != nil {
		return // decorator arguments (input_signature=[tf.TensorSpec(...)]) configure TensorFlow itself
	}
	model := p.Doc.Model()
	kc := model.EnclosingKerasClass(p.CellPos, call)
	if kc == nil && (anySymbolicArg(p, call) || !ctx.convertible(p, call) || ctx.tfOnlyInput(p, call)) {
		return // tf-op-on-keras-tensor's, or TensorFlow on purpose
	}
	written := cellfix.OneLine(p.Text(fn))
	m, ok := opmap.For(q)
	switch {
	case ok && m.Value:
		return
	case ok && !m.ReportOnly:
		if kc != nil && isTFRandom(q, m) {
			return // stateful-tf-random
		}
		edits, reason := opmap.RewriteCall(p, call, m)
		if m.Keras == "keras.ops.convert_to_tensor" && p.Doc.Model().HoldsString(p.CellPos, call) {
			if kc == nil {
				return // string tensors are TensorFlow's; outside models they feed TensorFlow
			}
			edits, reason = nil, "it makes a string tensor, which only TensorFlow has"
		}
		numpy := numpyCall(p, call)
		if reason == "" && numpy == nil && ctx.scope(p).NumpiedLater(p.CellPos, call) {
			reason = "its result later gets `.numpy()`, a TensorFlow tensor method that JAX arrays lack; read the value with `keras.ops.convert_to_numpy(...)` instead"
		}
		if reason != "" {
			p.Reportf(call, nil, fmt.Sprintf("`%s` runs only on TensorFlow; its Keras equivalent `%s` needs a hand edit because %s", written, m.Keras, reason))
			return
		}
		safety, note := m.Safety, m.Note
		if m.SafeWhenIndexed && isIndexed(call) {
			safety = cellfix.Safe
		}
		if seqNote := sequenceArgumentNote(p, call, q); seqNote != "" {
			safety, note = cellfix.Unsafe, strings.TrimSpace(seqNote+" "+note)
		}
		title := "Use `" + m.Keras + "`"
		msg := fmt.Sprintf("`%s` runs only on TensorFlow; use `%s`", written, m.Keras)
		if numpy != nil {
			// x.numpy() is TensorFlow's; keras.ops.convert_to_numpy works on every backend.
			edits[0].NewText = "keras.ops.convert_to_numpy(" + edits[0].NewText
			edits = append(edits, p.Edit().ReplaceRange(call.End(), numpy.End(), ")"))
			title += " and `keras.ops.convert_to_numpy`"
			msg += ", and `keras.ops.convert_to_numpy(...)` for `.numpy()`"
		}
		if safety == cellfix.Unsafe && note != "" {
			msg += " (check: " + note + ")"
		}
		p.Reportf(call, &cellfix.Fix{
			Title:   title,
			Safety:  safety,
			Edits:   edits,
			Imports: []cellfix.Import{{Module: "keras"}},
		}, msg)
	default:
		if kc == nil || tfOnlyElsewhere[q] || strings.HasPrefix(q, "tensorflow.random.") {
			return
		}
		if _, method := model.EnclosingMethod(call); method == "train_step" || method == "test_step" {
			return // tf-train-step reports the whole method
		}
		if ok {
			p.Reportf(call, nil, fmt.Sprintf("`%s` has no 1:1 Keras equivalent, so `%s` runs only on TensorFlow: %s", written, kc.Name, m.Note))
			return
		}
		if strings.HasPrefix(q, "tensorflow.compat.v1.") {
			// Its ops have TensorFlow 1 signatures, which the table does not map.
			p.Reportf(call, nil, fmt.Sprintf("`%s` is TensorFlow 1's API (`tf.compat.v1`), so `%s` runs only on TensorFlow: rewrite it with Keras layers and `keras.ops`", written, kc.Name))
			return
		}
		p.Reportf(call, nil, fmt.Sprintf("`%s` has no Keras equivalent, so `%s` runs only on TensorFlow: rewrite it with `keras.ops`, or move it out of the model (into the tf.data pipeline, for example)", written, kc.Name))
	}
}

// numpyCall returns the call x.numpy() when call's result is read with
// .numpy() right away, else nil.
func numpyCall(p *cellfix.Pass, call *cellfix.Node) *cellfix.Node {
	attr := call.Parent
	if attr == nil || attr.Type() != "attribute" || call.Field() != "object" {
		return nil
	}
	if name := attr.Child("attribute"); name == nil || p.Text(name) != "numpy" {
		return nil
	}
	outer := attr.Parent
	if outer == nil || outer.Type() != "call" || attr.Field() != "function" || len(outer.Child("arguments").NamedChildren()) != 0 {
		return nil
	}
	return outer
}

// sequenceParams are TensorFlow ops whose first argument is a list of
// tensors but that also accept one tensor, which they return as is; the
// Keras op would take that tensor apart along its first axis.
var sequenceParams = map[string]string{"tensorflow.concat": "values"}

// sequenceArgumentNote explains why a call to one of sequenceParams needs
// review: its argument is not evidently a list or tuple.
func sequenceArgumentNote(p *cellfix.Pass, call *cellfix.Node, q string) string {
	name, ok := sequenceParams[q]
	if !ok {
		return ""
	}
	arg := p.Args(call).Value(0, name)
	if arg == nil {
		return ""
	}
	_, v := p.Doc.Model().Unwrap(p.CellPos, arg)
	if v != nil {
		switch v.Type() {
		case "list", "tuple", "list_comprehension", "generator_expression":
			return ""
		}
	}
	return fmt.Sprintf("`%s` is not written as a list here: given one tensor, TensorFlow returns it unchanged, while the Keras op would split it along its first axis.", p.Text(arg))
}

// checkTFReference handles a TensorFlow name used as a value: a dtype
// passed to a Keras call (dtype=tf.float32), tf.newaxis, or an op passed as
// a function (activation=tf.nn.relu).
func checkTFReference(p *cellfix.Pass, n *cellfix.Node, ctx *opContext) {
	q := cellfix.TensorFlowName(p.Resolve(n))
	if q == "" {
		return
	}
	m, ok := opmap.For(q)
	if !ok || m.ReportOnly || n.Ancestor("decorator") != nil || isAssignmentTarget(n) {
		return
	}
	written := cellfix.OneLine(p.Text(n))
	kc := p.Doc.Model().EnclosingKerasClass(p.CellPos, n)
	if m.Value {
		if (m.Keras != "None" && !isKerasCallArgument(p, n)) || (kc == nil && !ctx.notebookUsesKeras(p)) {
			return
		}
		msg := fmt.Sprintf("`%s` is a TensorFlow dtype; Keras 3 takes the string `%s` on every backend", written, m.Keras)
		if m.Keras == "None" {
			msg = fmt.Sprintf("`%s` is TensorFlow's name for `None`; write `None`", written)
		}
		p.Reportf(n, &cellfix.Fix{Title: "Use " + m.Keras, Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Replace(n, m.Keras)}}, msg)
		return
	}
	if !referenceCompatible(m) || (kc == nil && !ctx.convertible(p, n)) || (kc != nil && isTFRandom(q, m)) {
		return
	}
	safety := m.Safety
	if m.SafeWhenIndexed {
		safety = cellfix.Unsafe
	}
	msg := fmt.Sprintf("`%s` runs only on TensorFlow; pass `%s` instead", written, m.Keras)
	if safety == cellfix.Unsafe && m.Note != "" {
		msg += " (check: " + m.Note + ")"
	}
	p.Reportf(n, &cellfix.Fix{
		Title:   "Use `" + m.Keras + "`",
		Safety:  safety,
		Edits:   []cellfix.TextEdit{p.Replace(n, m.Keras)},
		Imports: []cellfix.Import{{Module: "keras"}},
	}, msg)
}

// referenceCompatible reports whether the Keras function can stand in for
// the TensorFlow one wherever it is called: the first argument keeps its
// place and nothing has to be written out.
func referenceCompatible(m opmap.Mapping) bool {
	if m.Keras == "" || len(m.Fills) > 0 || len(m.Needs) > 0 || len(m.TFParams) == 0 || len(m.KerasParams) == 0 {
		return false
	}
	to, ok := m.Target(m.TFParams[0].Name)
	return ok && to == m.KerasParams[0].Name
}

// isTFRandom reports whether a name or row belongs to stateful-tf-random.
func isTFRandom(q string, m opmap.Mapping) bool {
	return strings.HasPrefix(q, "tensorflow.random.") || strings.HasPrefix(m.Keras, "keras.random.")
}

// isIndexed reports whether an expression's value is subscripted right away.
func isIndexed(n *cellfix.Node) bool {
	return n.Parent != nil && n.Parent.Type() == "subscript" && n.Field() == "value"
}

func isAssignmentTarget(n *cellfix.Node) bool {
	for c := n; c.Parent != nil; c = c.Parent {
		switch c.Parent.Type() {
		case "assignment", "augmented_assignment":
			return c.Field() == "left"
		case "pattern_list", "tuple_pattern", "list_pattern":
			continue
		}
		return false
	}
	return false
}

// isKerasCallArgument reports whether n is passed directly to a Keras API:
// a keras.* call, or a method of self inside a Keras class (add_weight).
func isKerasCallArgument(p *cellfix.Pass, n *cellfix.Node) bool {
	arg := n
	if arg.Parent != nil && arg.Parent.Type() == "keyword_argument" && arg.Field() == "value" {
		arg = arg.Parent
	}
	if arg.Parent == nil || arg.Parent.Type() != "argument_list" || arg.Parent.Parent == nil {
		return false
	}
	fn := arg.Parent.Parent.Child("function")
	if fn == nil {
		return false
	}
	if cellfix.KerasName(p.Resolve(fn)) != "" {
		return true
	}
	if fn.Type() == "attribute" && p.Doc.Model().EnclosingKerasClass(p.CellPos, n) != nil {
		obj := fn.Child("object")
		return obj != nil && obj.Type() == "identifier" && p.Text(obj) == "self"
	}
	return false
}

// anySymbolicArg reports whether a call gets a symbolic Keras tensor.
func anySymbolicArg(p *cellfix.Pass, call *cellfix.Node) bool {
	model := p.Doc.Model()
	for _, a := range call.Child("arguments").NamedChildren() {
		if a.Type() == "keyword_argument" {
			a = a.Child("value")
		}
		if model.HoldsSymbolic(p.CellPos, a) {
			return true
		}
	}
	return false
}

// opContext holds what the rule works out about the whole notebook, once
// per cell and only when needed.
type opContext struct {
	// tf is the notebook-wide analysis of TensorFlow-only code.
	tf *cellfix.TFScopes
}

// convertible reports whether a TensorFlow op outside Keras classes should
// become keras.ops: the notebook uses Keras at all (a pure TensorFlow
// notebook is not a Keras migration), and the code is not TensorFlow on
// purpose (tf_on_purpose.go): traced by TensorFlow itself (tf.data
// callbacks, tf.function), in a with-block TensorFlow controls
// (GradientTape, tf.device, a TF1 Session or graph), inside a tf.Module or
// extension type, or feeding a TensorFlow-only API.
func (c *opContext) convertible(p *cellfix.Pass, n *cellfix.Node) bool {
	if !c.notebookUsesKeras(p) || c.tracedByTF(p, n) {
		return false
	}
	s := c.scope(p)
	return !s.InTFClass(p.CellPos, n) && !s.FlowsIntoTF(p.CellPos, n)
}

// tfOnlyInput reports whether a call gets a value only TensorFlow has (a
// string tensor, a tf.Variable, a dataset ...): the op stays TensorFlow.
func (c *opContext) tfOnlyInput(p *cellfix.Pass, call *cellfix.Node) bool {
	for _, a := range call.Child("arguments").NamedChildren() {
		if a.Type() == "keyword_argument" {
			a = a.Child("value")
		}
		if a != nil && a.Type() != "comment" && c.scope(p).TFOnlyValue(p.CellPos, a) {
			return true
		}
	}
	return false
}

// scope returns the notebook-wide analysis, computed on first use.
func (c *opContext) scope(p *cellfix.Pass) *cellfix.TFScopes {
	if c.tf == nil {
		c.tf = cellfix.ResultOf(p, tfScopes)
	}
	return c.tf
}

func (c *opContext) tracedByTF(p *cellfix.Pass, n *cellfix.Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		switch a.Type() {
		case "lambda":
			if isTracingArgument(p, a) {
				return true
			}
		case "function_definition":
			if name := a.Child("name"); name != nil && c.scope(p).Traced(p.Text(name)) {
				return true
			}
			if p.Doc.Model().DecoratedWithTFFunction(p.CellPos, a) {
				return true
			}
		case "with_statement":
			found := false
			body := a.Child("body")
			a.Walk(func(w *cellfix.Node) bool {
				if w == body {
					return false
				}
				// tf.GradientTape(), tf.device(...), tf.compat.v1.Session(),
				// graph.as_default(): the block runs under TensorFlow's control.
				if w.Type() == "call" && c.scope(p).MadeByTF(p.CellPos, w) {
					found = true
				}
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}

// isTracingArgument reports whether n is passed to a dataset method
// (dataset.map(...)) or to tf.function(...).
func isTracingArgument(p *cellfix.Pass, n *cellfix.Node) bool {
	arg := n
	if arg.Parent != nil && arg.Parent.Type() == "keyword_argument" {
		arg = arg.Parent
	}
	if arg.Parent == nil || arg.Parent.Type() != "argument_list" || arg.Parent.Parent == nil {
		return false
	}
	fn := arg.Parent.Parent.Child("function")
	return fn != nil && cellfix.IsTracingCall(p.Doc.Model(), p.CellPos, fn, p.Cell.Masked)
}

// notebookUsesKeras reports whether any cell imports Keras or reaches it
// through tf.keras.
func (c *opContext) notebookUsesKeras(p *cellfix.Pass) bool { return c.scope(p).UsesKeras() }

// shapeCreators are the ops, in either API, that make a tensor of a given
// shape, with the name of their shape parameter.
var shapeCreators = map[string]string{
	"tensorflow.ones": "shape", "tensorflow.zeros": "shape", "tensorflow.fill": "dims",
	"keras.ops.ones": "shape", "keras.ops.zeros": "shape", "keras.ops.full": "shape",
}

// checkTracedShape reports, inside a Keras class, a tensor created with a
// shape that holds a tensor (a size read with tf.shape or keras.ops.shape):
// TensorFlow accepts it, but JAX needs every shape concrete when Keras traces
// the layer, so the call fails there ("Shapes must be 1D sequences of
// concrete values"), whichever API spells it. No mechanical fix: the usual
// cure is to broadcast from the input (`ones_like`).
func checkTracedShape(p *cellfix.Pass, call *cellfix.Node) {
	m := p.Doc.Model()
	q := p.Resolve(call.Child("function"))
	param, ok := shapeCreators[q]
	if !ok {
		param, ok = shapeCreators[cellfix.KerasName(q)]
	}
	if !ok || m.EnclosingKerasClass(p.CellPos, call) == nil {
		return
	}
	shape := p.Args(call).Value(0, param)
	if shape == nil || (shape.Type() != "tuple" && shape.Type() != "list") {
		return
	}
	for _, el := range shape.NamedChildren() {
		if holdsTensorSize(p, el, 0) {
			p.Reportf(call, nil, fmt.Sprintf("the shape `%s` holds a tensor (`%s`, a size read with `shape()`): on JAX, Keras traces "+
				"the layer with every shape concrete, so this fails (\"Shapes must be 1D sequences of concrete values\"); "+
				"build the tensor from the input by broadcasting instead (`keras.ops.ones_like(x[:, :1])`), or keep the TensorFlow backend",
				cellfix.OneLine(p.Text(shape)), cellfix.OneLine(p.Text(el))))
			return
		}
	}
}

// holdsTensorSize reports whether n is a size read from a tensor's shape
// at run time (`tf.shape(x)[0]`, `keras.ops.shape(x)[0]`), possibly cast,
// scaled or held in a name.
func holdsTensorSize(p *cellfix.Pass, n *cellfix.Node, depth int) bool {
	if n == nil || depth > 6 {
		return false
	}
	m := p.Doc.Model()
	switch n.Type() {
	case "subscript":
		v := n.Child("value")
		if v != nil && v.Type() == "call" {
			q := p.Resolve(v.Child("function"))
			return q == "tensorflow.shape" || cellfix.KerasName(q) == "keras.ops.shape"
		}
	case "call":
		q := p.Resolve(n.Child("function"))
		if q == "tensorflow.cast" || cellfix.KerasName(q) == "keras.ops.cast" {
			return holdsTensorSize(p, p.Args(n).Value(0, "x"), depth+1)
		}
	case "binary_operator":
		return holdsTensorSize(p, n.Child("left"), depth+1) || holdsTensorSize(p, n.Child("right"), depth+1)
	case "identifier":
		if c, v := m.ValueOf(p.CellPos, n); v != nil && c == p.CellPos {
			return holdsTensorSize(p, v, depth+1)
		}
	}
	return false
}
