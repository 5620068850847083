package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// MultiOutputEvaluate finds evaluate() on a functional model built with
// several outputs and compiled without metrics.
//
// Keras 2's evaluate() returned the total loss followed by one loss per
// output (output_1_loss, ...). Keras 3.0 to 3.4 return only the total
// unless the per-output values are requested as metrics, so code that
// unpacks the list, and readers of the printed results, silently get
// less. Keras 3.5 brought the per-output losses back (keras-team/keras
// pull 20023), so the message names the versions it concerns.
//
//	model = keras.Model(inputs, [out_1, out_2])
//	model.compile(optimizer="adam", loss="mse")
//	model.evaluate(x, y)     # flagged: add metrics=["mse", "mse"]
//
// No fix: which metrics to track is the author's choice.
var MultiOutputEvaluate = &cellfix.Rule{
	Name:  "multi-output-evaluate",
	Code:  "K405",
	Title: "`evaluate()` of a multi-output model compiled without `metrics`",
	// Keras 3.5 returns each output's loss again (checked on 3.4.1 and 3.5.0).
	FixedIn: cellfix.KerasVersion{Major: 3, Minor: 5},
	Run:     runMultiOutputEvaluate,
}

func init() { register(MultiOutputEvaluate) }

func runMultiOutputEvaluate(p *cellfix.Pass) {
	m := p.Doc.Model()
	p.Each(func(n *cellfix.Node) bool {
		recv := p.Doc.Model().MethodReceiver(p.CellPos, n, "evaluate")
		if recv == nil || recv.Type() != "identifier" {
			return true
		}
		name := p.Text(recv)
		modelCell, model := m.Unwrap(p.CellPos, recv)
		outputs := m.FunctionalOutputs(modelCell, model)
		if outputs < 2 {
			return true
		}
		compileCell, compile := lastCompile(p, modelCell, model, n)
		if compile == nil {
			return true
		}
		args := cellfix.ArgsOf(p.Doc.Cells[compileCell], compile)
		positional, keywords, splat := args.Positional, args.Keyword, args.Splat
		// Keras 2's compile(optimizer, loss, metrics, ...) took metrics third.
		if splat || keywords["metrics"] != nil || len(positional) >= 3 {
			return true
		}
		var loss *cellfix.Node
		if kw := keywords["loss"]; kw != nil {
			loss = kw.Child("value")
		} else if len(positional) >= 2 {
			loss = positional[1]
		}
		suggestion := "one entry per output"
		if loss != nil && loss.Type() == "string" {
			entries := make([]string, outputs)
			for i := range entries {
				entries[i] = p.Doc.Model().Text(compileCell, loss)
			}
			suggestion = "e.g. `metrics=[" + strings.Join(entries, ", ") + "]`"
		}
		p.Reportf(n, nil, fmt.Sprintf("`%s` has %d outputs but was compiled without `metrics`: Keras 3.0 to 3.4 return only the total loss from `evaluate()`, not each output's loss (3.5 and later report them again); to get them on every Keras 3, add `metrics=` to `%s.compile(...)`, %s", name, outputs, name, suggestion))
		return true
	}, "call")
}

// lastCompile finds the last X.compile(...) call before the call at, in
// this cell or an earlier one, where X holds the model built by model.
func lastCompile(p *cellfix.Pass, modelCell int, model, at *cellfix.Node) (int, *cellfix.Node) {
	m := p.Doc.Model()
	bestCell, best := -1, (*cellfix.Node)(nil)
	for i := modelCell; i <= p.CellPos; i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if i == p.CellPos && n.Start() >= at.Start() {
				return false
			}
			recv := p.Doc.Model().MethodReceiver(i, n, "compile")
			if recv != nil && recv.Type() == "identifier" {
				if vc, v := m.Unwrap(i, recv); vc == modelCell && v == model {
					bestCell, best = i, n
				}
			}
			return true
		})
	}
	return bestCell, best
}
