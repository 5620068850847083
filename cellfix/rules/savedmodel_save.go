package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// SavedModelSave reports `model.save(path)` calls that write a TensorFlow
// SavedModel: a path without a `.keras` or `.h5` extension, or a
// `save_format="tf"` argument.
//
// Keras 3's save() writes only the native `.keras` format and legacy HDF5
// files; any other path raises "Invalid filepath extension for saving".
// Example: `model.save("saved_model")`. Fix: `model.export("saved_model")`,
// which writes the SavedModel for TF Serving and TFLite as before.
var SavedModelSave = &cellfix.Rule{
	Name:    "savedmodel-save",
	Code:    "K310",
	Title:   "`model.save()` of a TF SavedModel",
	Fixable: true,
	Run:     runSavedModelSave,
}

func init() { register(SavedModelSave) }

func runSavedModelSave(p *cellfix.Pass) {
	for _, n := range p.Calls() {
		checkSaveCall(p, n)
	}
}

// checkSaveCall looks at one call: a `.save(...)`/`.save_weights(...)`
// method call or keras.models.save_model(...).
func checkSaveCall(p *cellfix.Pass, call *cellfix.Node) {
	model := p.Doc.Model()
	fn := call.Child("function")
	if list := call.Child("arguments"); fn == nil || list == nil || list.Type() != "argument_list" {
		return // no argument list: p.Args gives no List
	}
	var receiver, path *cellfix.Node
	var args cellfix.CallArgs
	method := ""
	switch q := cellfix.KerasName(p.Resolve(fn)); {
	case q == "keras.models.save_model" || q == "keras.saving.save_model":
		args = p.Args(call)
		receiver, path = args.Param(0, "model"), args.Param(1, "filepath")
		method = "save_model"
	case fn.Type() == "attribute" && p.Resolve(fn) == "":
		// A receiver that resolves is a module or class (np.save,
		// tf.saved_model.save), not a model.
		method = p.Text(fn.Child("attribute"))
		if method != "save" && method != "save_weights" {
			return
		}
		args = p.Args(call) // only for the calls that may save a model
		receiver, path = fn.Child("object"), args.Param(0, "filepath")
	default:
		return
	}
	if receiver == nil || path == nil || args.Keyword["zipped"] != nil {
		return // zipped= is Keras 3's own directory format
	}
	format, hasFormat := args.Keyword["save_format"], args.Keyword["save_format"] != nil
	formatValue := ""
	if hasFormat {
		formatValue, _ = model.StringValue(p.CellPos, format.Child("value"))
	}
	if method == "save_weights" {
		if hasFormat {
			p.Reportf(format, nil, "Keras 3's `save_weights()` takes no `save_format` and writes only `.weights.h5` files: "+
				"remove the argument and use a path ending in `.weights.h5` (or `tf.train.Checkpoint(model=...)` for a TF checkpoint)")
		}
		return
	}
	role := cellfix.RoleModel
	if method == "save" {
		// PIL's image.save("out", "PNG") passes the format as a string.
		for i, a := range args.Positional {
			if i > 0 && a.Type() == "string" {
				return
			}
		}
		role = model.RoleOf(p.CellPos, receiver)
		if role == cellfix.RoleUnknown && hasFormat {
			role = cellfix.RoleModel // only Keras's save() takes save_format
		}
		if role != cellfix.RoleModel {
			return // only what is known to be a Keras model: no guessing from names
		}
	}
	pathExpr := path
	if path.Type() == "keyword_argument" {
		pathExpr = path.Child("value")
	}
	pv := model.PathOf(p.CellPos, pathExpr)
	kind := pv.Kind()
	shown := cellfix.ShortSource(p.Text(pathExpr))
	callName := "save()"
	if method == "save_model" {
		callName = "save_model()"
	}
	switch {
	case kind == cellfix.PathKerasFile && hasFormat:
		fix := &cellfix.Fix{Title: "Remove `save_format`", Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Edit().RemoveArgument(args, format)}}
		msg := "`save_format` is deprecated in Keras 3 and ignored for a `.keras` or `.h5` path: the call still saves, " +
			"in the format the extension names, and only logs a deprecation warning; remove the argument"
		p.Reportf(format, fix, msg)
		return
	case kind == cellfix.PathKerasFile || kind == cellfix.PathOtherFile || kind == cellfix.PathHub:
		return
	case hasFormat && formatValue != "tf" && formatValue != "tensorflow":
		what := "`save_format`"
		if formatValue != "" {
			what = fmt.Sprintf("`save_format=%q`", formatValue)
		}
		p.Reportf(call, nil, fmt.Sprintf("Keras 3's `%s` has no %s and picks the format from the extension: "+
			"save to a path ending in `.keras` (or `.h5` for HDF5)", callName, what))
		return
	case kind == cellfix.PathUnknown:
		if role != cellfix.RoleModel {
			return
		}
		p.Reportf(call, nil, fmt.Sprintf("Keras 3's `%s` writes only `.keras` and `.h5` files, and `%s` is not known to end in either: "+
			"if it names a SavedModel directory, write it with `export(%s)`; otherwise give it a `.keras` extension", callName, shown, shown))
		return
	case kind == cellfix.PathOddExtension && role != cellfix.RoleModel && !hasFormat:
		return // "data.bin" on an object we know nothing about
	}
	loads := p.LaterModelLoads(call, pathExpr)
	fix := exportFix(p, call, fn, receiver, path, args, method, loads)
	msg := fmt.Sprintf("Keras 3's `%s` writes only `.keras` and `.h5` files, so saving a SavedModel to `%s` fails: "+
		"use `export(%s)` to write a SavedModel, or save to a `.keras` file", callName, shown, shown)
	if len(loads) > 0 {
		msg += fmt.Sprintf("; the code reads it back with `load_model()`, which Keras 3 cannot do from a SavedModel, "+
			"so also save the model as `model.keras` inside `%s` and load that", shown)
	}
	p.Reportf(call, fix, msg)
}

// insideDir returns source for the file name inside the directory that the
// path expression src names, and whether it needs `import os`.
func insideDir(src, name string) (string, bool) {
	if v, ok := plainLiteralValue(src); ok {
		joined := strings.TrimRight(v, "/") + "/" + name
		if lit, ok := cellfix.RespellLiteral(src, joined); ok {
			return lit, false
		}
	}
	return "os.path.join(" + src + ", \"" + name + "\")", true
}

// plainLiteralValue returns the value of a simple one-part string literal
// without escapes or placeholders, as source.
func plainLiteralValue(src string) (string, bool) {
	if len(src) < 2 || strings.ContainsAny(src, "\\{") {
		return "", false
	}
	i := strings.IndexAny(src, `"'`)
	if i < 0 || strings.ContainsAny(src[:i], "fFbB") {
		return "", false
	}
	q := src[i]
	if src[len(src)-1] != q || strings.HasSuffix(src, string([]byte{q, q, q})) {
		return "", false
	}
	body := src[i+1 : len(src)-1]
	if strings.IndexByte(body, q) >= 0 {
		return "", false
	}
	return body, true
}

// exportFix rewrites a SavedModel save into model.export(path), when the
// call has no argument export() lacks. When the code loads the path back
// with load_model(), the model is also saved as model.keras inside the
// exported directory and those loads read that file.
func exportFix(p *cellfix.Pass, call, fn, receiver, path *cellfix.Node, args cellfix.CallArgs, method string, loads []cellfix.PathRead) *cellfix.Fix {
	if args.Splat {
		return nil
	}
	extra := 0
	for _, a := range args.All {
		if a != path && a != receiver && a != args.Keyword["save_format"] {
			extra++
		}
	}
	if extra > 0 {
		return nil
	}
	if receiver.Type() == "keyword_argument" {
		receiver = receiver.Child("value")
	}
	if path.Type() == "keyword_argument" {
		path = path.Child("value")
	}
	fix := &cellfix.Fix{Title: "Write the SavedModel with `export()`", Safety: cellfix.Safe}
	if method == "save" {
		fix.Edits = append(fix.Edits, p.Replace(fn.Child("attribute"), "export"))
		if f := args.Keyword["save_format"]; f != nil {
			fix.Edits = append(fix.Edits, p.Edit().RemoveArgument(args, f))
		}
	} else {
		// save_model(model, path) → model.export(path)
		switch receiver.Type() {
		case "identifier", "attribute", "call", "subscript":
		default:
			return nil
		}
		fix.Edits = append(fix.Edits, p.Replace(call, p.Text(receiver)+".export("+p.Text(path)+")"))
	}
	if len(loads) == 0 {
		return fix
	}
	// The native file goes inside the SavedModel directory, which export()
	// creates: the directory stays where the code (and TF Serving) expects it.
	stmt := call.Parent
	if stmt == nil || stmt.Type() != "expression_statement" || receiver.Type() != "identifier" && receiver.Type() != "attribute" {
		return nil
	}
	target, needOS := insideDir(p.Text(path), "model.keras")
	save, ok := p.Edit().InsertStatementAfter(stmt, p.Text(receiver)+".save("+target+")")
	if !ok {
		return nil
	}
	fix.Title = "Export the SavedModel and save `model.keras` inside it for `load_model()`"
	fix.Edits = append(fix.Edits, save)
	for _, l := range loads {
		c := p.Doc.Cells[l.Cell]
		src, os := insideDir(c.Masked[l.Path.Start():l.Path.End()], "model.keras")
		needOS = needOS || os
		fix.Edits = append(fix.Edits, p.In(l.Cell).Replace(l.Path, src))
	}
	if needOS {
		fix.Imports = append(fix.Imports, cellfix.Import{Module: "os"})
	}
	return fix
}
