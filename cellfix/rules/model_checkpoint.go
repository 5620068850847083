package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// ModelCheckpointArgs reports `keras.callbacks.ModelCheckpoint` arguments
// Keras 3 rejects: `period=` (removed; TypeError), and a file path whose
// ending does not match what is saved: `.weights.h5` with
// `save_weights_only=True`, `.keras` (or `.h5`) otherwise.
var ModelCheckpointArgs = &cellfix.Rule{
	Name:    "model-checkpoint-args",
	Code:    "K313",
	Title:   "`ModelCheckpoint` with `period=` or a path Keras 3 does not write",
	Fixable: true,
	Run:     runModelCheckpointArgs,
}

func init() { register(ModelCheckpointArgs) }

func runModelCheckpointArgs(p *cellfix.Pass) {
	for _, n := range p.Calls() {
		if cellfix.KerasName(p.Resolve(n.Child("function"))) == "keras.callbacks.ModelCheckpoint" {
			checkModelCheckpoint(p, n)
		}
	}
}

func checkModelCheckpoint(p *cellfix.Pass, call *cellfix.Node) {
	args := p.Args(call)
	if period := args.Keyword["period"]; period != nil {
		value := period.Child("value")
		if value != nil && p.Text(value) == "1" {
			p.Reportf(period, &cellfix.Fix{Title: "Remove `period=1`", Safety: cellfix.Safe,
				Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, period)}},
				"Keras 3's `ModelCheckpoint` has no `period` argument (TypeError): a checkpoint every epoch is "+
					"already the default (`save_freq=\"epoch\"`), so remove it")
		} else {
			p.Reportf(period, nil, "Keras 3's `ModelCheckpoint` has no `period` argument (TypeError): `save_freq=N` "+
				"counts batches, not epochs, so write `save_freq=<epochs> * <steps per epoch>` (the steps are "+
				"`ceil(samples / batch_size)`), or save from a callback's `on_epoch_end`")
		}
	}
	path := args.Value(0, "filepath")
	if path == nil {
		return
	}
	weightsOnly := false
	if w := args.Value(-1, "save_weights_only"); w != nil {
		switch p.Text(w) {
		case "True":
			weightsOnly = true
		case "False":
		default:
			return // decided at run time
		}
	}
	model := p.Doc.Model()
	pv := model.PathOf(p.CellPos, path)
	kind := pv.Kind()
	lower := strings.ToLower(pv.Tail())
	shown := cellfix.ShortSource(p.Text(path))
	switch {
	case kind == cellfix.PathOtherFile || kind == cellfix.PathHub:
		return
	case weightsOnly && strings.HasSuffix(lower, ".weights.h5"):
		return
	case !weightsOnly && (kind == cellfix.PathKerasFile || kind == cellfix.PathUnknown):
		return // .keras and .h5 both work; .hdf5 is rare enough to leave alone
	case weightsOnly && kind == cellfix.PathUnknown:
		p.Reportf(path, nil, fmt.Sprintf("with `save_weights_only=True`, Keras 3's `ModelCheckpoint` writes only files whose "+
			"name ends in `.weights.h5`, and `%s` may not: make sure it does", shown))
	case weightsOnly:
		old, safety := "", cellfix.Unsafe
		if i := strings.LastIndexByte(pv.Tail(), '.'); i > strings.LastIndexAny(pv.Tail(), `/\`)+1 && !strings.Contains(pv.Tail()[i:], "}") {
			old = pv.Tail()[i:]
		}
		if strings.HasSuffix(lower, ".h5") || strings.HasSuffix(lower, ".hdf5") {
			safety = cellfix.Safe // HDF5 weights before and after: only the name changes
		}
		var fix *cellfix.Fix
		if edits, ok := model.RenamePathEnd(p.CellPos, path, old, ".weights.h5", true); ok {
			fix = &cellfix.Fix{Title: "Name the weights files `….weights.h5`", Safety: safety, Edits: edits,
				Visible: "the weights files are named `….weights.h5`"}
		}
		p.Reportf(path, fix, fmt.Sprintf("with `save_weights_only=True`, Keras 3's `ModelCheckpoint` writes only files whose "+
			"name ends in `.weights.h5`, so `%s` fails: end the name in `.weights.h5` here and wherever the code reads the files", shown))
	default:
		// A SavedModel directory: Keras 3 checkpoints a whole model only as
		// a .keras (or .h5) file. Keeping the directory and putting the file
		// in it leaves the place the code looks at unchanged.
		var fix *cellfix.Fix
		why := ""
		if edits, ok := model.RenamePathEnd(p.CellPos, path, "", "/model.keras", false); ok && kind == cellfix.PathDirectory {
			safety := cellfix.Safe
			if why = checkpointDirectoryReadElsewhere(p, path, args); why != "" {
				safety = cellfix.Unsafe
			}
			fix = &cellfix.Fix{Title: "Checkpoint to `model.keras` inside the directory", Safety: safety, Edits: edits,
				Visible: "the directory holds the file `model.keras`, not a SavedModel"}
			// A later load_model() of the directory reads the file now.
			for _, l := range p.LaterModelLoads(call, path) {
				more, ok := model.RenamePathEnd(l.Cell, l.Path, "", "/model.keras", false)
				if !ok {
					fix = nil
					break
				}
				if more[0] != edits[0] {
					fix.Edits = append(fix.Edits, more...)
				}
			}
		}
		p.ReportFixSafetyOrWhy(path, fix, why, fmt.Sprintf("Keras 3's `ModelCheckpoint` saves a whole model only to a `.keras` (or `.h5`) file, "+
			"not to the SavedModel directory `%s` (\"The filepath provided must end in `.keras`\"): checkpoint to a `.keras` file, "+
			"e.g. inside that directory, and load it with `keras.models.load_model`", shown))
	}
}

// checkpointDirectoryReadElsewhere says why checkpointing to model.keras
// inside the directory could change what the program does, or "" when it
// cannot. The file holds the model the SavedModel held (the same
// predictions, tests/keras2vs3/test_checkpoint_directory.py), but Keras 2
// loaded a SavedModel with a fresh optimizer and Keras 3 loads the
// optimizer's state with a `.keras` file: so the program must not load the
// checkpoint, nor name the directory other than in an os.path test.
func checkpointDirectoryReadElsewhere(p *cellfix.Pass, path *cellfix.Node, args cellfix.CallArgs) string {
	switch {
	case path.Type() != "string":
		return "the path is not a plain string, so where else the directory is named is not known"
	case args.Keyword["options"] != nil:
		return "`options` are SavedModel options"
	}
	if where := p.PathNamedElsewhere(p.CellPos, path, func(int, *cellfix.Node, *cellfix.Node) bool { return false }); where != "" {
		return where + " also names the directory: a SavedModel loaded on Keras 2 came back with a fresh optimizer, " +
			"the `.keras` file comes back with the optimizer's state, and other readers may need the SavedModel"
	}
	return ""
}
