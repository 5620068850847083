package rules

import (
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
	var lambda *cellfix.Node
	p.Walk(func(n *cellfix.Node) bool {
		if n.Type != "call" {
			return true
		}
		switch cellfix.KerasName(p.Resolve(n.Child("function"))) {
		case "keras.models.load_model", "keras.saving.load_model":
			args := p.Args(n)
			if args.Keyword["safe_mode"] != nil || args.Splat || len(args.Positional) > 3 {
				return true
			}
			if lambda == nil {
				lambda = lambdaLayerBefore(p, n)
			}
			if lambda == nil {
				return true
			}
			fix := &cellfix.Fix{Title: "Load with `safe_mode=False`", Safety: cellfix.Unsafe,
				Edits: []cellfix.TextEdit{p.Edit().AppendArgument(n, "safe_mode=False")}}
			p.Reportf(n, fix, "this code builds `Lambda` layers from Python lambdas, and Keras 3's `load_model()` refuses "+
				"to rebuild those by default (safe_mode=True: the lambda's bytecode comes from the file): pass "+
				"`safe_mode=False` only for files you trust, or replace the lambdas with named functions or layers "+
				"registered with `@keras.saving.register_keras_serializable()`")
		}
		return true
	})
}

// lambdaLayerBefore returns a `Lambda(lambda ...)` layer construction of
// the document before call, or nil.
func lambdaLayerBefore(p *cellfix.Pass, call *cellfix.Node) *cellfix.Node {
	model := p.Doc.Model()
	var found *cellfix.Node
	for i := 0; i <= p.CellPos && found == nil; i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if found != nil || n.Type != "call" || (i == p.CellPos && n.Start >= call.Start) {
				return found == nil
			}
			if cellfix.KerasName(model.Resolve(i, n.Child("function"))) == "keras.layers.Lambda" {
				if f := cellfix.ArgsOf(c, n).Value(0, "function"); f != nil && f.Type == "lambda" {
					found = n
				}
			}
			return found == nil
		})
	}
	return found
}
