package rules

import (
	"fmt"
	"strings"
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
			lambdas, known := lambdasOfLoadedModel(p, n, args.Value(0, "filepath"), lambdas)
			if len(lambdas) == 0 {
				continue
			}
			msg := "the model saved to this file holds `Lambda` layers built from Python lambdas, and Keras 3's `load_model()` " +
				"refuses to rebuild those by default (safe_mode=True: the lambda's bytecode comes from the file)"
			if !known {
				msg = "this code builds `Lambda` layers from Python lambdas, and which model was saved to this file cannot be " +
					"followed: if it holds one, Keras 3's `load_model()` refuses to rebuild it by default (safe_mode=True: " +
					"the lambda's bytecode comes from the file)"
			}
			unsafe := safeFunctionsWhy(p, n, args.Value(0, "filepath"), lambdas, known)
			if unsafe == "" {
				if fix, why := registeredFunctionsFix(p, n, lambdas, true); fix != nil {
					p.Reportf(n, fix, msg+": turn each lambda into a named function registered with "+
						"`@keras.saving.register_keras_serializable()`, which Keras 3 loads in safe mode")
					continue
				} else {
					unsafe = why
				}
			}
			// Why the fix below is unsafe, beyond what safe_mode=False risks.
			unsafe = "; the fix cannot simply register every lambda, because " + unsafe
			for _, l := range lambdas {
				if name := freeName(l); name != "" {
					// Keras 3 rebuilds the lambda with its own module's
					// globals, so the name is undefined there.
					fix, why := registeredFunctionsFix(p, n, lambdas, false)
					p.ReportFixOrWhy(n, fix, why, msg+fmt.Sprintf("; even with `safe_mode=False` the lambda `%s` cannot be rebuilt, "+
						"because it uses `%s`, which Keras 3 does not resolve when it loads the lambda (NotImplementedError): "+
						"turn it into a named function registered with `@keras.saving.register_keras_serializable()`",
						cellfix.ShortSource(l.text), name)+unsafe)
					continue calls
				}
			}
			fix := &cellfix.Fix{Title: "Load with `safe_mode=False`", Safety: cellfix.Unsafe,
				Edits: []cellfix.TextEdit{p.Edit().AppendArgument(n, "safe_mode=False")}}
			p.Reportf(n, fix, msg+": pass `safe_mode=False` only for files you trust, or replace the lambdas with named "+
				"functions registered with `@keras.saving.register_keras_serializable()`"+unsafe)
		}
	}
}

// lambdasOfLoadedModel keeps the lambdas that the model written to the
// file path names is built from: the model of the last save of that path
// before call, followed through the variables, functions and classes it is
// made from and the add() calls on it. known is false when that model
// cannot be followed (no save of the path, a model held in an attribute, a
// model loaded from another file): then every lambda is kept.
func lambdasOfLoadedModel(p *cellfix.Pass, call, path *cellfix.Node, lambdas []lambdaLayer) (kept []lambdaLayer, known bool) {
	if path == nil {
		return lambdas, false
	}
	w, saved := p.LastModelWrite(call, path)
	if !saved || w.Value == nil {
		return lambdas, false
	}
	model := p.Doc.Model()
	start := []cellfix.Value{{Cell: w.ValueCell, Node: w.Value}}
	p.MethodCallsBeforeIn(w.Cell, w.Call, "add", func(i int, c *cellfix.Cell, n *cellfix.Node) bool {
		if model.HoldsValue(i, n.Child("function").Child("object"), w.ValueCell, w.Value) {
			start = append(start, cellfix.Value{Cell: i, Node: n.Child("arguments")})
		}
		return true
	})
	built := map[cellfix.Value]bool{}
	opaque := model.WalkBuiltFrom(start, func(v cellfix.Value) { built[v] = true })
	for _, l := range lambdas {
		if built[cellfix.Value{Cell: l.cell, Node: l.call}] {
			kept = append(kept, l)
		}
	}
	if len(kept) == 0 && opaque {
		return lambdas, false
	}
	return kept, true
}

// lambdaLayer is a `lambda` expression given to a Lambda layer.
type lambdaLayer struct {
	// cell and call are the Lambda(...) call: its cell's position and node.
	cell int
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
			if i == p.CellPos && l.call.Start() >= call.Start() {
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
		if n.Type() != "call" || cellfix.KerasName(model.Resolve(pos, n.Child("function"))) != "keras.layers.Lambda" {
			return true
		}
		f := cellfix.ArgsOf(c, n).Value(0, "function")
		if f == nil || f.Type() != "lambda" {
			return true
		}
		l := lambdaLayer{cell: pos, call: n, node: f, text: c.Masked[f.Start():f.End()], params: map[string]bool{}}
		if params := f.Child("parameters"); params != nil {
			params.Walk(func(q *cellfix.Node) bool {
				if q.Type() == "identifier" {
					l.params[c.Masked[q.Start():q.End()]] = true
				}
				return true
			})
		}
		if body := f.Child("body"); body != nil {
			body.Walk(func(q *cellfix.Node) bool {
				if q.Type() != "identifier" || q.Parent == nil {
					return true
				}
				// t.shape and f(axis=1) name an attribute and a
				// keyword, not a variable.
				if (q.Parent.Type() == "attribute" && q.Field() == "attribute") || (q.Parent.Type() == "keyword_argument" && q.Field() == "name") {
					return true
				}
				l.names = append(l.names, c.Masked[q.Start():q.End()])
				return true
			})
		}
		layers = append(layers, l)
		return true
	})
	x.cells[pos] = layers
	return layers
}

// lambdaScopes are the nodes whose local names a module-level function
// would not see.
var lambdaScopes = []string{"function_definition", "class_definition", "lambda",
	"list_comprehension", "dictionary_comprehension", "set_comprehension", "generator_expression"}

// registeredFunctionsFix turns lambdas into module-level functions
// registered with Keras, each defined just before the statement that
// builds its Lambda layer: Keras 3 saves such a function by its registered
// name and finds it again when it loads, in safe mode too (checked on
// 3.15.1, with .h5 and .keras files). With all, every lambda is turned
// and the fix is safe (safeFunctionsWhy has checked it); else only those
// that read a free name are, and the load gets safe_mode=False for the
// others.
func registeredFunctionsFix(p *cellfix.Pass, load *cellfix.Node, lambdas []lambdaLayer, all bool) (*cellfix.Fix, string) {
	saving, imports := p.ModuleName("keras.saving")
	if saving == "" {
		return nil, "the name `keras` means something else here"
	}
	fix := &cellfix.Fix{Title: "Turn the lambdas that read other names into registered functions", Safety: cellfix.Unsafe, Imports: imports}
	if all {
		fix.Title, fix.Safety = "Turn the lambdas into registered functions", cellfix.Safe
	}
	type place struct{ cell, at int }
	defs := map[place]string{}
	var order []place
	stmts := map[place]*cellfix.Node{}
	taken := map[string]bool{}
	others := false
	for _, l := range lambdas {
		if !all && freeName(l) == "" {
			others = true
			continue
		}
		if l.call.Ancestor(lambdaScopes...) != nil {
			return nil, "a `Lambda` layer is built inside a function, class or comprehension, whose local names a module-level function would not see"
		}
		stmt := l.call
		for stmt.Parent != nil && stmt.Parent.Type() != "module" {
			stmt = stmt.Parent
		}
		c := p.Doc.Cells[l.cell]
		name := lambdaFunctionName(p, l.cell, cellfix.ArgsOf(c, l.call).Keyword["name"], taken)
		params := ""
		if ps := l.node.Child("parameters"); ps != nil {
			params = c.Masked[ps.Start():ps.End()]
		}
		body := c.Masked[l.node.Child("body").Start():l.node.Child("body").End()]
		if strings.Contains(body, "\n") {
			body = "(" + body + ")"
		}
		at := place{l.cell, stmt.Start()}
		if _, ok := defs[at]; !ok {
			order = append(order, at)
			stmts[at] = stmt
		}
		if all {
			// Registered where the layer takes it, the definition runs
			// nothing, so a kernel can run it before the cell and keep
			// the cell's lines (cellfix.LinePreserving).
			defs[at] += "def " + name + "(" + params + "):\n    return " + body + "\n\n\n"
			fix.Edits = append(fix.Edits, p.In(l.cell).Replace(l.node, saving+".register_keras_serializable()("+name+")"))
			continue
		}
		defs[at] += "@" + saving + ".register_keras_serializable()\ndef " + name + "(" + params + "):\n    return " + body + "\n\n\n"
		fix.Edits = append(fix.Edits, p.In(l.cell).Replace(l.node, name))
	}
	for _, at := range order {
		fix.Edits = append(fix.Edits, p.In(at.cell).InsertBefore(stmts[at], cellfix.BlankLinesBefore(p.Doc.Cells[at.cell], at.at)+defs[at]))
	}
	if others {
		fix.Title += " and load the others with `safe_mode=False`"
		fix.Edits = append(fix.Edits, p.Edit().AppendArgument(load, "safe_mode=False"))
	}
	return fix, ""
}

// lambdaFunctionName names the function made from a Lambda layer's lambda:
// after the layer's name= when it is a string ("softmax" → softmax_fn),
// else lambda_fn; numbered when the name is used already.
func lambdaFunctionName(p *cellfix.Pass, cell int, layerName *cellfix.Node, taken map[string]bool) string {
	base := "lambda"
	if layerName != nil {
		if s, ok := p.Doc.Model().StringValue(cell, layerName.Child("value")); ok && cellfix.PythonIdentifier(s) != "" {
			base = cellfix.PythonIdentifier(s)
		}
	}
	used := func(name string) bool {
		if taken[name] {
			return true
		}
		for _, cell := range p.Doc.Cells {
			if strings.Contains(cell.Masked, name) {
				return true
			}
		}
		return false
	}
	name := base + "_fn"
	for i := 2; used(name); i++ {
		name = fmt.Sprintf("%s_fn%d", base, i)
	}
	taken[name] = true
	return name
}

// safeFunctionsWhy says why turning every lambda of the loaded model into a
// registered function could change what the program does, or "" when it
// cannot. Keras 2 rebuilds a lambda from an HDF5 file with a copy of the
// saving module's globals taken at load time (tf_keras Lambda layer), and
// refuses lambdas in a .keras file as Keras 3 does; a module-level function
// reads the live globals. So the two agree when the file is HDF5 and every
// name the lambdas read keeps the one value it was given before the layer
// was built (tests/keras2vs3/test_lambda_functions.py).
func safeFunctionsWhy(p *cellfix.Pass, load, path *cellfix.Node, lambdas []lambdaLayer, known bool) string {
	if !known || path == nil {
		return "which model was saved to this file cannot be followed"
	}
	if !p.Doc.Model().PathOf(p.CellPos, path).IsHDF5() {
		return "the file is not known to be HDF5 (.h5), the one format Keras 2 rebuilds lambdas from by default"
	}
	if w, ok := p.LastModelWrite(load, path); !ok || p.Doc.Cells[w.Cell].Root == nil ||
		cellfix.ArgsOf(p.Doc.Cells[w.Cell], w.Call).Keyword["save_format"] != nil {
		return "the model is saved with an explicit `save_format`"
	}
	for _, l := range lambdas {
		if why := lambdaNotMovable(p, l); why != "" {
			return why
		}
	}
	return ""
}

// lambdaNotMovable says why lambda l cannot become a function defined
// before its statement and read the same values there, or "".
func lambdaNotMovable(p *cellfix.Pass, l lambdaLayer) string {
	short := cellfix.ShortSource(l.text)
	if l.call.Ancestor(append(lambdaScopes, "for_statement", "while_statement")...) != nil {
		return "a `Lambda` layer is built inside a function, class, comprehension or loop"
	}
	if ps := l.node.Child("parameters"); ps != nil {
		for _, q := range ps.NamedChildren() {
			if q.Type() != "identifier" {
				return fmt.Sprintf("the lambda `%s` has a default value or a starred parameter", short)
			}
		}
	}
	c := p.Doc.Cells[l.cell]
	args := cellfix.ArgsOf(c, l.call)
	if len(args.Positional) > 1 || args.Keyword["output_shape"] != nil || args.Keyword["mask"] != nil || args.Splat {
		return fmt.Sprintf("the `Lambda` layer of `%s` is given more than its function and plain settings", short)
	}
	for _, name := range l.names {
		if l.params[name] {
			continue
		}
		sites, star := p.Doc.BindingsOf(name)
		switch {
		case star:
			return fmt.Sprintf("a `from ... import *` may bind `%s`", name)
		case len(sites) == 0 && lambdaBuiltins[name]:
		case !boundOnceBefore(p, sites, l.cell, l.call.Start()):
			return fmt.Sprintf("the lambda `%s` reads `%s`, which is not bound exactly once at module level before it: "+
				"Keras 2's reloaded lambda keeps the value the name had when the file was loaded, a function reads the current one", short, name)
		}
	}
	return ""
}

// boundOnceBefore reports whether sites, the bindings of a name, give it one
// value before offset at of the cell at position cell: a single binding
// that runs once and stands there, or the same import repeated (notebooks
// import a module again in later cells), each run once, the first there.
func boundOnceBefore(p *cellfix.Pass, sites []cellfix.NameBinding, cell, at int) bool {
	if len(sites) == 0 || !sites[0].Before(cell, at) {
		return false
	}
	first := importKey(p, sites[0])
	for i, s := range sites {
		if !s.Once || (i > 0 && (first == "" || importKey(p, s) != first)) {
			return false
		}
	}
	return true
}

// importKey names what an import binding imports ("tensorflow as tf",
// "from tensorflow import keras"), or "" for a binding of another kind.
func importKey(p *cellfix.Pass, s cellfix.NameBinding) string {
	stmt := s.Node.Parent
	if stmt == nil || (stmt.Type() != "import_statement" && stmt.Type() != "import_from_statement") {
		return ""
	}
	text := p.Doc.Cells[s.Cell].Masked
	key := strings.Join(strings.Fields(text[s.Node.Start():s.Node.End()]), " ")
	if mod := stmt.Child("module_name"); mod != nil {
		key = "from " + strings.Join(strings.Fields(text[mod.Start():mod.End()]), " ") + " import " + key
	}
	return key
}
