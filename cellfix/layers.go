package cellfix

import "strings"

// This file is the layer part of the model: which expressions construct
// or hold layers, which attributes of a Keras class are its sublayers, and
// the method and decorator facts the rules about layers, models and
// tf.function share.

// Text returns the source of a node in the cell at position cell.
func (m *Model) Text(cell int, n *Node) string { return m.cellText(cell)[n.Start():n.End()] }

// TFCallee returns the TensorFlow name (see TensorFlowName) of the function or class
// that call calls ("tensorflow.strings.as_string"), or "" when the callee
// is not TensorFlow. tf.keras names are Keras, not TensorFlow ops.
func (m *Model) TFCallee(cell int, call *Node) string {
	if call == nil || call.Type() != "call" {
		return ""
	}
	return TensorFlowName(m.Resolve(cell, call.Child("function")))
}

// ModuleName returns how code in this cell can name module (e.g.
// "tensorflow", "keras.ops"): the local name of a visible import of it (or
// of a parent module, plus the rest of the path), else the full path with
// the import the fix must add.
func (p *Pass) ModuleName(module string) (string, []Import) {
	best, bestLen := "", -1
	var bestBinding *Binding
	// The names visible here, not every binding of the history: a
	// session's check must not grow with it. Of equally long matches the
	// first bound wins, as in document order.
	for _, b := range p.Doc.model.visible(p.CellPos) {
		q := b.Qualified
		if k := KerasName(q); k != "" && strings.HasPrefix(module, "keras") {
			q = k
		}
		if InModule(module, q) {
			if len(q) > bestLen || (len(q) == bestLen && b.boundBefore(bestBinding)) {
				best, bestLen, bestBinding = b.Name+module[len(q):], len(q), b
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
	return module, []Import{{Module: root}}
}

// SelfName returns the name a method's first parameter binds ("self"), or
// "" for a static method or a method without one. fn is a
// function_definition of the cell at position cell.
func (m *Model) SelfName(cell int, fn *Node) string {
	if fn == nil {
		return ""
	}
	if dec := fn.Parent; dec != nil && dec.Type() == "decorated_definition" {
		for _, d := range dec.NamedChildren() {
			if d.Type() == "decorator" && strings.Contains(m.Text(cell, d), "staticmethod") {
				return ""
			}
		}
	}
	params := fn.Child("parameters").NamedChildren()
	if len(params) == 0 || params[0].Type() != "identifier" {
		return ""
	}
	return m.Text(cell, params[0])
}

// SelfAttr reports whether n is self.<attr> inside method fn, and
// returns attr.
func (m *Model) SelfAttr(cell int, fn, n *Node) (string, bool) {
	if n == nil || n.Type() != "attribute" || fn == nil {
		return "", false
	}
	obj, attr := n.Child("object"), n.Child("attribute")
	self := m.SelfName(cell, fn)
	if obj == nil || attr == nil || self == "" || obj.Type() != "identifier" || m.Text(cell, obj) != self {
		return "", false
	}
	return m.Text(cell, attr), true
}

// WalkBody visits the statements of a function body without entering
// nested functions, classes or lambdas, which run in their own context.
func WalkBody(fn *Node, visit func(*Node) bool) {
	body := fn.Child("body")
	for _, st := range body.Children() {
		st.Walk(func(n *Node) bool {
			switch n.Type() {
			case "function_definition", "class_definition", "lambda", "decorated_definition":
				return false
			}
			return visit(n)
		})
	}
}

// ConstructsLayer reports whether call creates a layer or model: a
// built-in Keras layer class or a user Keras class.
func (m *Model) ConstructsLayer(cell int, call *Node) bool {
	if call == nil || call.Type() != "call" {
		return false
	}
	if q := m.Resolve(cell, call.Child("function")); q != "" && ClassifyKerasName(KerasName(q)).IsLayer() {
		return true
	}
	return m.InstanceOf(cell, call) != nil
}

// IsLayer reports whether expression n holds a layer: a layer constructor
// call, a name assigned from one, or self.<attr> set to one in __init__.
func (m *Model) IsLayer(cell int, n *Node) bool {
	if kc := m.EnclosingKerasClass(cell, n); kc != nil {
		if fn, _ := m.EnclosingMethod(n); fn != nil {
			if attr, ok := m.SelfAttr(cell, fn, n); ok {
				_, found := m.Sublayers(kc)[attr]
				return found
			}
		}
	}
	c, v := m.Unwrap(cell, n)
	return m.ConstructsLayer(c, v)
}

// Sublayers maps the attributes that a Keras class's __init__ sets to a
// layer (self.dense = layers.Dense(4)) to the constructor call.
func (m *Model) Sublayers(kc *KerasClass) map[string]*Node {
	out := map[string]*Node{}
	init := m.Method(kc, "__init__")
	if init == nil {
		return out
	}
	WalkBody(init, func(n *Node) bool {
		if n.Type() != "assignment" {
			return true
		}
		attr, ok := m.SelfAttr(kc.Cell, init, n.Child("left"))
		if !ok {
			return true
		}
		if ctor := m.layerOrLayerList(kc.Cell, n.Child("right")); ctor != nil {
			out[attr] = ctor
		}
		return true
	})
	return out
}

// layerOrLayerList returns the layer constructor call that right is, or
// that builds the items of a list of layers ([Dense(4) for _ in range(3)],
// [Dense(4), Dense(2)]), or nil.
func (m *Model) layerOrLayerList(cell int, right *Node) *Node {
	if right == nil {
		return nil
	}
	switch right.Type() {
	case "call":
		if m.ConstructsLayer(cell, right) {
			return right
		}
	case "list_comprehension":
		return m.layerOrLayerList(cell, right.Child("body"))
	case "list", "tuple":
		items := right.NamedChildren()
		if len(items) > 0 {
			return m.layerOrLayerList(cell, items[0])
		}
	}
	return nil
}

// MethodReceiver returns the receiver of a call like recv.name(...), or nil.
func (m *Model) MethodReceiver(cell int, call *Node, name string) *Node {
	if call == nil || call.Type() != "call" {
		return nil
	}
	fn := call.Child("function")
	if fn == nil || fn.Type() != "attribute" {
		return nil
	}
	if attr := fn.Child("attribute"); attr == nil || m.Text(cell, attr) != name {
		return nil
	}
	return fn.Child("object")
}

// DecoratedWithTFFunction reports whether a function definition of the
// cell at position cell carries @tf.function or @tf.function(...), under
// any import spelling (tf.compat.v1.function too).
func (m *Model) DecoratedWithTFFunction(cell int, fn *Node) bool {
	dec := fn.Parent
	if dec == nil || dec.Type() != "decorated_definition" {
		return false
	}
	for _, d := range dec.NamedChildren() {
		if d.Type() != "decorator" {
			continue
		}
		for _, e := range d.NamedChildren() {
			if e.Type() == "call" {
				e = e.Child("function")
			}
			if e == nil {
				continue
			}
			if q := m.Resolve(cell, e); q == "tensorflow.function" || q == "tensorflow.compat.v1.function" {
				return true
			}
		}
	}
	return false
}
