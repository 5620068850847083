package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// SaveWeightsPath reports `model.save_weights(path)` where the path does not
// end in `.weights.h5`, and `model.load_weights(path)` of a TensorFlow
// checkpoint prefix.
//
// Keras 3's save_weights() writes only `.weights.h5` files and raises
// "The filename must end in `.weights.h5`" for anything else: Keras 2's
// "weights.h5" (HDF5) and "ckpt/cp.ckpt" (a TF checkpoint) both fail, and
// load_weights() cannot read a TF checkpoint at all.
var SaveWeightsPath = &cellfix.Rule{
	Name:    "save-weights-path",
	Code:    "K312",
	Title:   "`save_weights()`/`load_weights()` path that is not a `.weights.h5` file",
	Fixable: true,
	Run:     runSaveWeightsPath,
}

func init() { register(SaveWeightsPath) }

func runSaveWeightsPath(p *cellfix.Pass) {
	for _, n := range p.Calls() {
		fn := n.Child("function")
		if fn == nil || fn.Type() != "attribute" || p.Resolve(fn) != "" {
			continue // a module function (np.save_weights?), not a model's method
		}
		switch p.Text(fn.Child("attribute")) {
		case "save_weights":
			checkSaveWeights(p, n, fn)
		case "load_weights":
			checkLoadWeightsPrefix(p, n, fn)
		}
	}
}

func checkSaveWeights(p *cellfix.Pass, call, fn *cellfix.Node) {
	model := p.Doc.Model()
	args := p.Args(call)
	path := args.Value(0, "filepath")
	if path == nil || args.Keyword["max_shard_size"] != nil {
		return // sharded saving is Keras 3's own `.weights.json` API
	}
	pv := model.PathOf(p.CellPos, path)
	lower := strings.ToLower(pv.Tail())
	shown := cellfix.ShortSource(p.Text(path))
	receiver := fn.Child("object")
	switch kind := pv.Kind(); {
	case strings.HasSuffix(lower, ".weights.h5"), kind == cellfix.PathOtherFile, kind == cellfix.PathHub:
		return
	case kind == cellfix.PathUnknown:
		if model.RoleOf(p.CellPos, receiver) != cellfix.RoleModel {
			return // nothing says this is a Keras model
		}
		p.Reportf(call, nil, fmt.Sprintf("Keras 3's `save_weights()` writes only files whose name ends in `.weights.h5`, "+
			"and `%s` may not: make sure it does", shown))
	case strings.HasSuffix(lower, ".h5") || strings.HasSuffix(lower, ".hdf5"):
		ext := pv.Tail()[strings.LastIndexByte(pv.Tail(), '.'):]
		var fix *cellfix.Fix
		if edits, ok := model.RenamePathEnd(p.CellPos, path, ext, ".weights.h5", true); ok {
			fix = &cellfix.Fix{Title: "Name the weights file `….weights.h5`", Safety: cellfix.Safe, Edits: edits,
				Visible: "the weights file is named `….weights.h5`"}
		}
		p.Reportf(call, fix, fmt.Sprintf("Keras 3's `save_weights()` writes only files whose name ends in `.weights.h5`, "+
			"so `%s` fails (\"The filename must end in `.weights.h5`\"): end the name in `.weights.h5` "+
			"here and wherever the code reads the file", shown))
	case strings.HasSuffix(lower, ".keras"):
		p.Reportf(call, nil, fmt.Sprintf("Keras 3's `save_weights()` writes only `.weights.h5` files, not `%s`: "+
			"save the whole model with `save()`, or end the name in `.weights.h5`", shown))
	default:
		// No extension, or ".ckpt": a TensorFlow checkpoint prefix.
		fix, why := checkpointFix(p, call, fn, path, pv.Tail())
		p.ReportFixSafetyOrWhy(call, fix, why,
			fmt.Sprintf("Keras 3's `save_weights()` writes only `.weights.h5` files, so the TensorFlow checkpoint prefix `%s` "+
				"fails (\"The filename must end in `.weights.h5`\"): save to a `.weights.h5` file, or on TensorFlow write a "+
				"checkpoint with `tf.train.Checkpoint(model=...).write(%s)`", shown, shown))
	}
}

// checkpointFix rewrites the save of a TF checkpoint prefix and the later
// load_weights() of the same prefix. On the tf target they become
// tf.train.Checkpoint write/read, which keep the checkpoint files; on
// multi, where tf.train.Checkpoint cannot hold Keras 3 variables of other
// backends, the prefix becomes a `.weights.h5` file.
func checkpointFix(p *cellfix.Pass, call, fn, path *cellfix.Node, tail string) (*cellfix.Fix, string) {
	args := p.Args(call)
	for _, a := range args.All {
		if a != args.Param(0, "filepath") && a != args.Keyword["save_format"] {
			return nil, "it passes arguments (`overwrite`, `options`) that a `tf.train.Checkpoint` write has no counterpart for"
		}
	}
	if args.Splat {
		return nil, "its arguments are unpacked with `*` or `**`"
	}
	model := p.Doc.Model()
	loads := p.LaterPathReads(call, path, "load_weights", loadWeightsPath)
	if p.Target == cellfix.TargetMulti {
		old := ""
		if ext := strings.LastIndexByte(tail, '.'); ext > strings.LastIndexAny(tail, `/\`) && ext > 0 {
			old = tail[ext:] // "cp.ckpt" → "cp.weights.h5"
		}
		edits, ok := model.RenamePathEnd(p.CellPos, path, old, ".weights.h5", true)
		if !ok {
			return nil, "the path cannot be renamed to end in `.weights.h5` here"
		}
		return &cellfix.Fix{Title: "Save the weights to a `.weights.h5` file", Safety: cellfix.Unsafe, Edits: edits,
			Visible: "the weights are one `.weights.h5` file, not a TensorFlow checkpoint's `.index` and data files"}, ""
	}
	tf, imports := tensorflowName(p)
	receiver := fn.Child("object")
	fix := &cellfix.Fix{Title: "Write and read a TF checkpoint with `tf.train.Checkpoint`", Safety: cellfix.Unsafe, Imports: imports}
	fix.Edits = append(fix.Edits, p.Replace(call, tf+".train.Checkpoint(model="+p.Text(receiver)+").write("+p.Text(path)+")"))
	readsUnused := true
	for _, l := range loads {
		c := p.Doc.Cells[l.Cell]
		lfn := l.Call.Child("function")
		largs := cellfix.ArgsOf(c, l.Call)
		if len(largs.All) != 1 || largs.Splat {
			return nil, "a `load_weights()` of the prefix passes arguments (`by_name`, `skip_mismatch`) that a `tf.train.Checkpoint` read has no counterpart for"
		}
		readsUnused = readsUnused && l.Call.Parent != nil && l.Call.Parent.Type() == "expression_statement"
		text := func(n *cellfix.Node) string { return c.Masked[n.Start():n.End()] }
		fix.Edits = append(fix.Edits, p.In(l.Cell).Replace(l.Call,
			tf+".train.Checkpoint(model="+text(lfn.Child("object"))+").read("+text(l.Path)+")"))
	}
	if why := checkpointRoundTripUnproven(p, call, path, loads, readsUnused); why != "" {
		return fix, why
	}
	if why := checkpointPrefixReadElsewhere(p, call, path, loads); why != "" {
		return fix, why
	}
	// Keras 2 also recorded the checkpoint in the folder's `checkpoint`
	// file, which tf.train.latest_checkpoint() reads.
	dir, _ := checkpointDir(plainPath(p, path))
	state, ok := p.Edit().InsertStatementAfter(call.Parent,
		tf+".compat.v1.train.update_checkpoint_state("+dir+", "+p.Text(path)+")")
	if !ok {
		return fix, "the save shares its line with other code"
	}
	fix.Edits = append(fix.Edits, state)
	fix.Safety = cellfix.Safe
	return fix, ""
}

// checkpointRoundTripUnproven says why the tf.train.Checkpoint write and
// reads may not do what Keras 2's save_weights and load_weights did, or ""
// when they do. Checked on tf-keras 2.21 and Keras 3.15.1 (see
// tests/keras2vs3/test_checkpoint_weights.py): where this code writes the
// prefix, once and before it reads it, the same files appear
// (PREFIX.index, PREFIX.data-00000-of-00001 and the folder's `checkpoint`
// state file with the same text) and a read restores the weights and the
// optimizer's state as load_weights did. Files only one of them reads
// (no later read here), the status a read returns, and preprocessing
// layers whose state Keras 2's load_weights finalized are not the same.
func checkpointRoundTripUnproven(p *cellfix.Pass, call, path *cellfix.Node, loads []cellfix.PathRead, readsUnused bool) string {
	switch {
	case len(loads) == 0:
		return "nothing here reads the checkpoint, and its variables are named differently from Keras 2's"
	case !readsUnused:
		return "the status load_weights() returned is used"
	case call.Parent == nil || call.Parent.Type() != "expression_statement" || !cellfix.RunsOnceInOrder(call):
		return "the save is not a statement of straight-line code, so it may not run before the reads"
	case docMentionsAny(p.Doc, finalizedLayers):
		return "a preprocessing layer's state is only finalized by Keras 2's load_weights()"
	case !savesTFFormat(p, call):
		return "`save_format` is not \"tf\": Keras 2 may have written one HDF5 file, not a checkpoint"
	}
	if _, ok := checkpointDir(plainPath(p, path)); !ok {
		return "the path is not a plain relative one (a string, or a name holding one)"
	}
	return ""
}

// savesTFFormat reports whether the save_weights() call leaves
// save_format out or sets it to "tf": only then did Keras 2 write a
// TensorFlow checkpoint to a path without an HDF5 extension.
func savesTFFormat(p *cellfix.Pass, call *cellfix.Node) bool {
	format := p.Args(call).Keyword["save_format"]
	if format == nil {
		return true
	}
	value, ok := p.Doc.Model().StringValue(p.CellPos, format.Child("value"))
	return ok && value == "tf"
}

// checkpointPrefixReadElsewhere says why other code may see the prefix
// differently after the fix, or "" when it cannot: the prefix is a string
// literal (or a name bound to one) that no code names other than the
// save and the reads the fix rewrites, or an os.path test. Other readers
// (tf.train.list_variables, tf.train.load_checkpoint, os.listdir...) would
// find the variables under the names tf.train.Checkpoint gives them, not
// Keras 2's.
func checkpointPrefixReadElsewhere(p *cellfix.Pass, call, path *cellfix.Node, loads []cellfix.PathRead) string {
	cell, lit := p.CellPos, path
	if path.Type() == "identifier" {
		cell, lit = p.Doc.Model().ValueOf(p.CellPos, path)
	}
	if lit == nil || lit.Type() != "string" {
		return "the path is not a string, or a name bound to one, so where else the checkpoint is named is not known"
	}
	rewritten := func(c int, n *cellfix.Node) bool {
		if c == p.CellPos && n == call {
			return true
		}
		for _, l := range loads {
			if c == l.Cell && n == l.Call {
				return true
			}
		}
		return false
	}
	if where := p.PathNamedElsewhere(cell, lit, func(c int, n, _ *cellfix.Node) bool { return rewritten(c, n) }); where != "" {
		return where + " also names the checkpoint, and may need its files or variable names as Keras 2 wrote them"
	}
	return ""
}

// plainPath returns the value of a path given as a string literal or a
// name holding one, or "".
func plainPath(p *cellfix.Pass, path *cellfix.Node) string {
	if path.Type() != "string" && path.Type() != "identifier" {
		return ""
	}
	return strings.TrimPrefix(p.Doc.Model().PathKey(p.CellPos, path), "=")
}

// finalizedLayers are the Keras layers (and the method) whose state
// Keras 2's load_weights() finalized after reading the weights.
var finalizedLayers = []string{"Normalization", "TextVectorization", "StringLookup", "IntegerLookup", "Discretization", "finalize_state"}

// checkpointDir returns, as a Python string literal, the folder of a plain
// relative checkpoint prefix (os.path.dirname: "" for none), and false
// for an absolute path or one with characters it does not spell plainly.
func checkpointDir(prefix string) (string, bool) {
	if prefix == "" || strings.HasPrefix(prefix, "/") || strings.HasPrefix(prefix, "~") {
		return "", false
	}
	for _, r := range prefix {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./", r)) {
			return "", false
		}
	}
	dir := ""
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		dir = prefix[:i]
	}
	return `"` + dir + `"`, true
}

// tensorflowName returns the name TensorFlow is imported as where the pass
// runs, or "tensorflow" with the import to add.
func tensorflowName(p *cellfix.Pass) (string, []cellfix.Import) {
	for _, b := range p.Doc.Model().Bindings {
		if b.Kind == cellfix.ImportBinding && b.Qualified == "tensorflow" && p.Lookup(b.Name) == b {
			return b.Name, nil
		}
	}
	return "tensorflow", []cellfix.Import{{Module: "tensorflow"}}
}

// loadWeightsPath returns the path argument of a `.load_weights()` call, or
// nil for other calls: a reads function for cellfix.LaterPathReads.
func loadWeightsPath(_ int, c *cellfix.Cell, call *cellfix.Node) *cellfix.Node {
	if cellfix.CalledMethod(c, call) != "load_weights" {
		return nil
	}
	return cellfix.ArgsOf(c, call).Value(0, "filepath")
}

// checkLoadWeightsPrefix reports load_weights() of a TF checkpoint prefix
// that this code does not write itself (that case goes with the save).
func checkLoadWeightsPrefix(p *cellfix.Pass, call, fn *cellfix.Node) {
	model := p.Doc.Model()
	path := p.Args(call).Value(0, "filepath")
	if path == nil {
		return
	}
	switch model.PathOf(p.CellPos, path).Kind() {
	case cellfix.PathDirectory, cellfix.PathOddExtension:
	default:
		return
	}
	if writtenEarlier(p, call, path) {
		return
	}
	shown := cellfix.ShortSource(p.Text(path))
	p.Reportf(call, nil, fmt.Sprintf("Keras 3's `load_weights()` reads only `.weights.h5`, `.keras` and `.h5` files, "+
		"not the TensorFlow checkpoint `%s` (\"File format not supported\"): convert it once with Keras 2 "+
		"(load it, then `save_weights(\"….h5\")`), or read it on TensorFlow with `tf.train.Checkpoint(model=...).read(%s)` "+
		"if a `tf.train.Checkpoint` wrote it (Keras 2's own checkpoints name the variables differently)", shown, shown))
}

// writtenEarlier reports whether an earlier save_weights() of the document
// writes the path.
func writtenEarlier(p *cellfix.Pass, call, path *cellfix.Node) bool {
	model := p.Doc.Model()
	key := model.PathKey(p.CellPos, path)
	if key == "" {
		return false
	}
	found := false
	p.MethodCallsBeforeIn(p.CellPos, call, "save_weights", func(i int, c *cellfix.Cell, n *cellfix.Node) bool {
		arg := cellfix.ArgsOf(c, n).Value(0, "filepath")
		found = arg != nil && model.PathKey(i, arg) == key
		return !found
	})
	return found
}
