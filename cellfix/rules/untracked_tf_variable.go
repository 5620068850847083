package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// UntrackedTFVariable finds `self.x = tf.Variable(...)` in Keras layers
// and models.
//
// Keras 2 tracked any tf.Variable set as an attribute. Keras 3 tracks only
// its own keras.Variable (and weights made by add_weight), so the variable
// silently drops out of trainable_weights: it is never trained or saved.
//
//	self.w = tf.Variable(initial_value=tf.zeros([3, 4]))
//	→ self.w = keras.Variable(initializer=tf.zeros([3, 4]))
//
// The fix is unsafe (keras.Variable differs in details such as dtype
// policy and naming); the message also points to self.add_weight.
var UntrackedTFVariable = &cellfix.Rule{
	Name:    "untracked-tf-variable",
	Code:    "K406",
	Title:   "`tf.Variable` attribute of a layer is not tracked by Keras 3",
	Fixable: true,
	Run:     runUntrackedTFVariable,
}

func init() { register(UntrackedTFVariable) }

// tfVariableKeywords maps the tf.Variable arguments keras.Variable also
// takes to its names for them.
var tfVariableKeywords = map[string]string{
	"initial_value": "initializer", "trainable": "trainable", "name": "name", "dtype": "dtype", "shape": "shape",
}

func runUntrackedTFVariable(p *cellfix.Pass) {
	m := p.Doc.Model()
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() != "assignment" {
			return true
		}
		right := n.Child("right")
		if right == nil || right.Type() != "call" || p.Doc.Model().TFCallee(p.CellPos, right) != "tensorflow.Variable" {
			return true
		}
		kc := m.EnclosingKerasClass(p.CellPos, n)
		if kc == nil {
			return true
		}
		fn, _ := m.EnclosingMethod(n)
		if _, ok := p.Doc.Model().SelfAttr(p.CellPos, fn, n.Child("left")); !ok {
			return true
		}
		fix := kerasVariableFix(p, right)
		if fix != nil && keepsKeras2Variable(p, right, n.Child("left")) {
			fix.Safety = cellfix.Safe
		}
		p.Reportf(right, fix, fmt.Sprintf("`%s = tf.Variable(...)` is not tracked by Keras 3, so `%s` never trains or saves it; create it with `self.add_weight(...)` or use `keras.Variable(...)`", p.Text(n.Child("left")), kc.Name))
		return true
	}, "assignment")
}

// kerasVariableFix rewrites tf.Variable(...) as keras.Variable(...).
func kerasVariableFix(p *cellfix.Pass, call *cellfix.Node) *cellfix.Fix {
	args := cellfix.ArgsOf(p.Cell, call)
	positional, keywords, splat := args.Positional, args.Keyword, args.Splat
	if splat || len(positional) > 2 || (len(positional) == 2 && keywords["trainable"] != nil) {
		return nil
	}
	var edits []cellfix.TextEdit
	for name, kw := range keywords {
		to, ok := tfVariableKeywords[name]
		if !ok {
			return nil
		}
		if to != name {
			edits = append(edits, p.Replace(kw.Child("name"), to))
		}
	}
	if len(positional) == 2 {
		// tf.Variable(value, trainable): keras.Variable's second is shape.
		edits = append(edits, p.Edit().NameArgument(positional[1], "trainable"))
	}
	variable, imports := p.ModuleName("keras.Variable")
	if variable == "" {
		return nil
	}
	edits = append(edits, p.Replace(call.Child("function"), variable))
	return &cellfix.Fix{Title: "Use `" + variable + "`", Safety: cellfix.Unsafe, Edits: edits, Imports: imports}
}

// keepsKeras2Variable reports whether keras.Variable behaves here as the
// tf.Variable did on Keras 2 (tests/keras2vs3/test_keras_variable.py), on the TensorFlow target
// (on JAX a keras.Variable made in a lazily called build() fails): only the value and
// `trainable` are given, no dtype policy can autocast it, and nothing reads
// the variable's name, which Keras 3 spells differently.
func keepsKeras2Variable(p *cellfix.Pass, call, left *cellfix.Node) bool {
	args := p.Args(call)
	for name := range args.Keyword {
		if name != "initial_value" && name != "trainable" {
			return false
		}
	}
	attr := left.Child("attribute")
	if attr == nil || p.Target != cellfix.TargetTF || setsDtypePolicy(p.Doc) {
		return false
	}
	read := "." + p.Text(attr) + ".name"
	for _, c := range p.Doc.Cells {
		if strings.Contains(c.Masked, read) {
			return false
		}
	}
	return true
}
