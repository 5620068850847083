package rules

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/gokmig/gokmig/cellfix"
)

// This file is shared by tf-keras-import and optimizer-arguments.
//
// The optimizer table (optimizer_moves.tsv) says which Keras 2 optimizer
// classes under tf.keras.optimizers.legacy and .experimental train exactly as
// Keras 3's keras.optimizers class of the same name, and with which
// arguments. tests/keras2vs3/test_optimizer_moves.py proves each row on
// real Keras 2 (tf_keras) and Keras 3.

//go:embed optimizer_moves.tsv
var optimizerMovesText string

// optimizerMove is one row of the table.
type optimizerMove struct {
	// args are the arguments the row was proven with.
	args map[string]bool
	safe bool
	note string
}

var optimizerMoves = sync.OnceValue(func() map[string]optimizerMove {
	rows, err := parseOptimizerMoves(optimizerMovesText)
	if err != nil {
		panic("rules: embedded optimizer_moves.tsv: " + err.Error())
	}
	return rows
})

// parseOptimizerMoves reads the table into rows keyed by the Keras 2 name in
// Keras 3 spelling ("keras.optimizers.legacy.Adam").
func parseOptimizerMoves(text string) (map[string]optimizerMove, error) {
	rows := map[string]optimizerMove{}
	for i, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || (f[0] != "legacy" && f[0] != "experimental") || (f[3] != "safe" && f[3] != "unsafe") {
			return nil, fmt.Errorf("line %d: want module, class, arguments, safe|unsafe, note: %q", i+1, line)
		}
		if f[3] == "unsafe" && f[4] == "" {
			return nil, fmt.Errorf("line %d: an unsafe row needs a note", i+1)
		}
		m := optimizerMove{args: map[string]bool{}, safe: f[3] == "safe", note: f[4]}
		for _, a := range strings.Split(f[2], ",") {
			m.args[a] = true
		}
		rows["keras.optimizers."+f[0]+"."+f[1]] = m
	}
	return rows, nil
}

// optimizerMoveSafety says how safe it is to move the chain ch, a
// tf.keras.optimizers.legacy|experimental class whose move movedPaths marks
// unsafe, to keras.optimizers: safe when the chain is called, the table
// proves the class, and every argument is one the table lists (at most the
// learning rate by position, as in every one of these classes), `lr` (a
// safe rename) or a `decay` whose own fix is safe here.
func optimizerMoveSafety(p *cellfix.Pass, k string, chain *cellfix.Node) cellfix.Safety {
	row, ok := optimizerMoves()[k]
	call := chain.Parent
	if !ok || !row.safe || chain.Field() != "function" || call == nil || call.Type() != "call" {
		return cellfix.Unsafe
	}
	args := p.Args(call)
	if args.List == nil || args.Splat || len(args.Positional) > 1 {
		return cellfix.Unsafe
	}
	for name, arg := range args.Keyword {
		switch {
		case row.args[name], name == "lr":
		case name == "decay" && decayFixSafe(p, args, arg):
		default:
			return cellfix.Unsafe
		}
	}
	return cellfix.Safe
}

// decayFixSafe reports whether turning the `decay` argument of an optimizer
// call into an InverseTimeDecay schedule keeps what the code does: `decay=0`
// (removed), or a number with the learning rate a number too, in code that
// never reads or sets a learning rate (no `.lr`, `.learning_rate`, `.decay`
// attribute, no LearningRateScheduler or ReduceLROnPlateau): there the
// schedule gives every step the rate Keras 2 gave it
// (tests/keras2vs3/test_optimizer_moves.py), and nothing can tell the
// schedule from the decayed variable.
func decayFixSafe(p *cellfix.Pass, args cellfix.CallArgs, decay *cellfix.Node) bool {
	value := decay.Child("value")
	if v := p.Text(value); v == "0" || v == "0.0" || v == "0." {
		return true
	}
	rate := args.Keyword["learning_rate"]
	if rate == nil {
		rate = args.Keyword["lr"]
	}
	if args.Splat || rate == nil || !isNumberLiteral(value) || !isNumberLiteral(rate.Child("value")) {
		return false
	}
	return !readsLearningRate(p.Doc)
}

// isNumberLiteral reports whether n is a number, possibly negated.
func isNumberLiteral(n *cellfix.Node) bool {
	if n != nil && n.Type() == "unary_operator" {
		n = n.Child("argument")
	}
	return n != nil && (n.Type() == "integer" || n.Type() == "float")
}

// readsLearningRate reports whether any cell of doc touches an optimizer's
// learning rate after construction: an attribute lr, learning_rate, decay or
// _decayed_lr, or a callback that sets the rate.
func readsLearningRate(doc *cellfix.Document) bool {
	found := false
	for _, c := range doc.Cells {
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if found {
				return false
			}
			switch n.Type() {
			case "attribute":
				if a := n.Child("attribute"); a != nil {
					switch c.Masked[a.Start():a.End()] {
					case "lr", "learning_rate", "decay", "_decayed_lr", "LearningRateScheduler", "ReduceLROnPlateau":
						found = true
					}
				}
			case "identifier":
				switch c.Masked[n.Start():n.End()] {
				case "LearningRateScheduler", "ReduceLROnPlateau":
					found = true
				}
			}
			return !found
		})
	}
	return found
}
