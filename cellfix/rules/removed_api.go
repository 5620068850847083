package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/kerasapi"
	"github.com/gokmig/gokmig/cellfix/polyfill"
)

// RemovedAPI reports the Keras 2 features that Keras 3 removed outright:
// the ThresholdedReLU, LocallyConnected1D/2D and RandomFourierFeatures
// layers, the RadialConstraint constraint, the RNN `time_major` and
// `constants` arguments, the `reset_metrics` argument of `*_on_batch`,
// symbolic `add_loss()`, and the `dynamic` and `metrics` layer attributes.
//
// Each of them fails on Keras 3 (tf.keras on TensorFlow 2.16+ still
// imports ThresholdedReLU, as legacy code) with an ImportError, AttributeError,
// TypeError or ValueError. Example: `layers.ThresholdedReLU(theta=0.5)`.
// Fix: `layers.ReLU(threshold=0.5)`, the one removal with an exact
// replacement; arguments whose value is the old default (`time_major=False`,
// `reset_metrics=True`, `dynamic=False`, `constants=None`) are dropped;
// the removed LocallyConnected1D/2D, RandomFourierFeatures and
// RadialConstraint get a local copy of Keras 2's class (package
// cellfix/polyfill, registered for saving) inserted once, before the first
// use, with the uses pointed at it (unsafe where the program sets a dtype
// policy or float type). Unsafe fixes: time_major=True (rnn_time_major.go), reset_metrics=False and dynamic=True
// (layer_dynamic.go) are handled where the code around them is in sight. The
// other findings say what to use instead and why no fix exists.
var RemovedAPI = &cellfix.Rule{
	Name:    "removed-api",
	Code:    "K320",
	Title:   "Keras 2 feature removed in Keras 3",
	Fixable: true,
	Run:     runRemovedAPI,
}

func init() { register(RemovedAPI) }

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
	p.Each(func(n *cellfix.Node) bool {
		switch n.Type() {
		case "import_from_statement":
			checkRemovedImport(p, n)
			return false
		case "import_statement", "future_import_statement":
			return false
		case "identifier", "attribute":
			checkRemovedReference(p, n)
			if n.Type() == "attribute" {
				checkRemovedLayerAttribute(p, n)
			}
		case "call":
			checkRemovedArguments(p, n)
		}
		return true
	}, "import_from_statement", "import_statement", "future_import_statement", "identifier", "attribute", "call")
}

// checkRemovedImport reports `from ... import X` of a removed class, and
// deletes the name once nothing uses it (after the uses were fixed).
func checkRemovedImport(p *cellfix.Pass, stmt *cellfix.Node) {
	mod := stmt.Child("module_name")
	if mod == nil || mod.Type() == "relative_import" {
		return
	}
	module := strings.Join(strings.Fields(p.Text(mod)), "")
	for i, n := range cellfix.ImportEntries(stmt) {
		nameNode := n
		if n.Type() == "aliased_import" {
			nameNode = n.Child("name")
		}
		name, ok := removedClassName(cellfix.KerasName(module + "." + strings.Join(strings.Fields(p.Text(nameNode)), "")))
		if !ok {
			continue
		}
		var fix *cellfix.Fix
		k := string(cellfix.KerasName(module + "." + name))
		msg := removedClassMessage(k, name)
		b := bindingOfImportName(p, n)
		var uses []cellfix.Use
		if b != nil {
			uses = p.Doc.Model().Uses(b)
		}
		why := ""
		if b != nil && len(uses) == 0 {
			fix = &cellfix.Fix{Title: fmt.Sprintf("Remove the import of `%s`", name), Safety: cellfix.Safe,
				Edits: []cellfix.TextEdit{p.Edit().RemoveImportEntry(stmt, i)}}
		} else {
			fix, why = importPolyfillFix(p, stmt, n, i, name, b, uses)
			msg = markPolyfillUnsafeIfDtypePolicySet(p, fix, msg)
		}
		switch pf := polyfill.Lookup(name); {
		case pf != nil && b != nil && len(uses) == 0:
			msg = fmt.Sprintf("Keras 3 removed `%s`, and nothing here uses this import of it: remove the import", name)
		case pf != nil && anyOtherImplementation(p.Doc, uses):
			msg = otherImplementationMessage(name)
		case pf != nil && fix == nil:
			msg = removedWithoutPolyfill(k, name, why)
		}
		p.Reportf(n, fix, msg)
	}
}

// importPolyfillFix returns the fix that replaces the removed class name,
// imported by entry i (node n, binding b, used at uses) of stmt in p's
// cell, with its local replacement, or why there is none ("" when the
// class has none).
func importPolyfillFix(p *cellfix.Pass, stmt, n *cellfix.Node, i int, name string, b *cellfix.Binding, uses []cellfix.Use) (*cellfix.Fix, string) {
	pf := polyfill.Lookup(name)
	switch {
	case pf == nil:
		return nil, ""
	case anyOtherImplementation(p.Doc, uses):
		return nil, "a use of this import passes `implementation=` other than 1, which the local replacement lacks"
	case !importFixable(stmt, n, b) || len(uses) == 0:
		return nil, notImported
	}
	return pf.ImportFix(p, stmt, i, uses, polyfillTitle(name))
}

// importFixable reports whether the import entry n of stmt can give way to
// a local replacement of the same name: a module-level import of the name
// itself, not aliased, that binds it (b).
func importFixable(stmt, n *cellfix.Node, b *cellfix.Binding) bool {
	return b != nil && n.Type() != "aliased_import" && stmt.Parent != nil && stmt.Parent.Type() == "module"
}

// otherImplementation reports whether callee (a name of a LocallyConnected
// class, in cell c) is called with `implementation=` other than 1. Modes 2
// and 3 keep other weights (a dense masked kernel, a sparse one): the
// local replacement has mode 1's only, and raises on the others.
func otherImplementation(c *cellfix.Cell, callee *cellfix.Node) bool {
	call := callee.Parent
	if callee.Field() != "function" || call == nil || call.Type() != "call" {
		return false
	}
	kw := cellfix.ArgsOf(c, call).Keyword["implementation"]
	if kw == nil || kw.Child("value") == nil {
		return false
	}
	v := kw.Child("value")
	return c.Masked[v.Start():v.End()] != "1"
}

// anyOtherImplementation reports whether one of uses (of a from-imported
// removed class) calls it with `implementation=` other than 1: the import's
// fix would then give that call a class that raises.
func anyOtherImplementation(doc *cellfix.Document, uses []cellfix.Use) bool {
	for _, u := range uses {
		if otherImplementation(doc.Cells[u.Cell], u.Ident) {
			return true
		}
	}
	return false
}

// notImported says why a use of a removed class gets no local replacement
// when it is not reached through a module or a plain module-level import.
const notImported = "the fix inserts the local replacement only for a use through a module or an unaliased module-level import of the name"

// markPolyfillUnsafeIfDtypePolicySet returns msg for a finding whose fix (nil: none)
// inserts a local replacement, and makes that fix unsafe, saying why, where
// the program sets a dtype policy or float type: the replacements compute
// in another order than Keras 2's classes, and float16 rounds the two
// differently (LocallyConnected1D under mixed_float16 gives other last
// digits), which float32 does not.
func markPolyfillUnsafeIfDtypePolicySet(p *cellfix.Pass, fix *cellfix.Fix, msg string) string {
	if fix == nil || !setsDtypePolicy(p.Doc) {
		return msg
	}
	fix.Safety = cellfix.Unsafe
	return msg + " (unsafe fix here: this program may set a dtype policy or float type, and under float16 the local copy rounds differently from Keras 2's class)"
}

func otherImplementationMessage(name string) string {
	return fmt.Sprintf("Keras 3 removed `%s`: no automatic replacement for `implementation=` other than 1, whose weights the local replacement keeps; "+
		"copy Keras 2's layer into the notebook as a custom layer, or use `implementation=1` and the fix", name)
}

func polyfillTitle(name string) string {
	return fmt.Sprintf("Define a local `%s` (Keras 2's, for Keras 3) and use it", name)
}

// removedWithoutPolyfill is the message for a removed class that has a
// local replacement, where this use cannot get it, and why.
func removedWithoutPolyfill(k, name, why string) string {
	advice := "copy Keras 2's class into the notebook as a custom class (no automatic replacement here: " + why + ")"
	if kerasapi.InTFKeras(k) {
		return fmt.Sprintf("Keras 3 removed `%s`; only tf.keras (TensorFlow 2.16 and later) still has it, as legacy code that `keras` lacks: %s", name, advice)
	}
	return fmt.Sprintf("Keras 3 removed `%s`: %s", name, advice)
}

// bindingOfImportName finds the binding an import name creates.
func bindingOfImportName(p *cellfix.Pass, name *cellfix.Node) *cellfix.Binding {
	for _, b := range p.Doc.Model().BindingsIn(p.CellPos) {
		if b.Node == name {
			return b
		}
	}
	return nil
}

// checkRemovedReference reports a use of a removed class (the exact
// identifier or attribute chain naming it), with a fix for a
// ThresholdedReLU(...) call.
func checkRemovedReference(p *cellfix.Pass, n *cellfix.Node) {
	if parent := n.Parent; parent != nil {
		switch {
		case parent.Type() == "attribute" && n.Field() == "attribute",
			n.Field() == "name" && (parent.Type() == "keyword_argument" || parent.Type() == "function_definition" || parent.Type() == "class_definition"),
			parent.Type() == "assignment" && n.Field() == "left":
			return
		}
	}
	// classifyKerasName's ownerRemoved, without the rest of its work.
	k := cellfix.KerasName(p.Resolve(n))
	if k == "" || !IsRemovedName(k) {
		return
	}
	name, ok := removedClassName(k)
	if !ok {
		return // inside a removed class: the class itself is reported
	}
	var fix *cellfix.Fix
	msg := removedClassMessage(k, name)
	switch call := n.Parent; {
	case name == "ThresholdedReLU":
		if n.Field() == "function" && call.Type() == "call" {
			fix = thresholdedReLUFix(p, call, n)
		}
	case polyfill.Lookup(name) != nil:
		if otherImplementation(p.Cell, n) {
			msg = otherImplementationMessage(name)
			break
		}
		if n.Type() == "identifier" {
			// Bound by a from-import, whose finding carries the fix
			// unless another use of it has no replacement.
			if why := importFixWithheld(p, n); why != "" {
				msg = removedWithoutPolyfill(k, name, why)
			}
			break
		}
		var why string
		if fix, why = polyfill.Lookup(name).Fix(p, n, name, polyfillTitle(name)); fix == nil {
			msg = removedWithoutPolyfill(k, name, why)
		}
		msg = markPolyfillUnsafeIfDtypePolicySet(p, fix, msg)
	}
	p.Reportf(n, fix, msg)
}

// importFixWithheld says why the import binding the identifier n (a use
// of a removed class that has a local replacement) gets no fix to it, or
// "" when it does.
func importFixWithheld(p *cellfix.Pass, n *cellfix.Node) string {
	b := p.Lookup(p.Text(n))
	if b == nil || b.Kind != cellfix.FromImportBinding {
		return notImported
	}
	for i, entry := range cellfix.ImportEntries(b.Stmt) {
		if entry != b.Node {
			continue
		}
		if entry.Type() == "aliased_import" {
			return notImported
		}
		ip := p.InCell(b.Cell, p.Rule, func(cellfix.Diagnostic) {})
		if fix, why := importPolyfillFix(ip, b.Stmt, entry, i, ip.Text(entry), b, p.Doc.Model().Uses(b)); fix == nil {
			return why
		}
		return ""
	}
	return notImported
}

// removedClassMessage says that Keras 3 removed the class name (reached
// as k), and whether tf.keras still has it: TensorFlow 2.16 and later keep
// a few removed classes in tf.keras as legacy code, which `keras` lacks.
func removedClassMessage(k, name string) string {
	if kerasapi.InTFKeras(k) {
		return fmt.Sprintf("Keras 3 removed `%s`; only tf.keras (TensorFlow 2.16 and later) still has it, as legacy code that `keras` lacks: %s", name, removedClasses[name].advice)
	}
	return fmt.Sprintf("Keras 3 removed `%s`: %s", name, removedClasses[name].advice)
}

// thresholdedReLUFix turns ThresholdedReLU(theta=t, ...) into
// ReLU(threshold=t, ...), keeping the callee's module spelling.
func thresholdedReLUFix(p *cellfix.Pass, call, callee *cellfix.Node) *cellfix.Fix {
	args := p.Args(call)
	theta := args.Keyword["theta"]
	if args.List == nil || args.Splat || len(args.Positional) > 1 || (theta != nil && len(args.Positional) > 0) {
		return nil
	}
	fix := &cellfix.Fix{Title: "Use `ReLU(threshold=...)`", Safety: cellfix.Safe}
	switch {
	case callee.Type() == "attribute" && cellfix.KerasName(p.Resolve(callee.Child("object"))) == "keras.layers":
		fix.Edits = append(fix.Edits, p.Replace(callee.Child("attribute"), "ReLU"))
	case callee.Type() == "attribute":
		// A Keras 2 private module (keras.layers.advanced_activations):
		// Keras 3 has ReLU only in keras.layers.
		fix.Edits = append(fix.Edits, p.Replace(callee, "keras.layers.ReLU"))
		fix.Imports = []cellfix.Import{{Module: "keras"}}
	default:
		if b := p.Lookup("ReLU"); b != nil && cellfix.KerasName(b.Qualified) != "keras.layers.ReLU" {
			return nil // ReLU means something else here
		}
		fix.Edits = append(fix.Edits, p.Replace(callee, "ReLU"))
		fix.Imports = []cellfix.Import{{Module: "keras.layers", Name: "ReLU"}}
	}
	switch {
	case theta != nil:
		fix.Edits = append(fix.Edits, p.Edit().RenameKeyword(theta, "threshold"))
	case len(args.Positional) == 1:
		fix.Edits = append(fix.Edits, p.Edit().NameArgument(args.Positional[0], "threshold"))
	default:
		fix.Edits = append(fix.Edits, p.Edit().PrependArgument(args, "threshold=1.0"))
	}
	return fix
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
// call (layers.RNN(cell)(x)), or a variable or self.<attr> assigned one.
func isRNNInstance(p *cellfix.Pass, callee *cellfix.Node) bool {
	m := p.Doc.Model()
	values := m.SelfAttrValues(p.CellPos, callee)
	if c, v := m.Unwrap(p.CellPos, callee); v != nil && v != callee {
		values = append(values, cellfix.Value{Cell: c, Node: v})
	} else if callee.Type() == "call" {
		values = append(values, cellfix.Value{Cell: p.CellPos, Node: callee})
	}
	for _, v := range values {
		if v.Node.Type() == "call" && anyKerasName(m.ConstructedKerasNames(v.Cell, v.Node.Child("function")), isRNNLayer) {
			return true
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
func checkRemovedArguments(p *cellfix.Pass, call *cellfix.Node) {
	fn := call.Child("function")
	args := p.Args(call)
	if fn == nil || args.List == nil {
		return
	}
	dropFix := func(kw *cellfix.Node) *cellfix.Fix {
		name := p.Text(kw.Child("name"))
		return &cellfix.Fix{Title: fmt.Sprintf("Remove `%s`", name), Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, kw)}}
	}

	method := ""
	if fn.Type() == "attribute" {
		method = p.Text(fn.Child("attribute"))
	}
	if kw := args.Keyword["reset_metrics"]; kw != nil && onBatchMethods[method] {
		switch {
		case method == "predict_on_batch":
			p.Reportf(kw, dropFix(kw), "`predict_on_batch()` takes no `reset_metrics` argument in Keras 3: remove it")
		case keywordIsConstant(p, kw, "True"):
			p.Reportf(kw, dropFix(kw), fmt.Sprintf("Keras 3's `%s()` has no `reset_metrics` argument and resets the metrics on every call, "+
				"as `reset_metrics=True` did: remove it", method))
		default:
			// Keras 3.15.1's train_on_batch and test_on_batch call
			// reset_metrics() first, on every backend (checked).
			fix := dropFix(kw)
			fix.Title, fix.Safety = "Remove `reset_metrics` (the call then returns this batch's values, not running averages)", cellfix.Unsafe
			p.Reportf(kw, fix, fmt.Sprintf("Keras 3's `%s()` has no `reset_metrics` argument and resets the metrics on every call, "+
				"so it returns this batch's values where `reset_metrics=False` returned averages over the batches since the last reset: "+
				"to accumulate over several batches, average the returned values yourself or update your own `keras.metrics` objects", method))
		}
	}
	if method == "add_loss" {
		checkSymbolicAddLoss(p, call, fn)
	}

	timeMajor, constants, dynamic := args.Keyword["time_major"], args.Keyword["constants"], args.Keyword["dynamic"]
	if timeMajor == nil && constants == nil && dynamic == nil {
		return // the lookups below walk the notebook: only for candidates
	}
	classes := p.Doc.Model().ConstructedKerasNames(p.CellPos, fn)
	rnnCall := anyKerasName(classes, isRNNLayer)
	if kw := timeMajor; kw != nil && rnnCall {
		if keywordIsConstant(p, kw, "False") {
			p.Reportf(kw, dropFix(kw), "Keras 3 RNN layers have no `time_major` argument; batch-major input, which `time_major=False` asked for, is the only layout: remove it")
		} else {
			fix, why := timeMajorFix(p, call, args, kw)
			p.ReportFixSafetyOrWhy(kw, fix, why, "Keras 3 RNN layers have no `time_major` argument and take batch-major input only: "+
				"remove it and transpose time-major input with `keras.ops.transpose(x, (1, 0, 2))` (and the output back if needed)")
		}
	}
	if kw := constants; kw != nil && (rnnCall || isRNNInstance(p, fn)) {
		if keywordIsConstant(p, kw, "None") {
			p.Reportf(kw, dropFix(kw), "Keras 3 RNN layers take no `constants` argument: remove it")
		} else {
			p.Reportf(kw, nil, "Keras 3 RNN layers take no `constants` argument: give the cell the constant another way, "+
				"e.g. repeat it along the time axis and concatenate it to the input, or store it on the cell")
		}
	}
	if kw := dynamic; kw != nil && takesLayerArguments(p, call, fn, classes) {
		if keywordIsConstant(p, kw, "False") {
			p.Reportf(kw, dropFix(kw), "Keras 3 layers take no `dynamic` argument; `dynamic=False` was the default: remove it")
		} else {
			fix, why := dynamicFix(p, call, args, kw)
			p.ReportFixSafetyOrWhy(kw, fix, why, "Keras 3 layers take no `dynamic` argument: remove it, and if the layer must run eagerly, "+
				"compile the model with `run_eagerly=True`")
		}
	}
}

// takesLayerArguments reports whether a call constructs a Keras layer or
// model, or is the super().__init__ of one.
func takesLayerArguments(p *cellfix.Pass, call, fn *cellfix.Node, classes []string) bool {
	for _, k := range classes {
		if cellfix.ClassifyKerasName(k).IsLayer() {
			return true
		}
	}
	if fn.Type() != "attribute" || p.Text(fn.Child("attribute")) != "__init__" {
		return false
	}
	class := call.Ancestor("class_definition")
	if class == nil {
		return false
	}
	return p.Doc.Model().ClassRole(p.CellPos, class).IsLayer()
}

// checkSymbolicAddLoss reports add_loss() on a Keras layer or model called
// anywhere but inside a call() method: at top level with a symbolic tensor,
// or in __init__ or build with a callable or a variable.
func checkSymbolicAddLoss(p *cellfix.Pass, call, fn *cellfix.Node) {
	for f := call.Ancestor("function_definition"); f != nil; f = f.Ancestor("function_definition") {
		if name := f.Child("name"); name != nil && p.Text(name) == "call" {
			return
		}
	}
	receiver := fn.Child("object")
	if q := p.Resolve(fn); q != "" && cellfix.KerasName(q) == "" {
		return // tf.compat.v1.losses.add_loss and the like
	}
	// Only receivers known to be Keras layers or models: add_loss is a
	// plausible method name for other objects too.
	if !p.Doc.Model().RoleOf(p.CellPos, receiver).IsLayer() {
		return
	}
	if arg := p.Args(call).Value(0, "loss"); arg != nil && arg.Type() == "lambda" {
		// Keras 2 took zero-argument callables (weight regularization);
		// Keras 3 raises on anything but a tensor.
		p.Reportf(call, nil, "Keras 3's `add_loss()` takes no callable losses, only tensors, and losses added outside `call()` are cleared on the next call: "+
			"compute this loss in `call()` (`self.add_loss(...)`) or fold it into the loss passed to `compile()`; "+
			"no automatic fix, because where the loss is computed is a change to the model")
		return
	}
	fix, why := symbolicAddLossFix(p, call, receiver)
	p.ReportFixOrWhy(call, fix, why, "symbolic `add_loss()` was removed in Keras 3: it accepts only a tensor computed inside a layer's or model's `call()`; "+
		"move this loss into `call()` (`self.add_loss(...)`), e.g. of a small layer that the model's output passes through, or into the loss passed to `compile()`")
}

// checkRemovedLayerAttribute reports self.dynamic inside a Keras layer or
// model and self.metrics inside a layer that is not a model.
func checkRemovedLayerAttribute(p *cellfix.Pass, n *cellfix.Node) {
	obj, attr := n.Child("object"), n.Child("attribute")
	if obj == nil || attr == nil || obj.Type() != "identifier" || p.Text(obj) != "self" {
		return
	}
	name := p.Text(attr)
	if name != "dynamic" && name != "metrics" {
		return
	}
	if n.Field() == "left" && n.Parent.Type() == "assignment" {
		return
	}
	class := n.Ancestor("class_definition")
	if class == nil || classDefinesAttribute(p, class, name) {
		return // the class keeps its own attribute of that name
	}
	switch role := p.Doc.Model().ClassRole(p.CellPos, class); {
	case name == "dynamic" && role.IsLayer():
		p.Reportf(n, nil, "Keras 3 layers have no `dynamic` attribute: drop the check "+
			"(whether a model runs eagerly is `model.run_eagerly`)")
	case name == "metrics" && role == cellfix.RoleLayer:
		p.Reportf(n, nil, "Keras 3 layers have no Keras 2 `metrics` collection (`add_metric()` is gone too): "+
			"keep `keras.metrics` objects as attributes of the layer and use them directly, or read `model.metrics` on the model")
	}
}

// classDefinesAttribute reports whether a class assigns self.<name> or
// defines a method or property called name.
func classDefinesAttribute(p *cellfix.Pass, class *cellfix.Node, name string) bool {
	found := false
	class.Child("body").Walk(func(n *cellfix.Node) bool {
		switch n.Type() {
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
