package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/opmap"
)

// StatefulTFRandom finds random number generation in Keras layers and
// models that will not work across backends: tf.random.* calls, and
// keras.random.* calls inside call() with a plain integer seed.
//
// tf.random ops draw from TensorFlow's global, stateful generator. The
// keras.random ops are stateless: given the same integer seed they return
// the same numbers every time, and once call() is compiled (tf.function,
// jax.jit, torch.compile) the first integer seed is baked into the graph.
// The guide's pattern is a keras.random.SeedGenerator created in __init__
// and passed as seed:
//
//	noise = tf.random.normal(tf.shape(x))            # in call()
//	→ noise = keras.random.normal(tf.shape(x), seed=self.seed_generator)
//	  and self.seed_generator = keras.random.SeedGenerator() in __init__
//
// (tf-op-to-keras-ops rewrites the tf.shape.) The fix is unsafe: the
// numbers drawn change. The generator takes the call's integer seed; without
// one it gets no seed, so each layer instance draws its own numbers as
// TensorFlow's unseeded ops did (a fixed seed such as the guide's 1337 would
// give every instance the same numbers: equal initial weights, equal noise).
var StatefulTFRandom = &cellfix.Rule{
	Name:      "stateful-tf-random",
	Code:      "K503",
	Title:     "Random ops in a layer without a `keras.random.SeedGenerator`",
	MultiOnly: true,
	Fixable:   true,
	Run:       runStatefulTFRandom,
}

func init() { register(StatefulTFRandom) }

// defaultSeed seeds a new SeedGenerator when the call gave none: none, so
// each instance gets its own seed (from Python's random module, which
// keras.utils.set_random_seed seeds).
const defaultSeed = ""

func runStatefulTFRandom(p *cellfix.Pass) {
	model := p.Doc.Model()
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() != "call" {
			return true
		}
		kc := model.EnclosingKerasClass(p.CellPos, n)
		if kc == nil {
			return true
		}
		fn := n.Child("function")
		q := p.Resolve(fn)
		if k := cellfix.KerasName(q); strings.HasPrefix(k, "keras.random.") {
			checkKerasRandomSeed(p, kc, n, k)
			return true
		}
		if q = cellfix.TensorFlowName(p.Resolve(fn)); q == "" {
			return true
		}
		m, ok := opmap.For(q)
		if strings.HasPrefix(q, "tensorflow.random.") || (ok && strings.HasPrefix(m.Keras, "keras.random.")) {
			checkTFRandom(p, kc, n, q, m, ok)
		}
		return true
	}, "call")
}

func checkTFRandom(p *cellfix.Pass, kc *cellfix.KerasClass, call *cellfix.Node, q string, m opmap.Mapping, mapped bool) {
	written := cellfix.OneLine(p.Text(call.Child("function")))
	if !mapped || m.ReportOnly || !strings.HasPrefix(m.Keras, "keras.random.") {
		msg := fmt.Sprintf("`%s` in `%s` uses TensorFlow's random state, which other backends lack, and has no `keras.random` equivalent", written, kc.Name)
		if mapped && m.Note != "" {
			msg += ": " + m.Note
		}
		p.Reportf(call, nil, msg)
		return
	}
	msg := fmt.Sprintf("`%s` in `%s` uses TensorFlow's stateful random generator; use `%s` with `seed=self.seed_generator`, a `keras.random.SeedGenerator` created in `__init__`", written, kc.Name, m.Keras)
	fix, reason := seedGeneratorFix(p, kc, call, m)
	if fix == nil {
		msg += " (" + reason + ")"
	}
	p.Reportf(call, fix, msg)
}

// seedGeneratorFix rewrites a tf.random call to keras.random with the
// class's SeedGenerator, creating one in __init__ when there is none.
func seedGeneratorFix(p *cellfix.Pass, kc *cellfix.KerasClass, call *cellfix.Node, m opmap.Mapping) (*cellfix.Fix, string) {
	model := p.Doc.Model()
	method, _ := model.EnclosingMethod(call)
	self := p.Doc.Model().SelfName(p.CellPos, method)
	if self == "" {
		return nil, "no automatic fix outside an instance method"
	}
	init := model.Method(kc, "__init__")
	if init == nil {
		return nil, fmt.Sprintf("`%s` has no `__init__`; add one that calls `super().__init__(**kwargs)` and creates `self.seed_generator = keras.random.SeedGenerator(%s)`", kc.Name, defaultSeed)
	}
	seed := defaultSeed
	if arg := seedArgument(p, call, m.TFParams); arg != nil {
		switch {
		case arg.Type() == "integer":
			seed = p.Text(arg)
		case arg.Type() == "none":
		default:
			return nil, "its seed is not an integer literal; create the SeedGenerator by hand"
		}
	}
	var edits []cellfix.TextEdit
	attr := existingSeedGenerator(p, kc)
	if attr == "" {
		insert, reason := seedGeneratorInsertion(p, init, call, seed)
		if reason != "" {
			return nil, reason
		}
		attr = "seed_generator"
		edits = append(edits, insert)
	}
	generator := self + "." + attr
	callEdits, reason := opmap.RewriteCallWith(p, call, m, opmap.Options{
		Values: map[string]string{"seed": generator},
		Extra:  []opmap.Fill{{Name: "seed", Value: generator}},
	})
	if reason != "" {
		return nil, "the call needs a hand edit because " + reason
	}
	return &cellfix.Fix{
		Title:   "Use `" + m.Keras + "` with a `keras.random.SeedGenerator`",
		Safety:  cellfix.Unsafe,
		Edits:   append(callEdits, edits...),
		Imports: []cellfix.Import{{Module: "keras"}},
	}, ""
}

// seedArgument returns the value passed as seed, by keyword or position.
func seedArgument(p *cellfix.Pass, call *cellfix.Node, params []opmap.Param) *cellfix.Node {
	pos := -1
	for i, prm := range params {
		if prm.Name == "seed" && !prm.KeywordOnly {
			pos = i
		}
	}
	return p.Args(call).Value(pos, "seed")
}

// existingSeedGenerator returns the attribute of self that the class
// assigns a keras.random.SeedGenerator (or that is named seed_generator).
func existingSeedGenerator(p *cellfix.Pass, kc *cellfix.KerasClass) string {
	found := ""
	kc.Node.Walk(func(n *cellfix.Node) bool {
		if found != "" {
			return false
		}
		if n.Type() != "assignment" {
			return true
		}
		left, right := n.Child("left"), n.Child("right")
		if left == nil || left.Type() != "attribute" || left.Child("object").Type() != "identifier" {
			return true
		}
		attr := p.Text(left.Child("attribute"))
		if attr == "seed_generator" {
			found = attr
		} else if right != nil && right.Type() == "call" && cellfix.KerasName(p.Resolve(right.Child("function"))) == "keras.random.SeedGenerator" {
			found = attr
		}
		return true
	})
	return found
}

// seedGeneratorInsertion adds `self.seed_generator = ...` on the line after
// the super().__init__ call of init.
func seedGeneratorInsertion(p *cellfix.Pass, init, call *cellfix.Node, seed string) (cellfix.TextEdit, string) {
	self := p.Doc.Model().SelfName(p.CellPos, init)
	var super *cellfix.Node
	for _, stmt := range init.Child("body").NamedChildren() {
		if stmt.Type() == "expression_statement" && len(stmt.NamedChildren()) == 1 && isSuperInit(p, stmt.NamedChildren()[0]) {
			super = stmt
			break
		}
	}
	if super == nil || self == "" {
		return cellfix.TextEdit{}, "`__init__` does not call `super().__init__`, after which the SeedGenerator must be created"
	}
	if call.Start() >= init.Start() && call.End() <= init.End() && call.Start() < super.End() {
		return cellfix.TextEdit{}, "the call comes before `super().__init__`"
	}
	edit, ok := p.Edit().InsertStatementAfter(super, fmt.Sprintf("%s.seed_generator = keras.random.SeedGenerator(%s)", self, seed))
	if !ok {
		return cellfix.TextEdit{}, "`super().__init__` shares its line with other code"
	}
	return edit, ""
}

// isSuperInit reports whether n is super().__init__(...) or
// Base.__init__(self, ...).
func isSuperInit(p *cellfix.Pass, n *cellfix.Node) bool {
	if n.Type() != "call" {
		return false
	}
	fn := n.Child("function")
	if fn == nil || fn.Type() != "attribute" || p.Text(fn.Child("attribute")) != "__init__" {
		return false
	}
	obj := fn.Child("object")
	switch obj.Type() {
	case "call":
		f := obj.Child("function")
		return f != nil && f.Type() == "identifier" && p.Text(f) == "super"
	case "identifier", "attribute":
		return true
	}
	return false
}

// checkKerasRandomSeed reports keras.random calls in call() whose seed is a
// plain integer, which compilation freezes.
func checkKerasRandomSeed(p *cellfix.Pass, kc *cellfix.KerasClass, call *cellfix.Node, k string) {
	model := p.Doc.Model()
	if _, name := model.EnclosingMethod(call); name != "call" || k == "keras.random.SeedGenerator" {
		return
	}
	seed := seedArgument(p, call, kerasRandomParams(k))
	if seed == nil || !isPlainInteger(p, kc, seed) {
		return
	}
	p.Reportf(seed, nil, fmt.Sprintf(
		"`%s` in `%s.call` gets a plain integer seed: with the same seed keras.random returns the same numbers, and a compiled `call` keeps the first seed it saw; pass `seed=self.seed_generator`, a `keras.random.SeedGenerator` created in `__init__`",
		cellfix.OneLine(p.Text(call.Child("function"))), kc.Name))
}

// kerasRandomParams returns a keras.random function's parameters as the op
// table records them (nil when no row names it: then only seed= is found).
func kerasRandomParams(k string) []opmap.Param {
	for _, m := range opmap.All() {
		if m.Keras == k {
			return m.KerasParams
		}
	}
	return nil
}

// isPlainInteger reports whether a seed is an int rather than a
// SeedGenerator: a literal, arithmetic on one (seed + 1), a local name
// assigned a literal, or self.X where the class assigns X an integer or
// increments it.
func isPlainInteger(p *cellfix.Pass, kc *cellfix.KerasClass, n *cellfix.Node) bool {
	switch n.Type() {
	case "integer":
		return true
	case "parenthesized_expression", "unary_operator":
		for _, ch := range n.NamedChildren() {
			return isPlainInteger(p, kc, ch)
		}
	case "binary_operator":
		l, r := n.Child("left"), n.Child("right")
		return (l != nil && l.Type() == "integer") || (r != nil && r.Type() == "integer") ||
			(l != nil && isPlainInteger(p, kc, l)) || (r != nil && isPlainInteger(p, kc, r))
	case "identifier":
		_, v := p.Doc.Model().ValueOf(p.CellPos, n)
		return v != nil && v.Type() == "integer"
	case "attribute":
		obj := n.Child("object")
		if obj == nil || obj.Type() != "identifier" {
			return false
		}
		return classAssignsInteger(p, kc, p.Text(n.Child("attribute")))
	}
	return false
}

// classAssignsInteger reports whether the class sets self.<attr> to an
// integer literal or increments it.
func classAssignsInteger(p *cellfix.Pass, kc *cellfix.KerasClass, attr string) bool {
	found := false
	kc.Node.Walk(func(n *cellfix.Node) bool {
		if found || (n.Type() != "assignment" && n.Type() != "augmented_assignment") {
			return !found
		}
		left, right := n.Child("left"), n.Child("right")
		if left == nil || left.Type() != "attribute" || p.Text(left.Child("attribute")) != attr {
			return true
		}
		found = n.Type() == "augmented_assignment" || (right != nil && right.Type() == "integer")
		return !found
	})
	return found
}
