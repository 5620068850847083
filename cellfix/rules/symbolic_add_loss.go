package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// This file holds removed-api's fix for a symbolic `model.add_loss(expr)`
// on a functional model: a small layer whose call() adds expr as its loss
// and returns the model's output unchanged goes between the output and
// keras.Model(...), with the tensors expr reads as its other inputs. On
// Keras 3.15.1 the loss then counts in fit() and evaluate() on TensorFlow
// and JAX, and model.losses lists it after fit() on TensorFlow (on JAX it
// is empty there, as for any loss added in call()). Checked.

// symbolicAddLossFix returns the unsafe fix for the add_loss call on the
// model named by receiver, or nil and why there is none.
func symbolicAddLossFix(p *cellfix.Pass, call, receiver *cellfix.Node) (*cellfix.Fix, string) {
	const notFunctional = "the model is not a `keras.Model(inputs, outputs)` with one output built in sight at module level"
	m := p.Doc.Model()
	stmt := call.Parent
	if stmt == nil || stmt.Type() != "expression_statement" || stmt.Parent == nil || stmt.Parent.Type() != "module" || receiver.Type() != "identifier" {
		return nil, "it is not a statement of its own at module level"
	}
	loss := p.Args(call).Value(0, "losses")
	if loss == nil || len(p.Args(call).All) != 1 {
		return nil, "it passes more than the loss"
	}
	mc, model := m.ValueOf(p.CellPos, receiver)
	if model == nil || model.Type() != "call" || !constructsFunctional(m, mc, model.Child("function")) {
		return nil, notFunctional
	}
	mcell := p.Doc.Cells[mc]
	modelStmt := model.Parent
	if modelStmt != nil && modelStmt.Type() == "assignment" {
		modelStmt = modelStmt.Parent
	}
	outputs := cellfix.ArgsOf(mcell, model).Value(1, "outputs")
	if outputs == nil || modelStmt == nil || modelStmt.Parent == nil || modelStmt.Parent.Type() != "module" {
		return nil, notFunctional
	}
	switch outputs.Type() {
	case "list", "tuple", "dictionary", "set":
		return nil, notFunctional
	}
	// The symbolic tensors the loss reads become the layer's inputs; each
	// must hold the same tensor where the model is built.
	var tensors []string
	seen := map[string]bool{}
	why := ""
	loss.Walk(func(n *cellfix.Node) bool {
		if n.Type() != "identifier" || (n.Parent.Type() == "attribute" && n.Field() == "attribute") || (n.Parent.Type() == "keyword_argument" && n.Field() == "name") {
			return true
		}
		if !m.IsSymbolic(p.CellPos, n) || seen[p.Text(n)] {
			return true
		}
		vc, v := m.ValueOf(p.CellPos, n)
		if v == nil || vc > mc || (vc == mc && v.Start() > model.Start()) {
			why = "a tensor the loss reads is not bound where the model is built"
		}
		seen[p.Text(n)] = true
		tensors = append(tensors, p.Text(n))
		return true
	})
	switch {
	case why != "":
		return nil, why
	case len(tensors) == 0:
		return nil, "the loss reads no symbolic tensor by name"
	case seen["model_outputs"]:
		return nil, "the loss reads a tensor named `model_outputs`"
	}
	if p.Target == cellfix.TargetMulti && readsAttribute(p, p.Text(receiver), "losses") {
		return nil, "on JAX `" + p.Text(receiver) + ".losses` stays empty after `fit()` for a loss added in `call()`, and this code reads it"
	}
	layers, imports := p.ModuleName("keras.layers")
	if layers == "" {
		return nil, "the name `keras` means something else here"
	}
	name := "AddedLoss"
	for i := 2; textInDocument(p, name); i++ {
		name = fmt.Sprintf("AddedLoss%d", i)
	}
	body := p.Text(loss)
	if strings.Contains(body, "\n") {
		body = "(" + body + ")"
	}
	class := "class " + name + "(" + layers + ".Layer):\n" +
		"    def call(self, model_outputs, " + strings.Join(tensors, ", ") + "):\n" +
		"        self.add_loss(" + body + ")\n" +
		"        return model_outputs\n\n\n"
	e := p.In(mc)
	return &cellfix.Fix{Title: "Add the loss in the `call()` of a layer the model's output passes through", Safety: cellfix.Unsafe, Imports: imports,
		Edits: []cellfix.TextEdit{
			e.InsertBefore(modelStmt, cellfix.BlankLinesBefore(mcell, modelStmt.Start())+class),
			e.Replace(outputs, name+"()("+mcell.Masked[outputs.Start():outputs.End()]+", "+strings.Join(tensors, ", ")+")"),
			p.Edit().RemoveStatement(stmt),
		}}, ""
}

// constructsFunctional reports whether callee, in the cell at position
// cell, is keras.Model itself (not a subclass: its constructor may differ).
func constructsFunctional(m *cellfix.Model, cell int, callee *cellfix.Node) bool {
	k := cellfix.KerasName(m.Resolve(cell, callee))
	return k == "keras.Model" || k == "keras.models.Model"
}

// textInDocument reports whether s occurs anywhere in the document's code.
func textInDocument(p *cellfix.Pass, s string) bool {
	for _, c := range p.Doc.Cells {
		if strings.Contains(c.Masked, s) {
			return true
		}
	}
	return false
}

// readsAttribute reports whether the document reads name.attr.
func readsAttribute(p *cellfix.Pass, name, attr string) bool {
	found := false
	for _, c := range p.Doc.Cells {
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if n.Type() == "attribute" {
				obj, a := n.Child("object"), n.Child("attribute")
				found = found || (obj.Type() == "identifier" && c.Masked[obj.Start():obj.End()] == name && c.Masked[a.Start():a.End()] == attr)
			}
			return !found
		})
	}
	return found
}
