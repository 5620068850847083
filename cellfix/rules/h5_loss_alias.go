package rules

import (
	"fmt"

	"github.com/gokmig/gokmig/cellfix"
)

// H5LossAlias reports `load_model("….h5")` of a model the code compiled
// with a loss abbreviation such as `loss="mse"`.
//
// Keras 3 (3.15.1) writes the abbreviation into the HDF5 training config
// and then cannot read it back: load_model raises "Could not deserialize
// 'keras.metrics.mse' because it is not a KerasSaveable subclass". The full
// name of the same function ("mean_squared_error") round-trips.
var H5LossAlias = &cellfix.Rule{
	Name:    "h5-loss-alias",
	Code:    "K314",
	Title:   "`load_model()` of an `.h5` model compiled with a loss abbreviation",
	Fixable: true,
	Run:     runH5LossAlias,
}

func init() { register(H5LossAlias) }

// lossFullNames maps the loss abbreviations that fail to round-trip
// through HDF5 to the full names of the same functions.
var lossFullNames = map[string]string{
	"mse": "mean_squared_error", "MSE": "mean_squared_error",
	"mae": "mean_absolute_error", "MAE": "mean_absolute_error",
	"mape": "mean_absolute_percentage_error", "MAPE": "mean_absolute_percentage_error",
	"msle": "mean_squared_logarithmic_error", "MSLE": "mean_squared_logarithmic_error",
	"kld": "kl_divergence", "KLD": "kl_divergence",
	"logcosh": "log_cosh",
}

func runH5LossAlias(p *cellfix.Pass) {
	for _, n := range p.Calls() {
		switch cellfix.KerasName(p.Resolve(n.Child("function"))) {
		case "keras.models.load_model", "keras.saving.load_model":
			checkH5LossAlias(p, n)
		}
	}
}

func checkH5LossAlias(p *cellfix.Pass, call *cellfix.Node) {
	model := p.Doc.Model()
	args := p.Args(call)
	path := args.Value(0, "filepath")
	if path == nil {
		return
	}
	if c := args.Value(2, "compile"); c != nil && p.Text(c) == "False" {
		return // the training config is not read
	}
	tail := model.PathOf(p.CellPos, path).Tail()
	if n := len(tail); !(n > 3 && tail[n-3:] == ".h5") && !(n > 5 && tail[n-5:] == ".hdf5") {
		return
	}
	// Follow the file back to the model written into it: only the last
	// compile() of that model before the save counts (a model rebound to
	// another one, or compiled again with a full name, saves fine).
	var aliases []lossAlias
	hedged := false
	w, saved := p.LastModelWrite(call, path)
	switch {
	case saved && w.Value != nil:
		last, compiled := lastCompileOf(p, w)
		if !compiled {
			if model.ConstructsModel(w.ValueCell, w.Value) {
				return // saved uncompiled: no training config to read
			}
			aliases, hedged = lossAliasesBefore(p, w.Cell, w.Call), true
			break
		}
		aliases = lossAliasesIn(p, last.cell, last.node)
	case saved:
		aliases, hedged = lossAliasesBefore(p, w.Cell, w.Call), true
	default:
		aliases, hedged = lossAliasesBefore(p, p.CellPos, call), true
	}
	if len(aliases) == 0 {
		return
	}
	fix := &cellfix.Fix{Title: "Spell the loss out in `compile()`", Safety: cellfix.Safe}
	first := ""
	for _, a := range aliases {
		v, _ := model.StringValue(a.cell, a.node)
		if first == "" {
			first = v
		}
		lit, ok := cellfix.RespellLiteral(p.Doc.Cells[a.cell].Masked[a.node.Start():a.node.End()], lossFullNames[v])
		if !ok {
			fix = nil
			break
		}
		fix.Edits = append(fix.Edits, p.In(a.cell).Replace(a.node, lit))
	}
	if hedged {
		p.Reportf(call, fix, fmt.Sprintf("this code compiles a model with the loss abbreviation %q, and which model was saved "+
			"to this `.h5` file cannot be followed: if it is that one, Keras 3 cannot read it back "+
			"(\"Could not deserialize 'keras.metrics.%s'\"); compile with the full name %q, the same function, or load with "+
			"`compile=False` and compile again", first, first, lossFullNames[first]))
		return
	}
	p.Reportf(call, fix, fmt.Sprintf("Keras 3 cannot read back an `.h5` model compiled with the loss abbreviation %q "+
		"(\"Could not deserialize 'keras.metrics.%s'\"): compile with the full name %q, the same function, or load with "+
		"`compile=False` and compile again", first, first, lossFullNames[first]))
}

// compileCall is a compile() call of the document.
type compileCall struct {
	cell int
	node *cellfix.Node
}

// lastCompileOf returns the last `m.compile(...)` before the write w on a
// variable holding the model w saves.
func lastCompileOf(p *cellfix.Pass, w cellfix.ModelWrite) (last compileCall, ok bool) {
	model := p.Doc.Model()
	p.MethodCallsBeforeIn(w.Cell, w.Call, "compile", func(i int, c *cellfix.Cell, n *cellfix.Node) bool {
		if model.HoldsValue(i, n.Child("function").Child("object"), w.ValueCell, w.Value) {
			last, ok = compileCall{i, n}, true
		}
		return true
	})
	return last, ok
}

// lossAlias is a loss abbreviation literal in a compile() call.
type lossAlias struct {
	cell int
	node *cellfix.Node
}

// lossAliasesBefore returns the loss abbreviations passed to compile()
// calls before call (of the cell at position cell): `loss="mse"`, or inside a list or dict of losses.
func lossAliasesBefore(p *cellfix.Pass, cell int, call *cellfix.Node) []lossAlias {
	var out []lossAlias
	p.MethodCallsBeforeIn(cell, call, "compile", func(i int, c *cellfix.Cell, n *cellfix.Node) bool {
		out = append(out, lossAliasesIn(p, i, n)...)
		return true
	})
	return out
}

// lossAliasesIn returns the loss abbreviations one compile() call passes.
func lossAliasesIn(p *cellfix.Pass, i int, n *cellfix.Node) []lossAlias {
	model := p.Doc.Model()
	var out []lossAlias
	loss := cellfix.ArgsOf(p.Doc.Cells[i], n).Value(1, "loss")
	if loss == nil {
		return nil
	}
	loss.Walk(func(s *cellfix.Node) bool {
		if s.Type() == "string" {
			if s.Parent != nil && s.Parent.Type() == "pair" && s.Field() == "key" {
				return false // an output name
			}
			if v, ok := model.StringValue(i, s); ok && lossFullNames[v] != "" {
				out = append(out, lossAlias{i, s})
			}
			return false
		}
		return s.Type() == "list" || s.Type() == "tuple" || s.Type() == "dictionary" || s.Type() == "pair" || s == loss
	})
	return out
}
