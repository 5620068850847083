package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// H5ReloadTraining reports training a model loaded from an `.h5` file with
// its optimizer: `m = load_model("….h5")` followed by `m.fit(...)`.
//
// Keras 3 (3.15.1) restores the optimizer of a legacy HDF5 model without
// tying it to the loaded variables, so the first training step fails: on
// TensorFlow with "Unknown variable … This optimizer can only be called for
// the variables it was originally built with", on JAX with
// "`optimizer_variables` must be a list of tensors". The `.keras` format
// round-trips a compiled model and training continues.
var H5ReloadTraining = &cellfix.Rule{
	Name:    "h5-reload-training",
	Code:    "K316",
	Title:   "training a model loaded from an `.h5` file",
	Fixable: true,
	Run:     runH5ReloadTraining,
}

func init() { register(H5ReloadTraining) }

// trainingMethods run the optimizer.
var trainingMethods = map[string]bool{"fit": true, "train_on_batch": true, "fit_generator": true}

func runH5ReloadTraining(p *cellfix.Pass) {
	model := p.Doc.Model()
	for _, n := range p.Calls() {
		fn := n.Child("function")
		if fn == nil || fn.Type() != "attribute" || !trainingMethods[p.Text(fn.Child("attribute"))] {
			continue
		}
		obj := fn.Child("object")
		if obj == nil || obj.Type() != "identifier" {
			continue
		}
		vc, v := model.ValueOf(p.CellPos, obj)
		if v == nil || v.Type() != "call" {
			continue
		}
		switch cellfix.KerasName(model.Resolve(vc, v.Child("function"))) {
		case "keras.models.load_model", "keras.saving.load_model":
		default:
			continue
		}
		args := cellfix.ArgsOf(p.Doc.Cells[vc], v)
		if c := args.Value(2, "compile"); c != nil && model.Text(vc, c) == "False" {
			continue // compiled again by the code, with a fresh optimizer
		}
		if compiledAfterLoad(p, n, vc, v) {
			continue // compile() gave it a fresh optimizer, which trains
		}
		path := args.Value(0, "filepath")
		if path == nil {
			continue
		}
		tail := strings.ToLower(model.PathOf(vc, path).Tail())
		ext := ""
		for _, e := range []string{".h5", ".hdf5"} {
			if strings.HasSuffix(tail, e) && !strings.HasSuffix(tail, ".weights.h5") {
				ext = e
			}
		}
		if ext == "" {
			continue
		}
		shown := cellfix.ShortSource(model.Text(vc, path))
		msg := fmt.Sprintf("Keras 3 cannot train a model loaded with its optimizer from the `.h5` file `%s`: the first step "+
			"fails (\"Unknown variable\" on TensorFlow, \"optimizer_variables\" on JAX); save and load the model as a `.keras` "+
			"file instead, or load with `compile=False` and `compile()` it again (the optimizer starts afresh)", shown)
		var fix *cellfix.Fix
		why := ""
		if save := h5SaveBefore(p, vc, v, path); save != nil {
			realExt := model.PathOf(save.cell, save.path).Tail()
			realExt = realExt[len(realExt)-len(ext):]
			if edits, ok := model.RenamePathEnd(save.cell, save.path, realExt, ".keras", true); ok {
				safety := cellfix.Safe
				if why = h5FileReadElsewhere(p, save); why != "" {
					safety = cellfix.Unsafe
				}
				fix = &cellfix.Fix{Title: "Save and load the model as a `.keras` file", Safety: safety, Edits: edits,
					Visible: "the model file ends in `.keras`"}
				if !strings.HasPrefix(model.PathKey(save.cell, save.path), "=") {
					// Only the saved path changes; the load must follow.
					if more, ok := model.RenamePathEnd(vc, path, realExt, ".keras", false); ok && more[0] != edits[0] {
						fix.Edits = append(fix.Edits, more...)
					}
				}
			}
		}
		p.ReportFixSafetyOrWhy(n, fix, why, msg)
	}
}

// h5FileReadElsewhere says why renaming the saved file to `.keras` could
// change what the program does, or "" when it cannot: the save names the
// file with a literal, and every literal naming it is the path argument of
// that save, of a Keras load_model() or of an os.path test. Keras 3 then
// saves and restores the model, optimizer state included, as Keras 2 did
// with the `.h5` file (tests/keras2vs3/test_h5_reload_training.py), and
// only the name on disk differs, which the fix declares.
func h5FileReadElsewhere(p *cellfix.Pass, save *h5Save) string {
	if save.path.Type() != "string" {
		return "the save's path is not a plain string, so where else the file is named is not known"
	}
	args := cellfix.ArgsOf(p.Doc.Cells[save.cell], save.call)
	for name := range args.Keyword {
		if name != "filepath" && name != "overwrite" && name != "model" {
			// include_optimizer=False, save_format, ...: the `.keras` file
			// would not hold what the `.h5` file held.
			return fmt.Sprintf("the save passes `%s`", name)
		}
	}
	positional := 2 // save_model(model, path)
	if cellfix.CalledMethod(p.Doc.Cells[save.cell], save.call) == "save" {
		positional = 1 // model.save(path)
	}
	if args.Splat || len(args.Positional) > positional {
		return "the save passes more than the model and the path"
	}
	model := p.Doc.Model()
	where := p.PathNamedElsewhere(save.cell, save.path, func(cell int, call, _ *cellfix.Node) bool {
		name := cellfix.KerasName(model.Resolve(cell, call.Child("function")))
		return name == "keras.models.load_model" || name == "keras.saving.load_model"
	})
	if where != "" {
		return where + " also names the file, and may need it as it was (HDF5)"
	}
	return ""
}

// compiledAfterLoad reports whether the model loaded by the call load (in
// cell loadCell) is compiled again before the training call: compile()
// replaces the restored optimizer, and training then works on Keras 3.
func compiledAfterLoad(p *cellfix.Pass, training *cellfix.Node, loadCell int, load *cellfix.Node) bool {
	model := p.Doc.Model()
	compiled := false
	p.MethodCallsBeforeIn(p.CellPos, training, "compile", func(cell int, c *cellfix.Cell, call *cellfix.Node) bool {
		if cell < loadCell || (cell == loadCell && call.Start() < load.End()) {
			return true
		}
		vc, v := model.ValueOf(cell, call.Child("function").Child("object"))
		compiled = v == load && vc == loadCell
		return !compiled
	})
	return compiled
}

// h5Save is the path argument of a save() call.
type h5Save struct {
	cell       int
	call, path *cellfix.Node
}

// h5SaveBefore returns the `.save(path)`/save_model(model, path) call that
// writes the file the load_model() call (in cell loadCell) reads, or nil.
func h5SaveBefore(p *cellfix.Pass, loadCell int, load, loadPath *cellfix.Node) *h5Save {
	model := p.Doc.Model()
	key := model.PathKey(loadCell, loadPath)
	if key == "" {
		return nil
	}
	var found *h5Save
	for i := 0; i <= loadCell && found == nil; i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			if found != nil || n.Type() != "call" || (i == loadCell && n.Start() >= load.Start()) {
				return found == nil
			}
			fn := n.Child("function")
			args := cellfix.ArgsOf(c, n)
			var arg *cellfix.Node
			switch q := cellfix.KerasName(model.Resolve(i, fn)); {
			case q == "keras.models.save_model" || q == "keras.saving.save_model":
				arg = args.Value(1, "filepath")
			case fn != nil && fn.Type() == "attribute" && model.Resolve(i, fn) == "" && model.Text(i, fn.Child("attribute")) == "save":
				arg = args.Value(0, "filepath")
			}
			if arg != nil && model.PathKey(i, arg) == key {
				found = &h5Save{i, n, arg}
			}
			return found == nil
		})
	}
	return found
}
