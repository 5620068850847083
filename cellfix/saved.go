package cellfix

// This file follows a model file back to the model the code wrote into it,
// so the rules about loading a file (a loss abbreviation it was compiled
// with, Lambda layers it holds) judge the model that was actually saved,
// not any model of the notebook.

// ModelWrite is the call that last wrote a model file before it is read.
type ModelWrite struct {
	// Cell is the position in Document.Cells of Call.
	Cell int
	// Call is the model.save(...) or save_model(model, ...) call, or the
	// fit(...) call whose ModelCheckpoint callback writes the file.
	Call *Node
	// Receiver is the expression of the model written (nil when the call
	// does not show it).
	Receiver *Node
	// ValueCell and Value are where that model was made: the expression
	// last assigned to Receiver before Call. Value is nil when Receiver is
	// not a variable with a visible assignment.
	ValueCell int
	Value     *Node
}

// LastModelWrite returns the last call before call (in the pass's cell)
// that writes the model file path names: `m.save(path)`,
// `keras.models.save_model(m, path)`, or a `fit()` that is given a
// `ModelCheckpoint(path)` made earlier that saves the whole model (one
// with save_weights_only writes no model). ok is false when the code writes
// no file by that path (or the path is not known).
func (p *Pass) LastModelWrite(call, path *Node) (w ModelWrite, ok bool) {
	m := p.Doc.Model()
	key := m.PathKey(p.CellPos, path)
	if key == "" {
		return w, false
	}
	type site struct {
		cell int
		node *Node
	}
	var checkpoints []site
	p.modelCallsBefore(call, key, func(i int, c *Cell, n *Node) bool {
		fn := n.Child("function")
		args := ArgsOf(c, n)
		if fw, written := m.modelFileWrite(i, c, n); written && fw.method != "export" && m.PathKey(i, fw.path) == key {
			if fw.checkpoint {
				checkpoints = append(checkpoints, site{i, n})
			} else {
				w, ok = m.modelWrite(i, n, fw.model), true
			}
			return true
		}
		if KerasName(m.Resolve(i, fn)) == "" && fn != nil && fn.Type() == "attribute" {
			switch CalledMethod(c, n) {
			case "fit", "fit_generator":
				cbs := args.Keyword["callbacks"]
				if cbs == nil || len(checkpoints) == 0 {
					break
				}
				uses := false
				cbs.Walk(func(x *Node) bool {
					at, v := i, x
					if x.Type() == "identifier" {
						at, v = m.ValueOf(i, x)
					}
					for _, cp := range checkpoints {
						if v != nil && v == cp.node && at == cp.cell {
							uses = true
						}
					}
					return !uses
				})
				if uses {
					w, ok = m.modelWrite(i, n, fn.Child("object")), true
				}
			}
		}
		return true
	})
	if ok && indexModelWrites {
		lastWritesIndexed.Add(1)
	}
	return w, ok
}

// modelCallsBefore is CallsBefore(call, visit) less the calls that
// LastModelWrite's visit, for the path of key, passes over: those that
// neither write a model file nor call a method named fit or
// fit_generator, and (searchWritesByKey) the writes of other paths and
// the fits before the first ModelCheckpoint of key, which have no
// checkpoint of the path to train.
func (p *Pass) modelCallsBefore(call *Node, key string, visit func(cell int, c *Cell, n *Node) bool) {
	if !indexModelWrites {
		p.CallsBefore(call, visit)
		return
	}
	index := modelWrites.Of(p.Doc)
	if searchWritesByKey {
		checkpointed := false
		for i := 0; i <= p.CellPos; i++ {
			c := p.Doc.Cells[i]
			if c.Root == nil {
				continue
			}
			w := index.of(p.Doc.model, i, c)
			writes, fits := w.byKey[key], w.fits
			for len(writes) > 0 || len(fits) > 0 {
				var n *Node
				if len(fits) == 0 || (len(writes) > 0 && writes[0].pre < fits[0].pre) {
					n, writes = writes[0], writes[1:]
				} else {
					n, fits = fits[0], fits[1:]
					if !checkpointed {
						continue
					}
				}
				if i == p.CellPos && n.Start() >= call.Start() {
					break // and so are the calls after it, in preorder
				}
				checkpointed = checkpointed || w.checkpoints[n]
				if !visit(i, c, n) {
					return
				}
			}
		}
		return
	}
	for i := 0; i <= p.CellPos; i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		for _, n := range index.of(p.Doc.model, i, c).writesOrFits {
			if (i < p.CellPos || n.Start() < call.Start()) && !visit(i, c, n) {
				return
			}
		}
	}
}

func (m *Model) modelWrite(cell int, call, receiver *Node) ModelWrite {
	w := ModelWrite{Cell: cell, Call: call, Receiver: receiver, ValueCell: cell}
	if receiver != nil && receiver.Type() == "identifier" {
		w.ValueCell, w.Value = m.ValueOf(cell, receiver)
	}
	return w
}

// HoldsValue reports whether the variable ident, in the cell at position
// cell, holds the value made by expression value of cell valueCell: the
// assignment in effect there is that one.
func (m *Model) HoldsValue(cell int, ident *Node, valueCell int, value *Node) bool {
	if ident == nil || ident.Type() != "identifier" || value == nil {
		return false
	}
	vc, v := m.ValueOf(cell, ident)
	return v == value && vc == valueCell
}

// ConstructsModel reports whether expression n of the cell at position
// cell builds a new, uncompiled model: a Keras model class
// (`Sequential(...)`, `Model(inputs, outputs)`, `clone_model(...)`) or a
// Keras model class of the notebook, or a function of the notebook whose
// every return builds one that way (and that compiles nothing). A model
// loaded from a file is not known to be uncompiled.
func (m *Model) ConstructsModel(cell int, n *Node) bool { return m.constructsModel(cell, n, 0) }

func (m *Model) constructsModel(cell int, n *Node, depth int) bool {
	cell, n = m.Unwrap(cell, n)
	if n == nil || n.Type() != "call" || depth > 3 {
		return false
	}
	fn := n.Child("function")
	if q := m.Resolve(cell, fn); q != "" {
		switch KerasName(q) {
		case "keras.Sequential", "keras.models.Sequential", "keras.Model", "keras.models.Model", "keras.models.clone_model":
			return true
		}
		return false
	}
	if fn != nil && fn.Type() == "identifier" {
		name := m.Text(cell, fn)
		if kc := m.KerasClass(cell, name); kc != nil {
			return kc.IsModel
		}
		if f, ok := m.keras().lastDefinition(func(k *kerasInfo) []Value { return k.functions[name] }, cell, n.Start()); ok {
			return m.returnsNewModel(f, depth)
		}
	}
	return false
}

// returnsNewModel reports whether every return of function f builds an
// uncompiled model and its body calls no compile().
func (m *Model) returnsNewModel(f Value, depth int) bool {
	body := f.Node.Child("body")
	if body == nil {
		return false
	}
	c := m.doc.Cells[f.Cell]
	returns, ok := 0, true
	body.Walk(func(n *Node) bool {
		switch n.Type() {
		case "function_definition", "class_definition", "lambda":
			return false
		case "call":
			if CalledMethod(c, n) == "compile" {
				ok = false
			}
		case "return_statement":
			v := n.NamedChildren()
			returns++
			if len(v) != 1 || !m.constructsModel(f.Cell, v[0], depth+1) {
				ok = false
			}
		}
		return ok
	})
	return ok && returns > 0
}

// modelLoaders make a model from a file, whose layers the code does not
// show.
var modelLoaders = map[string]bool{
	"keras.models.load_model": true, "keras.saving.load_model": true, "keras.models.model_from_json": true,
	"keras.models.model_from_config": true, "keras.models.model_from_yaml": true, "keras.saving.deserialize_keras_object": true,
}

// WalkBuiltFrom visits the calls a value is built from: those in the
// expressions start, in the values last assigned to the variables they
// read (across cells), and in the bodies of the notebook's functions and
// classes they call, transitively. opaque is set when part of the value
// cannot be seen: a model loaded from a file, or a walk too long to finish.
func (m *Model) WalkBuiltFrom(start []Value, visit func(call Value)) (opaque bool) {
	seen := map[Value]bool{}
	budget := 2000
	ki := m.keras()
	var walk func(cell int, n *Node)
	walk = func(cell int, n *Node) {
		if n == nil || seen[Value{cell, n}] {
			return
		}
		seen[Value{cell, n}] = true
		src := m.cellText(cell)
		n.Walk(func(x *Node) bool {
			if budget--; budget < 0 {
				opaque = true
				return false
			}
			switch x.Type() {
			case "lambda":
				return false // its body runs later, on tensors
			case "identifier":
				if !isLoad(x) {
					return true
				}
				if vc, v := m.ValueOf(cell, x); v != nil {
					walk(vc, v)
				}
			case "call":
				visit(Value{cell, x})
				fn := x.Child("function")
				if q := m.Resolve(cell, fn); q != "" {
					if modelLoaders[KerasName(q)] {
						opaque = true
					}
					return true
				}
				if fn == nil || fn.Type() != "identifier" {
					return true
				}
				name := src[fn.Start():fn.End()]
				if kc := m.KerasClass(cell, name); kc != nil {
					walk(kc.Cell, kc.Node)
				} else if f, ok := ki.lastDefinition(func(k *kerasInfo) []Value { return k.functions[name] }, cell, x.Start()); ok {
					walk(f.Cell, f.Node)
				}
			}
			return true
		})
	}
	for _, s := range start {
		walk(s.Cell, s.Node)
	}
	return opaque
}
