package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// RemovedAPI reports the Keras 2 features that Keras 3 removed outright:
// the ThresholdedReLU, LocallyConnected1D/2D and RandomFourierFeatures
// layers, the RadialConstraint constraint, the RNN `time_major` and
// `constants` arguments, the `reset_metrics` argument of `*_on_batch`,
// symbolic `add_loss()`, and the `dynamic` and `metrics` layer attributes.
//
// Each of them fails on Keras 3 with an ImportError, AttributeError,
// TypeError or ValueError. Example: `layers.ThresholdedReLU(theta=0.5)`.
// Fix: `layers.ReLU(threshold=0.5)`, the one removal with an exact
// replacement; arguments whose value is the old default (`time_major=False`,
// `reset_metrics=True`, `dynamic=False`, `constants=None`) are dropped. The
// other findings say what to use instead.
var RemovedAPI = &cellfix.Rule{
	Name:    "removed-api",
	Code:    "K320",
	Title:   "Keras 2 feature removed in Keras 3",
	Fixable: true,
	Run:     runRemovedAPI,
}

func init() { register(RemovedAPI) }

// removedClasses maps each removed class to the Keras module (Keras 3
// spelling) it lived under and what to do instead.
var removedClasses = map[string]struct{ module, advice string }{
	"ThresholdedReLU":       {"keras.layers", "use `ReLU(threshold=...)`; Keras 2's `theta` is `threshold` (default 1.0)"},
	"LocallyConnected1D":    {"keras.layers", "copy the Keras 2 layer's code into the notebook as a custom layer, or use `Conv1D` if weights shared across positions will do"},
	"LocallyConnected2D":    {"keras.layers", "copy the Keras 2 layer's code into the notebook as a custom layer, or use `Conv2D` if weights shared across positions will do"},
	"RandomFourierFeatures": {"keras.layers", "copy the Keras 2 layer's code into the notebook as a custom layer"},
	"RadialConstraint":      {"keras.constraints", "write a `keras.constraints.Constraint` subclass that does the same"},
}

// removedClassName returns the short name of a removed class given its
// exact qualified name in Keras 3 spelling (any submodule of its Keras 2
// module counts: keras.layers.experimental.RandomFourierFeatures).
func removedClassName(k string) (string, bool) {
	i := strings.LastIndexByte(k, '.')
	if i < 0 {
		return "", false
	}
	module, name := k[:i], k[i+1:]
	c, ok := removedClasses[name]
	if !ok || (module != c.module && !strings.HasPrefix(module, c.module+".")) {
		return "", false
	}
	return name, true
}

// IsRemovedName reports whether a qualified name, in Keras 3 spelling
// ("keras.layers.ThresholdedReLU") or tf.keras spelling, is or lies inside a
// class that Keras 3 removed. Pass the whole chain:
// "keras.layers.experimental.RandomFourierFeatures" qualifies, its module
// "keras.layers.experimental" alone does not. The naming rules skip such
// names, so a removed class is reported once, here, with what to use instead.
func IsRemovedName(q string) bool {
	if k := spelledAsKeras3(q); k != "" {
		q = k
	}
	for i := 0; i <= len(q); i++ {
		if i == len(q) || q[i] == '.' {
			if _, ok := removedClassName(q[:i]); ok {
				return true
			}
		}
	}
	return false
}

// rnnLayers are the Keras 2 recurrent layers whose constructor took
// time_major and whose call took constants.
var rnnLayers = map[string]bool{
	"RNN": true, "SimpleRNN": true, "LSTM": true, "GRU": true, "CuDNNLSTM": true, "CuDNNGRU": true,
	"ConvLSTM1D": true, "ConvLSTM2D": true, "ConvLSTM3D": true, "Bidirectional": true,
}

func isRNNLayer(k string) bool {
	return strings.HasPrefix(k, "keras.layers.") && rnnLayers[k[strings.LastIndexByte(k, '.')+1:]]
}

var onBatchMethods = map[string]bool{"train_on_batch": true, "test_on_batch": true, "predict_on_batch": true}

func runRemovedAPI(p *cellfix.Pass) {
	s := notebookScan{p}
	p.Walk(func(n *cellfix.Node) bool {
		switch n.Type {
		case "import_from_statement":
			checkRemovedImport(s, n)
			return false
		case "import_statement", "future_import_statement":
			return false
		case "identifier", "attribute":
			checkRemovedReference(s, n)
			if n.Type == "attribute" {
				checkRemovedLayerAttribute(s, n)
			}
		case "call":
			checkRemovedArguments(s, n)
		}
		return true
	})
}

// checkRemovedImport reports `from ... import X` of a removed class, and
// deletes the name once nothing uses it (after the uses were fixed).
func checkRemovedImport(s notebookScan, stmt *cellfix.Node) {
	p := s.p
	mod := stmt.Child("module_name")
	if mod == nil || mod.Type == "relative_import" {
		return
	}
	module := strings.Join(strings.Fields(p.Text(mod)), "")
	var names []*cellfix.Node
	for _, ch := range stmt.Children {
		if ch.Field == "name" {
			names = append(names, ch)
		}
	}
	for i, n := range names {
		nameNode := n
		if n.Type == "aliased_import" {
			nameNode = n.Child("name")
		}
		name, ok := removedClassName(spelledAsKeras3(module + "." + strings.Join(strings.Fields(p.Text(nameNode)), "")))
		if !ok {
			continue
		}
		var fix *cellfix.Fix
		if b := bindingOfImportName(p, n); b != nil && len(p.Doc.Model().Uses(b)) == 0 {
			fix = &cellfix.Fix{Title: fmt.Sprintf("Remove the import of `%s`", name), Safety: cellfix.Safe,
				Edits: []cellfix.TextEdit{removeImportNameEdit(p, stmt, names, i)}}
		}
		p.Reportf(n, fix, fmt.Sprintf("importing `%s` fails on Keras 3, which removed it: %s", name, removedClasses[name].advice))
	}
}

// bindingOfImportName finds the binding an import name creates.
func bindingOfImportName(p *cellfix.Pass, name *cellfix.Node) *cellfix.Binding {
	for _, b := range p.Doc.Model().Bindings {
		if b.Node == name && b.Cell == p.CellPos {
			return b
		}
	}
	return nil
}

// removeImportNameEdit deletes names[i] from an import statement, with the
// comma next to it, or the whole statement when it is the only name.
func removeImportNameEdit(p *cellfix.Pass, stmt *cellfix.Node, names []*cellfix.Node, i int) cellfix.TextEdit {
	switch {
	case len(names) == 1:
		return removeStatementEdit(p, stmt)
	case i > 0 && i == len(names)-1 && p.Cell.LineStart(names[i].Start) != p.Cell.LineStart(names[i-1].End):
		// The last name of a parenthesised list, on its own line: drop
		// the line, so the previous name keeps its comma and comment.
		if start, end, ok := wholeLines(p, names[i].Start, names[i].End, ","); ok {
			return cellfix.TextEdit{Start: p.Offset(start), End: p.Offset(end)}
		}
		fallthrough
	case i > 0:
		return cellfix.TextEdit{Start: p.Offset(names[i-1].End), End: p.Offset(names[i].End)}
	}
	return cellfix.TextEdit{Start: p.Offset(names[0].Start), End: p.Offset(names[1].Start)}
}

// wholeLines extends [start, end) of the cell to whole lines when nothing
// but blanks precedes it on its first line and nothing but blanks, an
// optional separator and a comment follows it on its last line.
func wholeLines(p *cellfix.Pass, start, end int, separator string) (int, int, bool) {
	src := p.Cell.Masked
	lineStart := p.Cell.LineStart(start)
	lineEnd := len(src)
	if nl := strings.IndexByte(src[end:], '\n'); nl >= 0 {
		lineEnd = end + nl + 1
	}
	rest := strings.TrimSpace(src[end:lineEnd])
	if separator != "" {
		rest = strings.TrimSpace(strings.TrimPrefix(rest, separator))
	}
	if strings.TrimSpace(src[lineStart:start]) != "" || (rest != "" && !strings.HasPrefix(rest, "#")) {
		return 0, 0, false
	}
	return lineStart, lineEnd, true
}

// removeStatementEdit deletes a statement with its line (and a comment on
// it), or leaves `pass` where deleting would empty a block or the line
// holds other code.
func removeStatementEdit(p *cellfix.Pass, stmt *cellfix.Node) cellfix.TextEdit {
	if parent := stmt.Parent; parent != nil && parent.Type == "block" {
		statements := 0
		for _, ch := range parent.NamedChildren() {
			if ch.Type != "comment" {
				statements++
			}
		}
		if statements == 1 {
			return p.Replace(stmt, "pass")
		}
	}
	if start, end, ok := wholeLines(p, stmt.Start, stmt.End, ""); ok {
		return cellfix.TextEdit{Start: p.Offset(start), End: p.Offset(end)}
	}
	return p.Replace(stmt, "pass")
}

// checkRemovedReference reports a use of a removed class (the exact
// identifier or attribute chain naming it), with a fix for a
// ThresholdedReLU(...) call.
func checkRemovedReference(s notebookScan, n *cellfix.Node) {
	p := s.p
	if parent := n.Parent; parent != nil {
		switch {
		case parent.Type == "attribute" && n.Field == "attribute",
			n.Field == "name" && (parent.Type == "keyword_argument" || parent.Type == "function_definition" || parent.Type == "class_definition"),
			parent.Type == "assignment" && n.Field == "left":
			return
		}
	}
	name, ok := removedClassName(spelledAsKeras3(p.Resolve(n)))
	if !ok {
		return
	}
	var fix *cellfix.Fix
	if name == "ThresholdedReLU" && n.Field == "function" && n.Parent.Type == "call" {
		fix = thresholdedReLUFix(s, n.Parent, n)
	}
	p.Reportf(n, fix, fmt.Sprintf("`%s` was removed in Keras 3: %s", name, removedClasses[name].advice))
}

// thresholdedReLUFix turns ThresholdedReLU(theta=t, ...) into
// ReLU(threshold=t, ...), keeping the callee's module spelling.
func thresholdedReLUFix(s notebookScan, call, callee *cellfix.Node) *cellfix.Fix {
	p := s.p
	args := s.arguments(call)
	theta := args.keyword["theta"]
	if args.list == nil || args.splat || len(args.positional) > 1 || (theta != nil && len(args.positional) > 0) {
		return nil
	}
	fix := &cellfix.Fix{Title: "Use `ReLU(threshold=...)`", Safety: cellfix.Safe}
	switch {
	case callee.Type == "attribute" && spelledAsKeras3(p.Resolve(callee.Child("object"))) == "keras.layers":
		fix.Edits = append(fix.Edits, p.Replace(callee.Child("attribute"), "ReLU"))
	case callee.Type == "attribute":
		// A Keras 2 private module (keras.layers.advanced_activations):
		// Keras 3 has ReLU only in keras.layers.
		fix.Edits = append(fix.Edits, p.Replace(callee, "keras.layers.ReLU"))
		fix.Imports = []cellfix.Import{{Module: "keras"}}
	default:
		if b := p.Lookup("ReLU"); b != nil && spelledAsKeras3(b.Qualified) != "keras.layers.ReLU" {
			return nil // ReLU means something else here
		}
		fix.Edits = append(fix.Edits, p.Replace(callee, "ReLU"))
		fix.Imports = []cellfix.Import{{Module: "keras.layers", Name: "ReLU"}}
	}
	switch {
	case theta != nil:
		fix.Edits = append(fix.Edits, p.Replace(theta.Child("name"), "threshold"))
	case len(args.positional) == 1:
		at := p.Offset(args.positional[0].Start)
		fix.Edits = append(fix.Edits, cellfix.TextEdit{Start: at, End: at, NewText: "threshold="})
	default:
		text := "threshold=1.0"
		if len(args.all) > 0 {
			text += ", "
		}
		at := p.Offset(args.list.Start + 1)
		fix.Edits = append(fix.Edits, cellfix.TextEdit{Start: at, End: at, NewText: text})
	}
	return fix
}

// constructedKerasClasses returns, in Keras 3 spelling, the Keras class a
// callee constructs and the Keras classes it derives from (for a class
// defined in the notebook).
func constructedKerasClasses(s notebookScan, cell int, callee *cellfix.Node) []string {
	if callee == nil {
		return nil
	}
	if q := s.resolve(cell, callee); q != "" {
		if k := spelledAsKeras3(q); k != "" {
			return []string{k}
		}
		return nil
	}
	if callee.Type != "identifier" {
		return nil
	}
	defs := s.classDefinitions(s.text(cell, callee))
	if len(defs) == 0 {
		return nil
	}
	names, _ := s.kerasAncestors(defs[len(defs)-1].cell, defs[len(defs)-1].node, 0)
	return names
}

func anyKerasName(names []string, pred func(string) bool) bool {
	for _, k := range names {
		if pred(k) {
			return true
		}
	}
	return false
}

// isRNNInstance reports whether a callee is an RNN layer: a constructor
// call (layers.RNN(cell)(x)) or a variable assigned one.
func isRNNInstance(s notebookScan, callee *cellfix.Node) bool {
	cell := s.p.CellPos
	switch callee.Type {
	case "call":
		return anyKerasName(constructedKerasClasses(s, cell, callee.Child("function")), isRNNLayer)
	case "identifier", "attribute":
		if s.resolve(cell, callee) != "" {
			return false
		}
		for _, site := range s.assignmentsTo(strings.Join(strings.Fields(s.text(cell, callee)), "")) {
			if site.node.Type == "call" && anyKerasName(constructedKerasClasses(s, site.cell, site.node.Child("function")), isRNNLayer) {
				return true
			}
		}
	}
	return false
}

// keywordIsConstant reports whether an argument's value is the given Python
// constant (True, False, None).
func keywordIsConstant(p *cellfix.Pass, kw *cellfix.Node, constant string) bool {
	v := kw.Child("value")
	return v != nil && p.Text(v) == constant
}

// checkRemovedArguments reports removed keyword arguments and symbolic
// add_loss() in one call.
func checkRemovedArguments(s notebookScan, call *cellfix.Node) {
	p := s.p
	fn := call.Child("function")
	args := s.arguments(call)
	if fn == nil || args.list == nil {
		return
	}
	dropFix := func(kw *cellfix.Node) *cellfix.Fix {
		name := p.Text(kw.Child("name"))
		return &cellfix.Fix{Title: fmt.Sprintf("Remove `%s`", name), Safety: cellfix.Safe, Edits: []cellfix.TextEdit{args.removal(p, kw)}}
	}

	method := ""
	if fn.Type == "attribute" {
		method = p.Text(fn.Child("attribute"))
	}
	if kw := args.keyword["reset_metrics"]; kw != nil && onBatchMethods[method] {
		switch {
		case method == "predict_on_batch":
			p.Reportf(kw, dropFix(kw), "`predict_on_batch()` takes no `reset_metrics` argument in Keras 3: remove it")
		case keywordIsConstant(p, kw, "True"):
			p.Reportf(kw, dropFix(kw), fmt.Sprintf("Keras 3's `%s()` has no `reset_metrics` argument and resets the metrics on every call, "+
				"as `reset_metrics=True` did: remove it", method))
		default:
			p.Reportf(kw, nil, fmt.Sprintf("Keras 3's `%s()` has no `reset_metrics` argument and resets the metrics on every call: "+
				"to accumulate over several batches, average the returned values yourself or update your own `keras.metrics` objects", method))
		}
	}
	if method == "add_loss" {
		checkSymbolicAddLoss(s, call, fn)
	}

	timeMajor, constants, dynamic := args.keyword["time_major"], args.keyword["constants"], args.keyword["dynamic"]
	if timeMajor == nil && constants == nil && dynamic == nil {
		return // the lookups below walk the notebook: only for candidates
	}
	classes := constructedKerasClasses(s, p.CellPos, fn)
	rnnCall := anyKerasName(classes, isRNNLayer)
	if kw := timeMajor; kw != nil && rnnCall {
		if keywordIsConstant(p, kw, "False") {
			p.Reportf(kw, dropFix(kw), "Keras 3 RNN layers have no `time_major` argument; batch-major input, which `time_major=False` asked for, is the only layout: remove it")
		} else {
			p.Reportf(kw, nil, "Keras 3 RNN layers have no `time_major` argument and take batch-major input only: "+
				"remove it and transpose time-major input with `keras.ops.transpose(x, (1, 0, 2))` (and the output back if needed)")
		}
	}
	if kw := constants; kw != nil && (rnnCall || isRNNInstance(s, fn)) {
		if keywordIsConstant(p, kw, "None") {
			p.Reportf(kw, dropFix(kw), "Keras 3 RNN layers take no `constants` argument: remove it")
		} else {
			p.Reportf(kw, nil, "Keras 3 RNN layers take no `constants` argument: give the cell the constant another way, "+
				"e.g. repeat it along the time axis and concatenate it to the input, or store it on the cell")
		}
	}
	if kw := dynamic; kw != nil && takesLayerArguments(s, call, fn, classes) {
		if keywordIsConstant(p, kw, "False") {
			p.Reportf(kw, dropFix(kw), "Keras 3 layers take no `dynamic` argument; `dynamic=False` was the default: remove it")
		} else {
			p.Reportf(kw, nil, "Keras 3 layers take no `dynamic` argument: remove it, and if the layer must run eagerly, "+
				"compile the model with `run_eagerly=True`")
		}
	}
}

// takesLayerArguments reports whether a call constructs a Keras layer or
// model, or is the super().__init__ of one.
func takesLayerArguments(s notebookScan, call, fn *cellfix.Node, classes []string) bool {
	for _, k := range classes {
		if r := roleOfKerasName(k); r == roleLayer || r == roleModel {
			return true
		}
	}
	if fn.Type != "attribute" || s.p.Text(fn.Child("attribute")) != "__init__" {
		return false
	}
	class := call.Ancestor("class_definition")
	if class == nil {
		return false
	}
	r := s.classRole(s.p.CellPos, class)
	return r == roleLayer || r == roleModel
}

// checkSymbolicAddLoss reports add_loss() on a Keras layer or model called
// anywhere but inside a call() method: at top level with a symbolic tensor,
// or in __init__ or build with a callable or a variable.
func checkSymbolicAddLoss(s notebookScan, call, fn *cellfix.Node) {
	p := s.p
	for f := call.Ancestor("function_definition"); f != nil; f = f.Ancestor("function_definition") {
		if name := f.Child("name"); name != nil && p.Text(name) == "call" {
			return
		}
	}
	receiver := fn.Child("object")
	if q := s.resolve(p.CellPos, fn); q != "" && spelledAsKeras3(q) == "" {
		return // tf.compat.v1.losses.add_loss and the like
	}
	// Only receivers known to be Keras layers or models: add_loss is a
	// plausible method name for other objects too.
	role := roleUnknown
	if p.Text(receiver) == "self" {
		if class := call.Ancestor("class_definition"); class != nil {
			role = s.classRole(p.CellPos, class)
		}
	} else {
		role = s.variableRole(p.CellPos, receiver, 0)
	}
	if role != roleLayer && role != roleModel {
		return
	}
	if arg := cellfix.CallArg(call, 0, "loss", p.Cell.Masked); arg != nil && arg.Type == "lambda" {
		// Keras 2 took zero-argument callables (weight regularization);
		// Keras 3 raises on anything but a tensor.
		p.Reportf(call, nil, "Keras 3's `add_loss()` takes no callable losses, only tensors, and losses added outside `call()` are cleared on the next call: "+
			"compute this loss in `call()` (`self.add_loss(...)`) or fold it into the loss passed to `compile()`")
		return
	}
	p.Reportf(call, nil, "symbolic `add_loss()` was removed in Keras 3: it accepts only a tensor computed inside a layer's or model's `call()`; "+
		"move this loss into `call()` (`self.add_loss(...)`) or into the loss passed to `compile()`")
}

// checkRemovedLayerAttribute reports self.dynamic inside a Keras layer or
// model and self.metrics inside a layer that is not a model.
func checkRemovedLayerAttribute(s notebookScan, n *cellfix.Node) {
	p := s.p
	obj, attr := n.Child("object"), n.Child("attribute")
	if obj == nil || attr == nil || obj.Type != "identifier" || p.Text(obj) != "self" {
		return
	}
	name := p.Text(attr)
	if name != "dynamic" && name != "metrics" {
		return
	}
	if n.Field == "left" && n.Parent.Type == "assignment" {
		return
	}
	class := n.Ancestor("class_definition")
	if class == nil || classDefinesAttribute(p, class, name) {
		return // the class keeps its own attribute of that name
	}
	switch role := s.classRole(p.CellPos, class); {
	case name == "dynamic" && (role == roleLayer || role == roleModel):
		p.Reportf(n, nil, "Keras 3 layers have no `dynamic` attribute: drop the check "+
			"(whether a model runs eagerly is `model.run_eagerly`)")
	case name == "metrics" && role == roleLayer:
		p.Reportf(n, nil, "Keras 3 layers have no Keras 2 `metrics` collection (`add_metric()` is gone too): "+
			"keep `keras.metrics` objects as attributes of the layer and use them directly, or read `model.metrics` on the model")
	}
}

// classDefinesAttribute reports whether a class assigns self.<name> or
// defines a method or property called name.
func classDefinesAttribute(p *cellfix.Pass, class *cellfix.Node, name string) bool {
	found := false
	class.Child("body").Walk(func(n *cellfix.Node) bool {
		switch n.Type {
		case "assignment":
			if left := n.Child("left"); left != nil && strings.Join(strings.Fields(p.Text(left)), "") == "self."+name {
				found = true
			}
		case "function_definition":
			if id := n.Child("name"); id != nil && p.Text(id) == name {
				found = true
			}
		}
		return !found
	})
	return found
}
