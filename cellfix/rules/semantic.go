package rules

import (
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// Helpers shared by the rules that need the Keras-level model (layers,
// models, symbolic tensors): jit-compile-xla, nested-functional-inputs,
// call-autograph, tf-op-on-keras-tensor, multi-output-evaluate,
// untracked-tf-variable, none-in-nested-call and missing-build.

// cellText returns the source of a node in the cell at position cell.
func cellText(p *cellfix.Pass, cell int, n *cellfix.Node) string {
	return p.Doc.Cells[cell].Masked[n.Start:n.End]
}

// tfFunction returns the qualified name of a TensorFlow function or class
// that call calls ("tensorflow.strings.as_string"), or "" when the callee
// is not TensorFlow. tf.keras names are Keras, not TensorFlow ops.
func tfFunction(p *cellfix.Pass, cell int, call *cellfix.Node) string {
	if call == nil || call.Type != "call" {
		return ""
	}
	q := p.Doc.Model().Resolve(cell, call.Child("function"))
	if !strings.HasPrefix(q, "tensorflow.") || cellfix.KerasName(q) != "" {
		return ""
	}
	return q
}

// moduleName returns how code in this cell can name module (e.g.
// "tensorflow", "keras.ops"): the local name of a visible import of it (or
// of a parent module, plus the rest of the path), else the full path with
// the import the fix must add.
func moduleName(p *cellfix.Pass, module string) (string, []cellfix.Import) {
	best, bestLen := "", -1
	for _, b := range p.Doc.Model().Bindings {
		if p.Lookup(b.Name) != b {
			continue
		}
		q := b.Qualified
		if k := cellfix.KerasName(q); k != "" && strings.HasPrefix(module, "keras") {
			q = k
		}
		if q == module || strings.HasPrefix(module, q+".") {
			if len(q) > bestLen {
				best, bestLen = b.Name+module[len(q):], len(q)
			}
		}
	}
	if best != "" {
		return best, nil
	}
	root, _, _ := strings.Cut(module, ".")
	if p.Lookup(root) != nil {
		// The root name is bound to something else; importing it would not help.
		return "", nil
	}
	return module, []cellfix.Import{{Module: root}}
}

// selfName returns the name a method's first parameter binds ("self"), or
// "" for a static method or a method without one. fn is a
// function_definition of the cell at position cell.
func selfName(p *cellfix.Pass, cell int, fn *cellfix.Node) string {
	if fn == nil {
		return ""
	}
	if dec := fn.Parent; dec != nil && dec.Type == "decorated_definition" {
		for _, d := range dec.NamedChildren() {
			if d.Type == "decorator" && strings.Contains(cellText(p, cell, d), "staticmethod") {
				return ""
			}
		}
	}
	params := fn.Child("parameters").NamedChildren()
	if len(params) == 0 || params[0].Type != "identifier" {
		return ""
	}
	return cellText(p, cell, params[0])
}

// isSelfAttr reports whether n is self.<attr> inside method fn, and
// returns attr.
func isSelfAttr(p *cellfix.Pass, cell int, fn, n *cellfix.Node) (string, bool) {
	if n == nil || n.Type != "attribute" || fn == nil {
		return "", false
	}
	obj, attr := n.Child("object"), n.Child("attribute")
	self := selfName(p, cell, fn)
	if obj == nil || attr == nil || self == "" || obj.Type != "identifier" || cellText(p, cell, obj) != self {
		return "", false
	}
	return cellText(p, cell, attr), true
}

// walkBody visits the statements of a function body without entering
// nested functions, classes or lambdas, which run in their own context.
func walkBody(fn *cellfix.Node, visit func(*cellfix.Node) bool) {
	body := fn.Child("body")
	for _, st := range body.Children {
		st.Walk(func(n *cellfix.Node) bool {
			switch n.Type {
			case "function_definition", "class_definition", "lambda", "decorated_definition":
				return false
			}
			return visit(n)
		})
	}
}

// isLayerConstructor reports whether call creates a layer or model: a
// built-in Keras layer class or a user Keras class.
func isLayerConstructor(p *cellfix.Pass, cell int, call *cellfix.Node) bool {
	if call == nil || call.Type != "call" {
		return false
	}
	m := p.Doc.Model()
	if q := m.Resolve(cell, call.Child("function")); q != "" && cellfix.ClassifyKerasName(cellfix.KerasName(q)).IsLayer() {
		return true
	}
	return m.InstanceOf(cell, call) != nil
}

// isLayer reports whether expression n holds a layer: a layer constructor
// call, a name assigned from one, or self.<attr> set to one in __init__.
func isLayer(p *cellfix.Pass, cell int, n *cellfix.Node) bool {
	m := p.Doc.Model()
	if kc := m.EnclosingKerasClass(cell, n); kc != nil {
		if fn, _ := m.EnclosingMethod(n); fn != nil {
			if attr, ok := isSelfAttr(p, cell, fn, n); ok {
				_, found := sublayers(p, kc)[attr]
				return found
			}
		}
	}
	c, v := m.Unwrap(cell, n)
	return isLayerConstructor(p, c, v)
}

// sublayers maps the attributes that a Keras class's __init__ sets to a
// layer (self.dense = layers.Dense(4)) to the constructor call.
func sublayers(p *cellfix.Pass, kc *cellfix.KerasClass) map[string]*cellfix.Node {
	out := map[string]*cellfix.Node{}
	init := p.Doc.Model().Method(kc, "__init__")
	if init == nil {
		return out
	}
	walkBody(init, func(n *cellfix.Node) bool {
		if n.Type != "assignment" {
			return true
		}
		attr, ok := isSelfAttr(p, kc.Cell, init, n.Child("left"))
		if !ok {
			return true
		}
		if ctor := layerOrLayerList(p, kc.Cell, n.Child("right")); ctor != nil {
			out[attr] = ctor
		}
		return true
	})
	return out
}

// layerOrLayerList returns the layer constructor call that right is, or
// that builds the items of a list of layers ([Dense(4) for _ in range(3)],
// [Dense(4), Dense(2)]), or nil.
func layerOrLayerList(p *cellfix.Pass, cell int, right *cellfix.Node) *cellfix.Node {
	if right == nil {
		return nil
	}
	switch right.Type {
	case "call":
		if isLayerConstructor(p, cell, right) {
			return right
		}
	case "list_comprehension":
		return layerOrLayerList(p, cell, right.Child("body"))
	case "list", "tuple":
		items := right.NamedChildren()
		if len(items) > 0 {
			return layerOrLayerList(p, cell, items[0])
		}
	}
	return nil
}

// methodCall returns the receiver of a call like recv.name(...), or nil.
func methodCall(p *cellfix.Pass, cell int, call *cellfix.Node, name string) *cellfix.Node {
	if call == nil || call.Type != "call" {
		return nil
	}
	fn := call.Child("function")
	if fn == nil || fn.Type != "attribute" {
		return nil
	}
	if attr := fn.Child("attribute"); attr == nil || cellText(p, cell, attr) != name {
		return nil
	}
	return fn.Child("object")
}

// decoratedWithTFFunction reports whether a function definition of the
// cell at position cell carries @tf.function or @tf.function(...), under
// any import spelling (tf.compat.v1.function too).
func decoratedWithTFFunction(model *cellfix.Model, cell int, fn *cellfix.Node) bool {
	dec := fn.Parent
	if dec == nil || dec.Type != "decorated_definition" {
		return false
	}
	for _, d := range dec.NamedChildren() {
		if d.Type != "decorator" {
			continue
		}
		for _, e := range d.NamedChildren() {
			if e.Type == "call" {
				e = e.Child("function")
			}
			if e == nil {
				continue
			}
			if q := model.Resolve(cell, e); q == "tensorflow.function" || q == "tensorflow.compat.v1.function" {
				return true
			}
		}
	}
	return false
}
