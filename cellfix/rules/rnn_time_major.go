package rules

import (
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// This file holds removed-api's fix for `time_major=True` on an RNN layer:
// Keras 3 takes batch-major input only, so the fix drops the argument and
// transposes the input of each call of the layer, and its output back when
// the output is a sequence.

// timeMajorLayers are the RNN layers whose input is (time, batch,
// features) under time_major=True: rank 3, so the swap is (1, 0, 2).
var timeMajorLayers = map[string]bool{
	"keras.layers.LSTM": true, "keras.layers.GRU": true, "keras.layers.SimpleRNN": true,
}

// timeMajorCallKeywords are the call arguments that keep their meaning
// when the input is transposed: states are batch-major in both layouts.
var timeMajorCallKeywords = map[string]bool{"training": true, "initial_state": true}

// timeMajorFix returns the fix for the constructor call whose
// time_major=True argument is kw and, when it is unsafe, why; or nil and
// why there is none. The fix needs every call of the layer in sight:
// LSTM(...)(x), or a name bound to the layer that is only called or has
// attributes read.
func timeMajorFix(p *cellfix.Pass, call *cellfix.Node, args cellfix.CallArgs, kw *cellfix.Node) (*cellfix.Fix, string) {
	if !keywordValueIs(p.Cell, kw, "True") {
		return nil, "whether the input is time-major is only known when the program runs"
	}
	if !timeMajorLayers[cellfix.KerasName(p.Resolve(call.Child("function")))] {
		return nil, "only for `LSTM`, `GRU` and `SimpleRNN` is the input's layout known (time, batch, features)"
	}
	if args.Splat || len(args.Positional) > 1 {
		return nil, "the layer's options are not all keyword arguments"
	}
	sequences, ok := constantFlag(p, args.Keyword["return_sequences"])
	if !ok {
		return nil, "`return_sequences` is not a constant, so whether the output needs transposing back is unknown"
	}
	state, ok := constantFlag(p, args.Keyword["return_state"])
	if !ok || (state && sequences) {
		return nil, "with `return_state` the output is a list whose sequence alone would need transposing back"
	}
	sites, attrs, why := layerCallSites(p, call)
	if sites == nil {
		return nil, why
	}
	ops, imports := p.ModuleName("keras.ops")
	if ops == "" {
		return nil, "the name `keras` means something else here"
	}
	fix := &cellfix.Fix{Title: "Remove `time_major` and transpose the layer's input (and sequence output)", Safety: cellfix.Unsafe,
		Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, kw)}, Imports: imports}
	for _, s := range sites {
		c := p.Doc.Cells[s.cell]
		e := p.In(s.cell)
		siteArgs := cellfix.ArgsOf(c, s.call)
		if siteArgs.Splat || len(siteArgs.Positional) != 1 {
			return nil, "a call of the layer passes more than its input"
		}
		for name := range siteArgs.Keyword {
			if !timeMajorCallKeywords[name] {
				return nil, "a call of the layer passes `" + name + "`, whose layout would change too"
			}
		}
		x := siteArgs.Positional[0]
		fix.Edits = append(fix.Edits, e.Replace(x, ops+".transpose("+c.Masked[x.Start():x.End()]+", (1, 0, 2))"))
		if sequences {
			fix.Edits = append(fix.Edits, e.ReplaceRange(s.call.Start(), s.call.Start(), ops+".transpose("),
				e.ReplaceRange(s.call.End(), s.call.End(), ", (1, 0, 2))"))
		}
	}
	why = timeMajorUnsafeReason(p, args, sites, attrs)
	if why == "" {
		fix.Safety = cellfix.Safe
	}
	return fix, why
}

// timeMajorOptions are the layer options that tests/keras2vs3/timecheck.py
// compares with Keras 2 under time_major=True, or that only shape, start
// or bound the weights, which the layout of the input does not touch.
// Left out: stateful, dropout and recurrent_dropout (masks drawn per batch
// row), activity_regularizer (it sees the output), implementation and
// zero_output_for_mask.
var timeMajorOptions = map[string]bool{
	"units": true, "activation": true, "recurrent_activation": true, "use_bias": true,
	"return_sequences": true, "return_state": true, "go_backwards": true, "unroll": true,
	"reset_after": true, "unit_forget_bias": true, "name": true, "time_major": true,
	"kernel_initializer": true, "recurrent_initializer": true, "bias_initializer": true,
	"kernel_regularizer": true, "recurrent_regularizer": true, "bias_regularizer": true,
	"kernel_constraint": true, "recurrent_constraint": true, "bias_constraint": true,
}

// timeMajorAttributes are the layer's attributes the code may read: the
// same in Keras 2 and after the fix (Keras 3 has no time_major, and its
// config lacks the key).
var timeMajorAttributes = map[string]bool{
	"weights": true, "trainable_weights": true, "non_trainable_weights": true,
	"variables": true, "trainable_variables": true, "non_trainable_variables": true,
	"get_weights": true, "set_weights": true, "count_params": true,
	"units": true, "return_sequences": true, "return_state": true, "go_backwards": true, "name": true, "built": true,
}

// timeMajorUnsafeReason says why the transposes may not give what Keras 2
// gave, or "" when they do: timecheck.py gets the same outputs and states
// from LSTM, GRU and SimpleRNN with and without return_sequences and
// return_state, go_backwards, unroll, initial_state and training, on the
// same weights and time-major numpy input. The input at each call must be
// such an array (numpy or TensorFlow values): a Keras tensor would put the
// transposes into a functional model, and a layer's output may carry a
// Keras mask, which the transpose drops.
func timeMajorUnsafeReason(p *cellfix.Pass, args cellfix.CallArgs, sites []layerSite, attrs []string) string {
	for name := range args.Keyword {
		if !timeMajorOptions[name] {
			return "the layer sets `" + name + "`, which was not compared with Keras 2's time-major layer"
		}
	}
	for _, a := range attrs {
		if !timeMajorAttributes[a] {
			return "the code uses the layer's `" + a + "`, which differs from Keras 2's or was not compared"
		}
	}
	m := p.Doc.Model()
	for _, s := range sites {
		x := cellfix.ArgsOf(p.Doc.Cells[s.cell], s.call).Positional[0]
		if !concreteArray(m, s.cell, x, 0) {
			return "the layer's input is not known to be a numpy or TensorFlow array (a Keras tensor or a masked layer output would differ)"
		}
	}
	return ""
}

// arrayMethods return an array when called on one.
var arrayMethods = map[string]bool{"astype": true, "reshape": true, "copy": true}

// concreteArray reports whether n, in the cell at position cell, is
// computed by numpy or TensorFlow (not Keras) functions: an array with no
// Keras mask and no place in a functional model.
func concreteArray(m *cellfix.Model, cell int, n *cellfix.Node, depth int) bool {
	if n == nil || depth > 8 {
		return false
	}
	switch n.Type() {
	case "identifier":
		vc, v := m.ValueOf(cell, n)
		return v != nil && concreteArray(m, vc, v, depth+1)
	case "subscript":
		return concreteArray(m, cell, n.Child("value"), depth+1)
	case "call":
		fn := n.Child("function")
		if fn.Type() == "attribute" && arrayMethods[m.Text(cell, fn.Child("attribute"))] && concreteArray(m, cell, fn.Child("object"), depth+1) {
			return true
		}
		q := m.Resolve(cell, fn)
		if strings.HasPrefix(q, "tensorflow.") && cellfix.KerasName(q) == "" {
			// Keras 2 let TensorFlow ops take Keras tensors too.
			return concreteOperands(m, cell, n.Child("arguments"), depth+1)
		}
		return strings.HasPrefix(q, "numpy.")
	case "integer", "float", "string", "true", "false", "none":
		return true
	case "tuple", "list":
		return concreteOperands(m, cell, n, depth+1)
	}
	return false
}

// concreteOperands reports whether every element or argument of n
// (keyword values included) is a constant or a concrete array.
func concreteOperands(m *cellfix.Model, cell int, n *cellfix.Node, depth int) bool {
	if n == nil {
		return false
	}
	for _, a := range n.NamedChildren() {
		if a.Type() == "keyword_argument" {
			a = a.Child("value")
		}
		if a.Type() == "comment" {
			continue
		}
		if !concreteArray(m, cell, a, depth) {
			return false
		}
	}
	return true
}

// constantFlag reads a keyword argument that must be True or False; an
// absent one is False. ok is false for any other value.
func constantFlag(p *cellfix.Pass, kw *cellfix.Node) (value, ok bool) {
	switch {
	case kw == nil || keywordValueIs(p.Cell, kw, "False"):
		return false, true
	case keywordValueIs(p.Cell, kw, "True"):
		return true, true
	}
	return false, false
}

// layerCallMethods run the layer on an input.
var layerCallMethods = map[string]bool{"call": true, "__call__": true}

// layerCallSites returns the calls of the layer that the constructor call
// ctor creates, or nil and why they are not all known: the layer must be
// called right away (LSTM(...)(x)) or bound by `name = LSTM(...)` to a
// name that is then only called or has attributes read (lstm.weights).
//
// attrs are the attributes read of the name.
func layerCallSites(p *cellfix.Pass, ctor *cellfix.Node) (sites []layerSite, attrs []string, why string) {
	const passedOn = "the layer is used other than by calling it (passed to a model or a wrapper, say), where its input cannot be transposed"
	parent := ctor.Parent
	if parent != nil && parent.Type() == "call" && ctor.Field() == "function" {
		return []layerSite{{p.CellPos, parent}}, nil, ""
	}
	if parent == nil || parent.Type() != "assignment" || ctor.Field() != "right" || parent.Child("left").Type() != "identifier" {
		return nil, nil, passedOn
	}
	left := parent.Child("left")
	name := p.Text(left)
	model := p.Doc.Model()
	for i := p.CellPos; i < len(p.Doc.Cells) && why == ""; i++ {
		c := p.Doc.Cells[i]
		for _, n := range p.IdentifiersIn(i, name) {
			if n == left || (i == p.CellPos && n.Start() < ctor.End()) {
				continue
			}
			if up := n.Parent; up != nil && ((up.Type() == "attribute" && n.Field() == "attribute") || (up.Type() == "keyword_argument" && n.Field() == "name") ||
				(up.Type() == "assignment" && n.Field() == "left")) {
				continue
			}
			vc, v := model.ValueOf(i, n)
			switch {
			case v == ctor && vc == p.CellPos:
			case v != nil:
				continue // another value of the same name
			default:
				why = "the name `" + name + "` is bound again where its value is not known"
			}
			if why != "" {
				break
			}
			up := n.Parent
			switch {
			case up.Type() == "call" && n.Field() == "function":
				sites = append(sites, layerSite{i, up})
			case up.Type() == "attribute" && n.Field() == "object" && !layerCallMethods[c.Masked[up.Child("attribute").Start():up.Child("attribute").End()]]:
				// an attribute, such as lstm.weights or lstm.reset_states()
				attrs = append(attrs, c.Masked[up.Child("attribute").Start():up.Child("attribute").End()])
			default:
				why = passedOn
			}
			if why != "" {
				break
			}
		}
	}
	if why != "" {
		return nil, nil, why
	}
	if len(sites) == 0 {
		return nil, nil, "the layer is never called where the input could be transposed"
	}
	return sites, attrs, ""
}
