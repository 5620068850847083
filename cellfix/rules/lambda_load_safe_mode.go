package rules

import (
	"fmt"
	"sync"

	"github.com/gokmig/gokmig/cellfix"
)

// LambdaLoadSafeMode reports `load_model()` in code that builds `Lambda`
// layers from Python lambdas, when the call does not pass `safe_mode`.
//
// Keras 3 loads with safe_mode=True by default and then refuses to
// rebuild a Lambda layer whose function is a Python lambda: its bytecode
// is stored in the file and running it could run anything. Keras 2 loaded
// such layers silently.
var LambdaLoadSafeMode = &cellfix.Rule{
	Name:    "lambda-load-safe-mode",
	Code:    "K315",
	Title:   "`load_model()` of a model with `Lambda` layers needs `safe_mode=False`",
	Fixable: true,
	Run:     runLambdaLoadSafeMode,
}

func init() { register(LambdaLoadSafeMode) }

func runLambdaLoadSafeMode(p *cellfix.Pass) {
calls:
	for _, n := range p.Calls() {
		switch cellfix.KerasName(p.Resolve(n.Child("function"))) {
		case "keras.models.load_model", "keras.saving.load_model":
			args := p.Args(n)
			if args.Keyword["safe_mode"] != nil || args.Splat || len(args.Positional) > 3 {
				continue
			}
			lambdas := lambdaLayersBefore(p, n)
			if len(lambdas) == 0 {
				continue
			}
			msg := "this code builds `Lambda` layers from Python lambdas, and Keras 3's `load_model()` refuses " +
				"to rebuild those by default (safe_mode=True: the lambda's bytecode comes from the file)"
			for _, l := range lambdas {
				if name := freeName(l); name != "" {
					// Keras 3 rebuilds the lambda with its own module's
					// globals, so the name is undefined there.
					p.Reportf(n, nil, msg+fmt.Sprintf("; even with `safe_mode=False` the lambda `%s` cannot be rebuilt, "+
						"because it uses `%s`, which Keras 3 does not resolve when it loads the lambda (NotImplementedError): "+
						"turn it into a named function registered with `@keras.saving.register_keras_serializable()`",
						cellfix.ShortSource(l.text), name))
					continue calls
				}
			}
			fix := &cellfix.Fix{Title: "Load with `safe_mode=False`", Safety: cellfix.Unsafe,
				Edits: []cellfix.TextEdit{p.Edit().AppendArgument(n, "safe_mode=False")}}
			p.Reportf(n, fix, msg+": pass `safe_mode=False` only for files you trust, or replace the lambdas with named "+
				"functions registered with `@keras.saving.register_keras_serializable()`")
		}
	}
}

// lambdaLayer is a `lambda` expression given to a Lambda layer.
type lambdaLayer struct {
	// call is the Lambda(...) call.
	call *cellfix.Node
	node *cellfix.Node
	text string
	// params are the lambda's parameter names.
	params map[string]bool
	// names are the identifiers read in its body, in order.
	names []string
}

// lambdaBuiltins are the builtins a rebuilt lambda still finds.
var lambdaBuiltins = map[string]bool{
	"abs": true, "min": true, "max": true, "len": true, "sum": true, "float": true, "int": true, "round": true,
	"range": true, "list": true, "tuple": true, "True": true, "False": true, "None": true, "pow": true,
}

// freeName returns the first name the lambda's body reads that is neither
// a parameter nor a builtin, or "".
func freeName(l lambdaLayer) string {
	for _, name := range l.names {
		if !l.params[name] && !lambdaBuiltins[name] {
			return name
		}
	}
	return ""
}

// lambdaLayersBefore returns the `Lambda(lambda ...)` layer functions of
// the document before call.
func lambdaLayersBefore(p *cellfix.Pass, call *cellfix.Node) []lambdaLayer {
	index := cellfix.ResultOf(p, lambdaLayersIndex)
	model := p.Doc.Model()
	var out []lambdaLayer
	for i := 0; i <= p.CellPos; i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		for _, l := range index.of(model, i, c) {
			if i == p.CellPos && l.call.Start >= call.Start {
				break
			}
			out = append(out, l)
		}
	}
	return out
}

// lambdaLayersIndex holds, per cell, the `Lambda(lambda ...)` layers built
// there, in the order of their calls. lambdaLayersBefore reads them there
// instead of walking every call before each load_model() call: a file of N
// such calls cost N walks of it, each resolving every call's name. A cell
// is indexed when first asked about.
var lambdaLayersIndex = cellfix.NewFact("lambda-load-safe-mode-layers", func(*cellfix.Document) *lambdaIndex {
	return &lambdaIndex{cells: map[int][]lambdaLayer{}}
})

type lambdaIndex struct {
	mu    sync.Mutex
	cells map[int][]lambdaLayer
}

// of returns the Lambda layers built in cell c, at position pos.
func (x *lambdaIndex) of(model *cellfix.Model, pos int, c *cellfix.Cell) []lambdaLayer {
	x.mu.Lock()
	defer x.mu.Unlock()
	if layers, ok := x.cells[pos]; ok {
		return layers
	}
	var layers []lambdaLayer
	c.Root.Walk(func(n *cellfix.Node) bool {
		if n.Type != "call" || cellfix.KerasName(model.Resolve(pos, n.Child("function"))) != "keras.layers.Lambda" {
			return true
		}
		f := cellfix.ArgsOf(c, n).Value(0, "function")
		if f == nil || f.Type != "lambda" {
			return true
		}
		l := lambdaLayer{call: n, node: f, text: c.Masked[f.Start:f.End], params: map[string]bool{}}
		if params := f.Child("parameters"); params != nil {
			params.Walk(func(q *cellfix.Node) bool {
				if q.Type == "identifier" {
					l.params[c.Masked[q.Start:q.End]] = true
				}
				return true
			})
		}
		if body := f.Child("body"); body != nil {
			body.Walk(func(q *cellfix.Node) bool {
				if q.Type != "identifier" || q.Parent == nil {
					return true
				}
				// t.shape and f(axis=1) name an attribute and a
				// keyword, not a variable.
				if (q.Parent.Type == "attribute" && q.Field == "attribute") || (q.Parent.Type == "keyword_argument" && q.Field == "name") {
					return true
				}
				l.names = append(l.names, c.Masked[q.Start:q.End])
				return true
			})
		}
		layers = append(layers, l)
		return true
	})
	x.cells[pos] = layers
	return layers
}
