package rules

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/gokmig/gokmig/cellfix"
)

// JITCompileXLA finds Model subclasses whose call() uses TensorFlow ops
// that XLA cannot compile (string ops, tf.py_function, tf.io, ...), while
// nothing turns XLA off for that model.
//
// Keras 3 resolves compile(jit_compile="auto") to XLA on the TensorFlow
// backend, so a model that trained under Keras 2 now fails with "Detected
// unsupported operations when trying to compile graph". The op list is
// data: xla_unsupported.txt.
//
//	class MyModel(keras.Model):
//	    def call(self, x):
//	        return tf.strings.to_number(tf.strings.as_string(x))
//	model = MyModel()
//	model.compile(optimizer="sgd", loss="mse")  →  ..., loss="mse", jit_compile=False)
//
// The fix (unsafe, since it gives up XLA's speed) adds jit_compile=False
// to every compile() call on an instance of the class.
var JITCompileXLA = &cellfix.Rule{
	Name:    "jit-compile-xla",
	Code:    "K401",
	Title:   "Model uses ops XLA cannot compile, and Keras 3 compiles with XLA by default",
	Fixable: true,
	Run:     runJITCompileXLA,
}

func init() { register(JITCompileXLA) }

//go:embed xla_unsupported.txt
var xlaUnsupportedText string

var xlaUnsupported = sync.OnceValue(func() (set struct{ exact, modules map[string]bool }) {
	set.exact, set.modules = map[string]bool{}, map[string]bool{}
	for _, line := range strings.Split(xlaUnsupportedText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if mod, ok := strings.CutSuffix(line, ".*"); ok {
			set.modules[mod] = true
		} else {
			set.exact[line] = true
		}
	}
	return set
})

// isXLAUnsupported reports whether the TensorFlow function q (qualified)
// has no XLA kernel according to xla_unsupported.txt.
func isXLAUnsupported(q string) bool {
	set := xlaUnsupported()
	if set.exact[q] {
		return true
	}
	for mod := q; ; {
		i := strings.LastIndexByte(mod, '.')
		if i < 0 {
			return false
		}
		mod = mod[:i]
		if set.modules[mod] {
			return true
		}
	}
}

func runJITCompileXLA(p *cellfix.Pass) {
	m := p.Doc.Model()
	// Model classes defined in this cell, then those whose instances are
	// compiled here: in a kernel the compile call often runs in a later
	// cell than the class, and only that cell can still be fixed.
	var classes []*cellfix.KerasClass
	seen := map[*cellfix.KerasClass]bool{}
	for _, kc := range m.KerasClassesIn(p.CellPos) {
		if kc.IsModel {
			classes = append(classes, kc)
			seen[kc] = true
		}
	}
	p.Each(func(n *cellfix.Node) bool {
		for kc := m.InstanceOf(p.CellPos, p.Doc.Model().MethodReceiver(p.CellPos, n, "compile")); kc != nil && !seen[kc]; kc = userBase(m, kc) {
			seen[kc] = true
			if kc.IsModel && kc.Cell < p.CellPos {
				classes = append(classes, kc)
			}
		}
		return true
	}, "call")
	for _, kc := range classes {
		call := m.Method(kc, "call")
		if call == nil {
			continue
		}
		ops, first := xlaUnsupportedOps(p, kc.Cell, call)
		if first == nil {
			continue
		}
		compiles, disabled := jitSettings(p, kc)
		if disabled {
			continue
		}
		var fix *cellfix.Fix
		for _, c := range compiles {
			if c.cell != p.CellPos {
				continue
			}
			if fix == nil {
				fix = &cellfix.Fix{Title: "Add `jit_compile=False` to `compile(...)`", Safety: cellfix.Unsafe}
			}
			fix.Edits = append(fix.Edits, c.edit)
		}
		advice := "so set `jit_compile=False` in `compile(...)` or `model.jit_compile = False`"
		if kc.Cell == p.CellPos {
			p.Reportf(first, fix, fmt.Sprintf("`%s.call` uses %s, which XLA cannot compile; Keras 3's default `jit_compile=\"auto\"` compiles with XLA when a GPU is present, %s", kc.Name, strings.Join(ops, ", "), advice))
			continue
		}
		for _, c := range compiles {
			if c.cell == p.CellPos {
				p.Reportf(c.call, &cellfix.Fix{Title: fix.Title, Safety: cellfix.Unsafe, Edits: []cellfix.TextEdit{c.edit}},
					fmt.Sprintf("this compiles a model whose `%s.call` uses %s, which XLA cannot compile; Keras 3's default `jit_compile=\"auto\"` compiles with XLA when a GPU is present, so pass `jit_compile=False`", kc.Name, strings.Join(ops, ", ")))
			}
		}
	}
}

// userBase returns the first user Keras class kc derives from, or nil.
func userBase(m *cellfix.Model, kc *cellfix.KerasClass) *cellfix.KerasClass {
	for _, b := range kc.Bases {
		if base := m.KerasClass(kc.Cell, b); base != nil && base != kc {
			return base
		}
	}
	return nil
}

// xlaUnsupportedOps lists (as written, without repeats) the calls in a
// call() body that XLA cannot compile, and returns the first such call.
func xlaUnsupportedOps(p *cellfix.Pass, cell int, call *cellfix.Node) (ops []string, first *cellfix.Node) {
	seen := map[string]bool{}
	cellfix.WalkBody(call, func(n *cellfix.Node) bool {
		if n.Type() != "call" {
			return true
		}
		q := p.Doc.Model().TFCallee(cell, n)
		if q == "" {
			return true
		}
		name := "`" + p.Doc.Model().Text(cell, n.Child("function")) + "`"
		switch {
		case isXLAUnsupported(q):
		case makesStringTensor(p, cell, n, q):
			name = "a string-typed " + name
		default:
			return true
		}
		if !seen[name] {
			seen[name] = true
			ops = append(ops, name)
		}
		if first == nil {
			first = n
		}
		return true
	})
	return ops, first
}

// makesStringTensor reports whether a TensorFlow call creates a string
// tensor: tf.constant("text"), tf.constant(["a", "b"]), or any TF call
// given tf.string (tf.cast(x, tf.string), dtype=tf.string).
func makesStringTensor(p *cellfix.Pass, cell int, call *cellfix.Node, q string) bool {
	callArgs := cellfix.ArgsOf(p.Doc.Cells[cell], call)
	positional, keywords := callArgs.Positional, callArgs.Keyword
	if q == "tensorflow.constant" || q == "tensorflow.convert_to_tensor" || q == "tensorflow.fill" {
		val := keywords["value"]
		if val != nil {
			val = val.Child("value")
		} else if len(positional) > 0 {
			val = positional[0]
			if q == "tensorflow.fill" && len(positional) > 1 {
				val = positional[1]
			}
		}
		if isStringLiteral(val) {
			return true
		}
	}
	args := positional
	for _, kw := range keywords {
		args = append(args, kw.Child("value"))
	}
	for _, a := range args {
		if a == nil {
			continue
		}
		if q := p.Doc.Model().Resolve(cell, a); q == "tensorflow.string" || q == "tensorflow.dtypes.string" {
			return true
		}
		if t := p.Doc.Model().Text(cell, a); a.Type() == "string" && (t == `"string"` || t == `'string'`) && kwName(p, cell, a) == "dtype" {
			return true
		}
	}
	return false
}

func kwName(p *cellfix.Pass, cell int, value *cellfix.Node) string {
	if value.Parent != nil && value.Parent.Type() == "keyword_argument" {
		if n := value.Parent.Child("name"); n != nil {
			return p.Doc.Model().Text(cell, n)
		}
	}
	return ""
}

// isStringLiteral is true for "text" and for lists or tuples of them.
func isStringLiteral(n *cellfix.Node) bool {
	if n == nil {
		return false
	}
	switch n.Type() {
	case "string", "concatenated_string":
		return true
	case "list", "tuple":
		items := n.NamedChildren()
		return len(items) > 0 && isStringLiteral(items[0])
	}
	return false
}

// compileSite is a compile() call on an instance of a model class and the
// edit that turns XLA off there.
type compileSite struct {
	cell int
	call *cellfix.Node
	edit cellfix.TextEdit
}

// xlaAttributes are the model attributes that decide XLA compilation, with
// the value that keeps it on.
var xlaAttributes = []struct{ name, keeps string }{{"jit_compile", "True"}, {"run_eagerly", "False"}}

// jitSettings finds, across the notebook, the compile() calls on instances
// of kc and whether anything turns XLA off for it: jit_compile=False (or a
// value that is not literally True), run_eagerly=True, or an assignment
// of obj.jit_compile / self.jit_compile. compiles are the calls to fix.
func jitSettings(p *cellfix.Pass, kc *cellfix.KerasClass) (compiles []compileSite, disabled bool) {
	m := p.Doc.Model()
	isInstance := func(cell int, recv *cellfix.Node) bool {
		if recv == nil {
			return false
		}
		if m.EnclosingKerasClass(cell, recv) == kc && recv.Type() == "identifier" {
			if fn, _ := m.EnclosingMethod(recv); fn != nil && p.Doc.Model().Text(cell, recv) == p.Doc.Model().SelfName(cell, fn) {
				return true
			}
		}
		return derivesFrom(m, m.InstanceOf(cell, recv), kc)
	}
	// The compile() calls and the attribute assignments are looked up by
	// name: walking every cell once per Keras class cost the square of
	// the document per check.
	for i := kc.Cell; i < len(p.Doc.Cells); i++ {
		for _, n := range p.MethodCallsIn(i, "compile") {
			if !isInstance(i, m.MethodReceiver(i, n, "compile")) {
				continue
			}
			args := cellfix.ArgsOf(p.Doc.Cells[i], n)
			kw, splat := args.Keyword, args.Splat
			if splat {
				disabled = true // **kwargs may carry jit_compile
				continue
			}
			if re := kw["run_eagerly"]; re != nil && m.Text(i, re.Child("value")) != "False" {
				disabled = true
				continue
			}
			if jc := kw["jit_compile"]; jc != nil {
				v := jc.Child("value")
				if m.Text(i, v) != "True" {
					disabled = true
				} else {
					compiles = append(compiles, compileSite{i, n, p.In(i).Replace(v, "False")})
				}
				continue
			}
			compiles = append(compiles, compileSite{i, n, p.In(i).AppendArgument(n, "jit_compile=False")})
		}
		for _, a := range xlaAttributes {
			for _, id := range p.IdentifiersIn(i, a.name) {
				left := attributeAssigned(id)
				if left == nil {
					continue
				}
				// An annotation without a value (`obj.jit_compile: bool`)
				// sets nothing.
				if right := left.Parent.Child("right"); right != nil && m.Text(i, right) != a.keeps && isInstance(i, left.Child("object")) {
					disabled = true
				}
			}
		}
	}
	return compiles, disabled
}

// attributeAssigned returns the attribute whose name is identifier id when
// it is the target of an assignment (`obj.id = value`), or nil.
func attributeAssigned(id *cellfix.Node) *cellfix.Node {
	left := id.Parent
	if left == nil || left.Type() != "attribute" || id.Field() != "attribute" ||
		left.Parent == nil || left.Parent.Type() != "assignment" || left.Field() != "left" {
		return nil
	}
	return left
}

// derivesFrom reports whether class k is kc or a user subclass of it.
func derivesFrom(m *cellfix.Model, k, kc *cellfix.KerasClass) bool {
	for depth := 0; k != nil && depth < 32; depth++ {
		if k == kc {
			return true
		}
		k = userBase(m, k)
	}
	return false
}
