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
	aliases := lossAliasesBefore(p, call)
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
		lit, ok := cellfix.RespellLiteral(p.Doc.Cells[a.cell].Masked[a.node.Start:a.node.End], lossFullNames[v])
		if !ok {
			fix = nil
			break
		}
		fix.Edits = append(fix.Edits, p.In(a.cell).Replace(a.node, lit))
	}
	p.Reportf(call, fix, fmt.Sprintf("Keras 3 cannot read back an `.h5` model compiled with the loss abbreviation %q "+
		"(\"Could not deserialize 'keras.metrics.%s'\"): compile with the full name %q, the same function, or load with "+
		"`compile=False` and compile again", first, first, lossFullNames[first]))
}

// lossAlias is a loss abbreviation literal in a compile() call.
type lossAlias struct {
	cell int
	node *cellfix.Node
}

// lossAliasesBefore returns the loss abbreviations passed to compile()
// calls before call: `loss="mse"`, or inside a list or dict of losses.
func lossAliasesBefore(p *cellfix.Pass, call *cellfix.Node) []lossAlias {
	model := p.Doc.Model()
	var out []lossAlias
	p.CallsBefore(call, func(i int, c *cellfix.Cell, n *cellfix.Node) bool {
		if cellfix.CalledMethod(c, n) != "compile" {
			return true
		}
		loss := cellfix.ArgsOf(c, n).Value(1, "loss")
		if loss == nil {
			return true
		}
		loss.Walk(func(s *cellfix.Node) bool {
			if s.Type == "string" {
				if s.Parent != nil && s.Parent.Type == "pair" && s.Field == "key" {
					return false // an output name
				}
				if v, ok := model.StringValue(i, s); ok && lossFullNames[v] != "" {
					out = append(out, lossAlias{i, s})
				}
				return false
			}
			return s.Type == "list" || s.Type == "tuple" || s.Type == "dictionary" || s.Type == "pair" || s == loss
		})
		return true
	})
	return out
}
