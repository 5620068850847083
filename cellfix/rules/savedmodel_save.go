package rules

import (
	"fmt"
	"strings"
	"unicode"

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
	s := notebookScan{p}
	p.Walk(func(n *cellfix.Node) bool {
		if n.Type == "call" {
			checkSaveCall(s, n)
		}
		return true
	})
}

// checkSaveCall looks at one call: a `.save(...)`/`.save_weights(...)`
// method call or keras.models.save_model(...).
func checkSaveCall(s notebookScan, call *cellfix.Node) {
	p := s.p
	fn := call.Child("function")
	args := s.arguments(call)
	if fn == nil || args.list == nil {
		return
	}
	var receiver, path *cellfix.Node
	method := ""
	switch q := spelledAsKeras3(p.Resolve(fn)); {
	case q == "keras.models.save_model" || q == "keras.saving.save_model":
		receiver, path = args.param(0, "model"), args.param(1, "filepath")
		method = "save_model"
	case fn.Type == "attribute" && p.Resolve(fn) == "":
		// A receiver that resolves is a module or class (np.save,
		// tf.saved_model.save), not a model.
		method = p.Text(fn.Child("attribute"))
		if method != "save" && method != "save_weights" {
			return
		}
		receiver, path = fn.Child("object"), args.param(0, "filepath")
	default:
		return
	}
	if receiver == nil || path == nil || args.keyword["zipped"] != nil {
		return // zipped= is Keras 3's own directory format
	}
	format, hasFormat := args.keyword["save_format"], args.keyword["save_format"] != nil
	formatValue := ""
	if hasFormat {
		formatValue, _ = s.stringValue(p.CellPos, format.Child("value"))
	}
	if method == "save_weights" {
		if hasFormat {
			p.Reportf(format, nil, "Keras 3's `save_weights()` takes no `save_format` and writes only `.weights.h5` files: "+
				"remove the argument and use a path ending in `.weights.h5` (or `tf.train.Checkpoint(model=...)` for a TF checkpoint)")
		}
		return
	}
	role := roleModel
	if method == "save" {
		// PIL's image.save("out", "PNG") passes the format as a string.
		for i, a := range args.positional {
			if i > 0 && a.Type == "string" {
				return
			}
		}
		role = s.variableRole(p.CellPos, receiver, 0)
		if role == roleUnknown && hasFormat {
			role = roleModel // only Keras's save() takes save_format
		}
		if role != roleModel && role != roleUnknown {
			return
		}
	}
	pathExpr := path
	if path.Type == "keyword_argument" {
		pathExpr = path.Child("value")
	}
	pv := s.pathValue(p.CellPos, pathExpr, 0)
	kind := pv.kind()
	shown := shownSource(p.Text(pathExpr))
	callName := "save()"
	if method == "save_model" {
		callName = "save_model()"
	}
	switch {
	case kind == pathKerasFile && hasFormat:
		fix := &cellfix.Fix{Title: "Remove `save_format`", Safety: cellfix.Safe, Edits: []cellfix.TextEdit{args.removal(p, format)}}
		p.Reportf(format, fix, "Keras 3 no longer takes `save_format`: the `.keras` or `.h5` extension of the path picks the format, so remove the argument")
		return
	case kind == pathKerasFile || kind == pathOtherFile || kind == pathHub:
		return
	case hasFormat && formatValue != "tf" && formatValue != "tensorflow":
		what := "`save_format`"
		if formatValue != "" {
			what = fmt.Sprintf("`save_format=%q`", formatValue)
		}
		p.Reportf(call, nil, fmt.Sprintf("Keras 3's `%s` has no %s and picks the format from the extension: "+
			"save to a path ending in `.keras` (or `.h5` for HDF5)", callName, what))
		return
	case kind == pathUnknown:
		if role != roleModel {
			return
		}
		p.Reportf(call, nil, fmt.Sprintf("Keras 3's `%s` writes only `.keras` and `.h5` files, and `%s` is not known to end in either: "+
			"if it names a SavedModel directory, write it with `export(%s)`; otherwise give it a `.keras` extension", callName, shown, shown))
		return
	case kind == pathOddExtension && role != roleModel && !hasFormat:
		return // "data.bin" on an object we know nothing about
	}
	fix := exportFix(s, call, fn, receiver, path, args, pv.plain, method)
	p.Reportf(call, fix, fmt.Sprintf("Keras 3's `%s` writes only `.keras` and `.h5` files, so saving a SavedModel to `%s` fails: "+
		"use `export(%s)` to write a SavedModel, or save to a `.keras` file", callName, shown, shown))
}

// exportFix rewrites a SavedModel save into model.export(path), when the
// path is a plain literal and the call has no argument export() lacks.
func exportFix(s notebookScan, call, fn, receiver, path *cellfix.Node, args parsedCallArgs, plain bool, method string) *cellfix.Fix {
	p := s.p
	if !plain || args.splat {
		return nil
	}
	extra := 0
	for _, a := range args.all {
		if a != path && a != receiver && a != args.keyword["save_format"] {
			extra++
		}
	}
	if extra > 0 {
		return nil
	}
	fix := &cellfix.Fix{Title: "Write the SavedModel with `export()`", Safety: cellfix.Safe}
	if method == "save" {
		fix.Edits = append(fix.Edits, p.Replace(fn.Child("attribute"), "export"))
		if f := args.keyword["save_format"]; f != nil {
			fix.Edits = append(fix.Edits, args.removal(p, f))
		}
		return fix
	}
	// save_model(model, path) → model.export(path)
	if receiver.Type == "keyword_argument" {
		receiver = receiver.Child("value")
	}
	if path.Type == "keyword_argument" {
		path = path.Child("value")
	}
	switch receiver.Type {
	case "identifier", "attribute", "call", "subscript":
	default:
		return nil
	}
	fix.Edits = append(fix.Edits, p.Replace(call, p.Text(receiver)+".export("+p.Text(path)+")"))
	return fix
}

// shownSource keeps messages on one short line.
func shownSource(src string) string {
	src = strings.Join(strings.Fields(src), " ")
	if len(src) > 40 {
		return src[:37] + "..."
	}
	return src
}

// ---- path values -----------------------------------------------------

// savedPath is what can be known statically about a file path argument.
type savedPath struct {
	// tail is the known end of the path ("" when nothing is known).
	tail  string
	known bool
	// plain is set when the argument is a plain string literal, so its whole
	// value is known and can be kept as is by a fix.
	plain bool
	// full is the whole value when plain.
	full string
}

type savedPathKind int

const (
	pathUnknown      savedPathKind = iota
	pathKerasFile                  // .keras, .h5, .hdf5: Keras 3 reads and writes these
	pathOtherFile                  // an image, table, array …: not a model at all
	pathHub                        // hf:// — Keras 3's own Hugging Face support
	pathDirectory                  // no extension: a SavedModel directory
	pathOddExtension               // some other extension, e.g. "model.tf"
)

// otherFileExtensions are file types that are clearly not a saved Keras
// model, so a `.save("x.png")` belongs to some other library.
var otherFileExtensions = map[string]bool{
	"png": true, "jpg": true, "jpeg": true, "gif": true, "bmp": true, "tif": true, "tiff": true, "webp": true,
	"svg": true, "pdf": true, "eps": true, "ico": true,
	"csv": true, "tsv": true, "txt": true, "json": true, "yaml": true, "yml": true, "xml": true, "html": true,
	"md": true, "log": true, "xlsx": true, "xls": true, "parquet": true, "feather": true,
	"npy": true, "npz": true, "pkl": true, "pickle": true, "joblib": true,
	"pt": true, "pth": true, "onnx": true, "tflite": true, "zip": true, "tar": true, "gz": true,
	"wav": true, "mp3": true, "mp4": true, "avi": true, "gif89a": true,
}

// savedModelExtensions are suffixes people give SavedModel directories.
var savedModelExtensions = map[string]bool{"tf": true, "savedmodel": true, "saved_model": true}

func (v savedPath) kind() savedPathKind {
	if !v.known {
		return pathUnknown
	}
	if v.plain && strings.HasPrefix(v.full, "hf://") {
		return pathHub
	}
	lower := strings.ToLower(v.tail)
	for _, ext := range []string{".keras", ".h5", ".hdf5"} {
		if strings.HasSuffix(lower, ext) {
			return pathKerasFile
		}
	}
	ext := pathFileExtension(lower)
	switch {
	case ext == "" || savedModelExtensions[ext]:
		return pathDirectory
	case otherFileExtensions[ext]:
		return pathOtherFile
	}
	return pathOddExtension
}

// pathFileExtension returns the extension of the last path component, or ""
// when it has none. A numeric suffix ("run_1.5") is a version, not an
// extension.
func pathFileExtension(path string) string {
	last := path[strings.LastIndexAny(path, `/\`)+1:]
	i := strings.LastIndexByte(last, '.')
	if i <= 0 || i == len(last)-1 {
		return ""
	}
	ext := last[i+1:]
	if !unicode.IsLetter(rune(ext[0])) {
		return ""
	}
	return ext
}

// pathJoinFuncs build a path whose end is their last argument.
var pathJoinFuncs = map[string]bool{
	"os.path.join": true, "posixpath.join": true, "ntpath.join": true, "pathlib.Path": true,
	"pathlib.PurePath": true, "os.fspath": true, "tensorflow.io.gfile.join": true,
}

// pathValue works out the end of a path expression: a literal, an
// f-string, a concatenation, os.path.join/Path(...)/`dir / "name"`, or a
// variable assigned one of those earlier in the notebook.
func (s notebookScan) pathValue(cell int, n *cellfix.Node, depth int) savedPath {
	if n == nil || depth > 4 {
		return savedPath{}
	}
	switch n.Type {
	case "keyword_argument":
		return s.pathValue(cell, n.Child("value"), depth)
	case "parenthesized_expression":
		inner := n.NamedChildren()
		if len(inner) == 1 {
			return s.pathValue(cell, inner[0], depth)
		}
	case "string":
		if v, ok := s.stringValue(cell, n); ok {
			return savedPath{tail: v, known: true, plain: true, full: v}
		}
		return savedPath{tail: s.fstringTail(cell, n), known: s.fstringEndsInText(n)}
	case "concatenated_string":
		parts := n.NamedChildren()
		whole, plain := "", true
		for _, part := range parts {
			v, ok := s.stringValue(cell, part)
			plain = plain && ok
			whole += v
		}
		if plain {
			return savedPath{tail: whole, known: true, plain: true, full: whole}
		}
		last := s.pathValue(cell, parts[len(parts)-1], depth+1)
		last.plain = false
		return last
	case "binary_operator":
		if op := n.Child("operator"); op != nil && (s.text(cell, op) == "+" || s.text(cell, op) == "/") {
			v := s.pathValue(cell, n.Child("right"), depth+1)
			v.plain = false
			return v
		}
	case "call":
		fn := n.Child("function")
		name := s.resolve(cell, fn)
		if name == "" && fn != nil && fn.Type == "identifier" && s.text(cell, fn) == "str" {
			name = "str"
		}
		if fn != nil && fn.Type == "attribute" {
			switch s.text(cell, fn.Child("attribute")) {
			case "joinpath", "with_suffix", "with_name":
				name = "pathlib.Path"
			}
		}
		if pathJoinFuncs[name] || name == "str" {
			args := s.arguments(n)
			if len(args.positional) > 0 && !args.splat {
				v := s.pathValue(cell, args.positional[len(args.positional)-1], depth+1)
				v.plain = false
				return v
			}
		}
	case "identifier":
		if s.isParameter(cell, n) {
			return savedPath{}
		}
		if site := s.lastAssignmentBefore(s.text(cell, n), cell, n.Start); site != nil {
			v := s.pathValue(site.cell, site.node, depth+1)
			v.plain = false
			return v
		}
	}
	return savedPath{}
}

// stringValue returns the value of a string literal without placeholders
// (escape sequences are kept as written).
func (s notebookScan) stringValue(cell int, n *cellfix.Node) (string, bool) {
	if n == nil || n.Type != "string" {
		return "", false
	}
	var b strings.Builder
	for _, ch := range n.Children {
		switch ch.Type {
		case "interpolation":
			return "", false
		case "string_content", "escape_sequence":
			b.WriteString(s.text(cell, ch))
		}
	}
	return b.String(), true
}

// fstringEndsInText reports whether an f-string ends with literal text
// (f"{root}/model") rather than a placeholder (f"{root}").
func (s notebookScan) fstringEndsInText(n *cellfix.Node) bool {
	for i := len(n.Children) - 1; i >= 0; i-- {
		switch n.Children[i].Type {
		case "string_end":
			continue
		case "interpolation", "string_start":
			return false
		}
		return true
	}
	return false
}

// fstringTail is the literal text after an f-string's last placeholder.
func (s notebookScan) fstringTail(cell int, n *cellfix.Node) string {
	var parts []string
	for i := len(n.Children) - 1; i >= 0; i-- {
		ch := n.Children[i]
		if ch.Type == "interpolation" || ch.Type == "string_start" {
			break
		}
		if ch.Type == "string_content" || ch.Type == "escape_sequence" {
			parts = append([]string{s.text(cell, ch)}, parts...)
		}
	}
	return strings.Join(parts, "")
}

// ---- notebook-wide lookups, shared by savedmodel-save, savedmodel-load
// ---- and removed-api -------------------------------------------------

// notebookScan answers questions import bindings alone cannot: what a
// variable was assigned, what a class derives from. Its lookups walk the
// whole document, so rules ask only about candidate nodes.
type notebookScan struct{ p *cellfix.Pass }

// scanSite is a node in some cell of the document.
type scanSite struct {
	cell int // position in Doc.Cells
	node *cellfix.Node
}

func (s notebookScan) text(cell int, n *cellfix.Node) string {
	return s.p.Doc.Cells[cell].Masked[n.Start:n.End]
}

func (s notebookScan) resolve(cell int, n *cellfix.Node) string {
	if n == nil {
		return ""
	}
	return s.p.Doc.Model().Resolve(cell, n)
}

// notebookIndex lists a document's assignments by target text ("model",
// "self.rnn", values in document order) and its class definitions by name.
type notebookIndex struct {
	assignments map[string][]scanSite
	classes     map[string][]scanSite
}

// notebookIndexKey memoises the index on the document: every cell's pass
// asks about the same document, and walking it for each question would
// make a check quadratic in the notebook's length.
type notebookIndexKey struct{}

func (s notebookScan) index() *notebookIndex {
	return s.p.Doc.Memo(notebookIndexKey{}, func() any { return s.buildIndex() }).(*notebookIndex)
}

func (s notebookScan) buildIndex() *notebookIndex {
	ix := &notebookIndex{assignments: map[string][]scanSite{}, classes: map[string][]scanSite{}}
	for i, c := range s.p.Doc.Cells {
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *cellfix.Node) bool {
			switch n.Type {
			case "assignment":
				left, right := n.Child("left"), n.Child("right")
				if left == nil || right == nil {
					break
				}
				for right.Type == "assignment" && right.Child("right") != nil { // a = b = value
					right = right.Child("right")
				}
				target := strings.Join(strings.Fields(s.text(i, left)), "")
				ix.assignments[target] = append(ix.assignments[target], scanSite{i, right})
			case "class_definition":
				if id := n.Child("name"); id != nil {
					ix.classes[s.text(i, id)] = append(ix.classes[s.text(i, id)], scanSite{i, n})
				}
			}
			return true
		})
	}
	return ix
}

// assignmentsTo lists the values assigned to target ("model",
// "self.rnn") anywhere in the notebook, in document order.
func (s notebookScan) assignmentsTo(target string) []scanSite {
	return s.index().assignments[target]
}

// lastAssignmentBefore returns the value last assigned to target before
// the cell offset off of cell, or nil.
func (s notebookScan) lastAssignmentBefore(target string, cell, off int) *scanSite {
	var last *scanSite
	for _, site := range s.assignmentsTo(target) {
		if site.cell < cell || (site.cell == cell && site.node.Start < off) {
			last = &site
		}
	}
	return last
}

// isParameter reports whether an identifier names a parameter of an
// enclosing function, whose value cannot be known.
func (s notebookScan) isParameter(cell int, id *cellfix.Node) bool {
	name := s.text(cell, id)
	for fn := id.Ancestor("function_definition", "lambda"); fn != nil; fn = fn.Ancestor("function_definition", "lambda") {
		params := fn.Child("parameters")
		found := false
		params.Walk(func(n *cellfix.Node) bool {
			if n.Type == "identifier" && s.text(cell, n) == name {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// classDefinitions returns the classes named name defined in the notebook.
func (s notebookScan) classDefinitions(name string) []scanSite {
	return s.index().classes[name]
}

// kerasRole is what a value or class is, as far as Keras is concerned.
type kerasRole int

const (
	roleUnknown kerasRole = iota
	roleOther             // known not to be a Keras layer or model
	roleLayer
	roleModel
)

// spelledAsKeras3 returns the Keras 3 spelling of a qualified name under
// keras or tf.keras ("tensorflow.keras.layers.Dense" → "keras.layers.Dense"),
// or "" for any other name.
func spelledAsKeras3(q string) string {
	if k := cellfix.KerasSpelling(q); k != "" {
		return k
	}
	if q == "keras" || strings.HasPrefix(q, "keras.") {
		return q
	}
	return ""
}

// roleOfKerasName classifies a Keras class or factory by its Keras 3
// spelling.
func roleOfKerasName(k string) kerasRole {
	last := k[strings.LastIndexByte(k, '.')+1:]
	switch {
	case last == "Model" || last == "Sequential" || last == "Functional",
		strings.HasPrefix(k, "keras.models."), strings.HasPrefix(k, "keras.applications."),
		k == "keras.saving.load_model":
		return roleModel
	case strings.HasPrefix(k, "keras.layers.") || last == "Layer":
		return roleLayer
	}
	return roleOther
}

// kerasAncestors lists, in Keras 3 spelling, the Keras classes a class
// derives from, following base classes defined in the notebook. complete is
// false when some base could not be resolved.
func (s notebookScan) kerasAncestors(cell int, class *cellfix.Node, depth int) (names []string, complete bool) {
	complete = true
	bases := class.Child("superclasses")
	if depth > 8 || bases == nil {
		return nil, bases == nil
	}
	for _, base := range bases.NamedChildren() {
		if base.Type == "keyword_argument" || base.Type == "comment" {
			continue // metaclass=...
		}
		if q := s.resolve(cell, base); q != "" {
			if k := spelledAsKeras3(q); k != "" {
				names = append(names, k)
			}
			continue
		}
		defs := []scanSite(nil)
		if base.Type == "identifier" {
			defs = s.classDefinitions(s.text(cell, base))
		}
		if len(defs) == 0 {
			complete = false
			continue
		}
		more, ok := s.kerasAncestors(defs[len(defs)-1].cell, defs[len(defs)-1].node, depth+1)
		names = append(names, more...)
		complete = complete && ok
	}
	return names, complete
}

// classRole says whether a class is a Keras model, a Keras layer, or
// neither.
func (s notebookScan) classRole(cell int, class *cellfix.Node) kerasRole {
	names, complete := s.kerasAncestors(cell, class, 0)
	role := roleOther
	for _, k := range names {
		if r := roleOfKerasName(k); r > role {
			role = r
		}
	}
	if role == roleOther && !complete {
		return roleUnknown
	}
	return role
}

// valueRole classifies the value of an expression (the right side of an
// assignment).
func (s notebookScan) valueRole(cell int, v *cellfix.Node, depth int) kerasRole {
	if depth > 4 {
		return roleUnknown
	}
	switch v.Type {
	case "call":
		fn := v.Child("function")
		if q := s.resolve(cell, fn); q != "" {
			if k := spelledAsKeras3(q); k != "" {
				return roleOfKerasName(k)
			}
			return roleOther // another library: PIL, pandas, tf.train …
		}
		switch fn.Type {
		case "identifier":
			if defs := s.classDefinitions(s.text(cell, fn)); len(defs) > 0 {
				d := defs[len(defs)-1]
				return s.classRole(d.cell, d.node)
			}
			return roleFromName(s.text(cell, fn))
		case "attribute":
			return roleFromName(s.text(cell, fn.Child("attribute")))
		}
	case "identifier", "attribute":
		if s.resolve(cell, v) != "" {
			return roleOther
		}
		return s.variableRole(cell, v, depth+1)
	case "string", "concatenated_string", "integer", "float", "list", "tuple", "dictionary", "set",
		"list_comprehension", "dictionary_comprehension", "set_comprehension", "true", "false", "none":
		return roleOther
	}
	return roleUnknown
}

// variableRole classifies a receiver (an identifier or attribute chain
// such as model or self.model) from what the notebook assigns to it, and
// failing that from its name.
func (s notebookScan) variableRole(cell int, v *cellfix.Node, depth int) kerasRole {
	switch v.Type {
	case "call", "subscript", "parenthesized_expression":
		if v.Type == "call" {
			return s.valueRole(cell, v, depth+1)
		}
		return roleUnknown
	case "identifier", "attribute":
	default:
		return roleOther
	}
	if s.resolve(cell, v) != "" {
		return roleOther // a module or class: np, tf.saved_model
	}
	target := strings.Join(strings.Fields(s.text(cell, v)), "")
	if target == "self" {
		if class := v.Ancestor("class_definition"); class != nil {
			if r := s.classRole(cell, class); r != roleLayer {
				return r
			}
		}
		return roleOther
	}
	if depth <= 4 {
		sites := s.assignmentsTo(target)
		role := roleUnknown
		for i, site := range sites {
			r := s.valueRole(site.cell, site.node, depth+1)
			if r == roleModel {
				return roleModel
			}
			if i == 0 || r != role {
				role = r
			}
		}
		if len(sites) > 0 && role != roleUnknown {
			return role
		}
	}
	last := v
	if v.Type == "attribute" {
		last = v.Child("attribute")
	}
	return roleFromName(s.text(cell, last))
}

// Words that make a variable or factory name read as a model (or as
// something else) when nothing better is known.
var (
	modelWords = map[string]bool{
		"model": true, "models": true, "net": true, "network": true, "classifier": true, "regressor": true,
		"encoder": true, "decoder": true, "autoencoder": true, "discriminator": true, "generator": true,
		"gan": true, "vae": true, "cnn": true, "rnn": true, "lstm": true, "mlp": true, "transformer": true,
	}
	otherWords = map[string]bool{
		"df": true, "data": true, "dataset": true, "img": true, "image": true, "im": true, "pic": true,
		"photo": true, "fig": true, "figure": true, "plt": true, "ax": true, "wb": true, "workbook": true,
		"sheet": true, "doc": true, "ckpt": true, "checkpoint": true, "saver": true, "manager": true,
		"writer": true, "file": true, "frame": true, "table": true, "tokenizer": true, "array": true, "arr": true,
	}
)

// roleFromName guesses from a name's words: model, base_model, resnet,
// build_model → model; img, df, ckpt → other.
func roleFromName(name string) kerasRole {
	words := nameWords(name)
	for _, w := range words {
		if otherWords[w] {
			return roleOther
		}
	}
	for _, w := range words {
		if modelWords[w] || strings.HasSuffix(w, "net") || strings.HasSuffix(w, "model") {
			return roleModel
		}
	}
	return roleUnknown
}

// nameWords splits snake_case and camelCase into lower-case words.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case r == '_' || unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(runes[i-1]) || (i+1 < len(runes) && unicode.IsLower(runes[i+1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// ---- call arguments --------------------------------------------------

// parsedCallArgs is a call's argument list taken apart.
type parsedCallArgs struct {
	list       *cellfix.Node   // the argument_list node
	all        []*cellfix.Node // every argument, in order
	positional []*cellfix.Node
	keyword    map[string]*cellfix.Node // keyword_argument nodes by name
	// splat is set when *args or **kwargs may supply more arguments.
	splat bool
}

func (s notebookScan) arguments(call *cellfix.Node) parsedCallArgs {
	a := parsedCallArgs{list: call.Child("arguments"), keyword: map[string]*cellfix.Node{}}
	if a.list == nil || a.list.Type != "argument_list" {
		a.list = nil
		return a
	}
	for _, arg := range a.list.NamedChildren() {
		switch arg.Type {
		case "comment":
			continue
		case "keyword_argument":
			if name := arg.Child("name"); name != nil {
				a.keyword[s.p.Text(name)] = arg
			}
		case "list_splat", "dictionary_splat":
			a.splat = true
		default:
			a.positional = append(a.positional, arg)
		}
		a.all = append(a.all, arg)
	}
	return a
}

// param returns the argument for a parameter given by position or by
// keyword, or nil.
func (a parsedCallArgs) param(pos int, keyword string) *cellfix.Node {
	if pos < len(a.positional) {
		return a.positional[pos]
	}
	return a.keyword[keyword]
}

// removal returns an edit deleting one argument and the comma that
// separates it from its neighbour.
func (a parsedCallArgs) removal(p *cellfix.Pass, arg *cellfix.Node) cellfix.TextEdit {
	for i, x := range a.all {
		if x != arg {
			continue
		}
		switch {
		case i > 0:
			return cellfix.TextEdit{Start: p.Offset(a.all[i-1].End), End: p.Offset(arg.End)}
		case len(a.all) > 1:
			return cellfix.TextEdit{Start: p.Offset(arg.Start), End: p.Offset(a.all[1].Start)}
		}
	}
	// The only argument: clear the parentheses, trailing comma included.
	return cellfix.TextEdit{Start: p.Offset(a.list.Start + 1), End: p.Offset(a.list.End - 1)}
}
