package cellfix

import (
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
)

// This file is the path fact: what can be known statically about a file
// path argument (a literal, an f-string, a concatenation, os.path.join,
// pathlib, or a variable assigned one of those), so the rules about saving
// and loading agree on what a path names.

// PathValue is what can be known statically about a file path argument.
type PathValue struct {
	// tail is the known end of the path ("" when nothing is known).
	tail  string
	known bool
	// plain is set when the argument is a plain string literal, so its whole
	// value is known and can be kept as is by a fix.
	plain bool
	// full is the whole value when plain.
	full string
}

type PathKind int

const (
	PathUnknown      PathKind = iota
	PathKerasFile             // .keras, .h5, .hdf5: Keras 3 reads and writes these
	PathOtherFile             // an image, table, array …: not a model at all
	PathHub                   // hf:// — Keras 3's own Hugging Face support
	PathDirectory             // no extension: a SavedModel directory
	PathOddExtension          // some other extension, e.g. "model.tf"
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

// IsHDF5 reports whether the path is known to end in .h5 or .hdf5: the
// extension from which both Keras 2 and Keras 3 pick the HDF5 format.
func (v PathValue) IsHDF5() bool {
	lower := strings.ToLower(v.tail)
	return v.known && (strings.HasSuffix(lower, ".h5") || strings.HasSuffix(lower, ".hdf5"))
}

func (v PathValue) Kind() PathKind {
	if !v.known {
		return PathUnknown
	}
	if v.plain && strings.HasPrefix(v.full, "hf://") {
		return PathHub
	}
	lower := strings.ToLower(v.tail)
	for _, ext := range []string{".keras", ".h5", ".hdf5"} {
		if strings.HasSuffix(lower, ext) {
			return PathKerasFile
		}
	}
	ext := pathFileExtension(lower)
	switch {
	case ext == "" || savedModelExtensions[ext]:
		return PathDirectory
	case otherFileExtensions[ext]:
		return PathOtherFile
	}
	return PathOddExtension
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
// PathOf works out what expression n of the cell at position cell says
// about a path.
func (m *Model) PathOf(cell int, n *Node) PathValue { return m.pathValue(cell, n, 0) }

func (m *Model) pathValue(cell int, n *Node, depth int) PathValue {
	if n == nil || depth > 4 {
		return PathValue{}
	}
	switch n.Type() {
	case "keyword_argument":
		return m.pathValue(cell, n.Child("value"), depth)
	case "parenthesized_expression":
		inner := n.NamedChildren()
		if len(inner) == 1 {
			return m.pathValue(cell, inner[0], depth)
		}
	case "string":
		if v, ok := m.StringValue(cell, n); ok {
			return PathValue{tail: v, known: true, plain: true, full: v}
		}
		return PathValue{tail: m.fstringTail(cell, n), known: fstringEndsInText(n)}
	case "concatenated_string":
		parts := n.NamedChildren()
		whole, plain := "", true
		for _, part := range parts {
			v, ok := m.StringValue(cell, part)
			plain = plain && ok
			whole += v
		}
		if plain {
			return PathValue{tail: whole, known: true, plain: true, full: whole}
		}
		last := m.pathValue(cell, parts[len(parts)-1], depth+1)
		last.plain = false
		return last
	case "binary_operator":
		if op := n.Child("operator"); op != nil && (m.Text(cell, op) == "+" || m.Text(cell, op) == "/") {
			v := m.pathValue(cell, n.Child("right"), depth+1)
			v.plain = false
			return v
		}
	case "call":
		fn := n.Child("function")
		name := m.Resolve(cell, fn)
		if name == "" && fn != nil && fn.Type() == "identifier" && m.Text(cell, fn) == "str" {
			name = "str"
		}
		if fn != nil && fn.Type() == "attribute" {
			switch m.Text(cell, fn.Child("attribute")) {
			case "joinpath", "with_suffix", "with_name":
				name = "pathlib.Path"
			}
		}
		if pathJoinFuncs[name] || name == "str" {
			args := ArgsOf(m.doc.Cells[cell], n)
			if len(args.Positional) > 0 && !args.Splat {
				v := m.pathValue(cell, args.Positional[len(args.Positional)-1], depth+1)
				v.plain = false
				return v
			}
		}
	case "identifier":
		// Parameters, loop variables and tuple targets have no value here.
		if vc, v := m.ValueOf(cell, n); v != nil {
			pv := m.pathValue(vc, v, depth+1)
			pv.plain = false
			return pv
		}
	}
	return PathValue{}
}

// stringValue returns the value of a string literal without placeholders
// (escape sequences are kept as written).
func (m *Model) StringValue(cell int, n *Node) (string, bool) {
	if n == nil || n.Type() != "string" {
		return "", false
	}
	var b strings.Builder
	for _, ch := range n.Children() {
		switch ch.Type() {
		case "interpolation":
			return "", false
		case "string_content", "escape_sequence":
			b.WriteString(m.Text(cell, ch))
		}
	}
	return b.String(), true
}

// fstringEndsInText reports whether an f-string ends with literal text
// (f"{root}/model") rather than a placeholder (f"{root}").
func fstringEndsInText(n *Node) bool {
	for i := len(n.Children()) - 1; i >= 0; i-- {
		switch n.Children()[i].Type() {
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
func (m *Model) fstringTail(cell int, n *Node) string {
	var parts []string
	for i := len(n.Children()) - 1; i >= 0; i-- {
		ch := n.Children()[i]
		if ch.Type() == "interpolation" || ch.Type() == "string_start" {
			break
		}
		if ch.Type() == "string_content" || ch.Type() == "escape_sequence" {
			parts = append([]string{m.Text(cell, ch)}, parts...)
		}
	}
	return strings.Join(parts, "")
}

// Plain reports whether the path is a plain string literal, so a fix can
// keep it as written.
func (v PathValue) Plain() bool { return v.plain }

// ShortSource keeps source shown in a message on one short line.
func ShortSource(src string) string {
	src = OneLine(src)
	if len(src) > 40 {
		return src[:37] + "..."
	}
	return src
}

// PathKey names what a path expression denotes, so that a save and a later
// load of the same file can be matched: "=value" for a plain literal (or a
// variable holding one), "@cell:offset" for a variable assigned some other
// expression (the assignment it reads), "" when nothing is known.
func (m *Model) PathKey(cell int, n *Node) string {
	if n != nil && n.Type() == "keyword_argument" {
		n = n.Child("value")
	}
	if n == nil {
		return ""
	}
	if pv := m.PathOf(cell, n); pv.plain {
		return "=" + pv.full
	}
	if n.Type() != "identifier" {
		return ""
	}
	vc, v := m.ValueOf(cell, n)
	if v == nil {
		return ""
	}
	if pv := m.PathOf(vc, v); pv.plain {
		return "=" + pv.full
	}
	return "@" + strconv.Itoa(vc) + ":" + strconv.Itoa(v.Start())
}

// Value returns the whole value of a plain literal path ("" otherwise).
func (v PathValue) Value() string {
	if !v.plain {
		return ""
	}
	return v.full
}

// StringLiteral is one plain string literal of the document.
type StringLiteral struct {
	Cell  int
	Node  *Node
	Value string
}

// StringLiterals returns the plain string literals of the document (no
// f-strings, no concatenations) whose value satisfies keep, in order.
func (m *Model) StringLiterals(keep func(string) bool) []StringLiteral {
	if !indexLiterals {
		return m.scanStringLiterals(keep)
	}
	var out []StringLiteral
	for _, lit := range stringLiterals.Of(m.doc).all {
		if keep(lit.Value) {
			out = append(out, lit)
		}
	}
	return out
}

// scanStringLiterals is StringLiterals, walking every cell for them.
func (m *Model) scanStringLiterals(keep func(string) bool) []StringLiteral {
	var out []StringLiteral
	for i, c := range m.doc.Cells {
		if c.Root == nil {
			continue
		}
		c.Each(func(n *Node) bool {
			if n.Type() != "string" {
				return true
			}
			if n.Parent != nil && n.Parent.Type() == "concatenated_string" {
				return false
			}
			if v, ok := m.StringValue(i, n); ok && keep(v) {
				out = append(out, StringLiteral{Cell: i, Node: n, Value: v})
			}
			return false
		}, "string")
	}
	return out
}

// RespellLiteral returns the source of the string literal lit (source text
// as written) with its value replaced by value, keeping its prefix and
// quotes; ok is false for triple-quoted literals and values the quotes
// cannot hold as they are.
func RespellLiteral(lit, value string) (string, bool) {
	i := strings.IndexAny(lit, `"'`)
	if i < 0 || len(lit) < i+2 || strings.HasSuffix(lit, `"""`) || strings.HasSuffix(lit, `'''`) {
		return "", false
	}
	q := lit[i : i+1]
	if strings.ContainsAny(value, q+"\\\n") {
		return "", false
	}
	return lit[:i+1] + value + q, true
}

// RenamePathEnd returns the edits that change the end of the path that
// expression n (of the cell at position cell) evaluates to from old to new
// ("model.h5" → "model.weights.h5"): in the literal text that ends the path
// (the literal itself, the literal a variable was assigned, the last part of
// an os.path.join or of an f-string) and, when the whole path is a known
// literal value, in every other plain literal of the document naming the same
// file (a later load_weights, an os.path.exists), or matching it where the
// value is a "{epoch:02d}" template (only when everywhere is set). ok is
// false when no literal holds the end.
func (m *Model) RenamePathEnd(cell int, n *Node, old, new string, everywhere bool) (edits []TextEdit, ok bool) {
	at, c, ok := m.pathEnd(cell, n, old, 0)
	if !ok {
		return nil, false
	}
	edits = append(edits, TextEdit{Start: c.Offset + at - len(old), End: c.Offset + at, NewText: new})
	key := m.PathKey(cell, n)
	if !everywhere || !strings.HasPrefix(key, "=") {
		return edits, true
	}
	var same []StringLiteral
	if value := key[1:]; strings.Contains(value, "{") {
		same = m.StringLiterals(templateMatcher(value))
	} else {
		same = m.literalsValued(value)
	}
	for _, lit := range same {
		lc := m.doc.Cells[lit.Cell]
		if end, _, ok := m.pathEnd(lit.Cell, lit.Node, old, 0); ok {
			e := TextEdit{Start: lc.Offset + end - len(old), End: lc.Offset + end, NewText: new}
			if e.Start != edits[0].Start {
				edits = append(edits, e)
			}
		}
	}
	return edits, true
}

// templateMatcher matches a path value, where a "{name}" or "{name:fmt}"
// placeholder (as ModelCheckpoint fills in) stands for any text.
func templateMatcher(value string) func(string) bool {
	if !strings.Contains(value, "{") {
		return func(s string) bool { return s == value }
	}
	var b strings.Builder
	b.WriteString("^")
	for rest := value; rest != ""; {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:i]) + ".+?")
		rest = rest[j+1:]
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return func(s string) bool { return s == value }
	}
	return func(s string) bool { return s == value || re.MatchString(s) }
}

// pathEnd finds the cell offset just after the literal text that ends the
// path expression n, when that text ends in suffix.
func (m *Model) pathEnd(cell int, n *Node, suffix string, depth int) (int, *Cell, bool) {
	if n == nil || depth > 4 {
		return 0, nil, false
	}
	c := m.doc.Cells[cell]
	endsWith := func(end int) (int, *Cell, bool) {
		if end-len(suffix) < n.Start() || c.Text[end-len(suffix):end] != suffix {
			return 0, nil, false
		}
		return end, c, true
	}
	switch n.Type() {
	case "keyword_argument":
		return m.pathEnd(cell, n.Child("value"), suffix, depth)
	case "string":
		kids := n.Children()
		if len(kids) < 2 || kids[len(kids)-1].Type() != "string_end" {
			return 0, nil, false
		}
		last := kids[len(kids)-2]
		if last.Type() != "string_content" {
			return 0, nil, false
		}
		return endsWith(last.End())
	case "identifier":
		if vc, v := m.ValueOf(cell, n); v != nil {
			return m.pathEnd(vc, v, suffix, depth+1)
		}
	case "binary_operator":
		return m.pathEnd(cell, n.Child("right"), suffix, depth+1)
	case "call":
		if name := m.Resolve(cell, n.Child("function")); pathJoinFuncs[name] {
			args := ArgsOf(c, n)
			if len(args.Positional) > 0 && !args.Splat {
				return m.pathEnd(cell, args.Positional[len(args.Positional)-1], suffix, depth+1)
			}
		}
	}
	return 0, nil, false
}

// Tail returns the known end of the path ("" when nothing is known).
func (v PathValue) Tail() string { return v.tail }

// PathRead is a call that reads a path, found after another call that
// writes it: its cell, the call and its path argument.
type PathRead struct {
	Cell       int
	Call, Path *Node
}

// LaterPathReads returns the calls after call, in its cell and the cells
// after it, that read the path that path names, up to the next call that
// writes a model to that path again. reads says which calls read
// a path: it returns the call's path argument, or nil. It is asked only
// about the calls of the method named method (those for which
// CalledMethod gives method), about every call when method is "".
func (p *Pass) LaterPathReads(call, path *Node, method string, reads func(cell int, c *Cell, n *Node) *Node) []PathRead {
	model := p.Doc.Model()
	key := model.PathKey(p.CellPos, path)
	if key == "" {
		return nil
	}
	if method != "" && indexModelWrites && searchWritesByKey {
		return p.laterReads(call, key, func(i int, c *Cell) []*Node { return p.MethodCallsIn(i, method) },
			func(i int, c *Cell, n *Node) *Node {
				if arg := reads(i, c, n); arg != nil && model.PathKey(i, arg) == key {
					return arg
				}
				return nil
			})
	}
	var out []PathRead
	index := modelWrites.Of(p.Doc)
	var written *cellWrites // the cell being visited
	cell := -1
	p.CallsAfter(call, func(i int, c *Cell, n *Node) bool {
		if arg := reads(i, c, n); arg != nil && model.PathKey(i, arg) == key {
			out = append(out, PathRead{i, n, arg})
		}
		if n == call {
			return true
		}
		// A later write of the same path is what the reads after it see.
		if !indexModelWrites {
			return !model.WritesModelPath(i, c, n, key)
		}
		if i != cell {
			written, cell = index.of(model, i, c), i
		}
		if written.keys[n] == key { // WritesModelPath, as key is not ""
			laterWritesIndexed.Add(1)
			return false
		}
		return true
	})
	return out
}

// LaterModelLoads is LaterPathReads(call, path, LoadModelPath): the Keras
// load_model() calls after call that read the path that path names, up
// to the next call that writes a model to that path again.
func (p *Pass) LaterModelLoads(call, path *Node) []PathRead {
	model := p.Doc.Model()
	if !indexModelWrites {
		return p.LaterPathReads(call, path, "", model.LoadModelPath)
	}
	key := model.PathKey(p.CellPos, path)
	if key == "" {
		return nil
	}
	if searchWritesByKey {
		index := modelWrites.Of(p.Doc)
		return p.laterReads(call, key, func(i int, c *Cell) []*Node { return index.of(model, i, c).loadsByKey[key] },
			func(i int, c *Cell, n *Node) *Node { return index.of(model, i, c).loads[n] })
	}
	// The calls LaterPathReads visits, less those that neither load nor
	// write a model file, which it passes over.
	var out []PathRead
	index := modelWrites.Of(p.Doc)
	for i := p.CellPos; i < len(p.Doc.Cells); i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		w := index.of(model, i, c)
		for _, n := range w.loadsOrWrites {
			if i == p.CellPos && n.Start() < call.End() {
				continue
			}
			if arg := w.loads[n]; arg != nil && model.PathKey(i, arg) == key {
				out = append(out, PathRead{i, n, arg})
			}
			if n != call && w.keys[n] == key {
				laterWritesIndexed.Add(1)
				return out
			}
		}
	}
	return out
}

// laterReads returns the calls among candidates(i, c), for each cell c at
// position i from the pass's cell on, that come after call and read the
// path of key (read returns their path argument, nil for the others), up
// to the first call after call that writes a model to that path: the
// reads LaterPathReads finds, looking only at the candidates and the
// writes of key instead of at every call.
func (p *Pass) laterReads(call *Node, key string, candidates func(i int, c *Cell) []*Node, read func(i int, c *Cell, n *Node) *Node) []PathRead {
	model := p.Doc.Model()
	index := modelWrites.Of(p.Doc)
	var out []PathRead
	for i := p.CellPos; i < len(p.Doc.Cells); i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		after := func(n *Node) bool { return i > p.CellPos || n.Start() >= call.End() }
		var stop *Node // the first later write of key, whose own read counts
		for _, n := range index.of(model, i, c).byKey[key] {
			if n != call && after(n) {
				stop = n
				break
			}
		}
		for _, n := range candidates(i, c) {
			if stop != nil && n.pre > stop.pre {
				break
			}
			if !after(n) {
				continue
			}
			if arg := read(i, c, n); arg != nil {
				out = append(out, PathRead{i, n, arg})
			}
		}
		if stop != nil {
			laterWritesIndexed.Add(1)
			return out
		}
	}
	return out
}

// indexModelWrites says whether LaterPathReads and LastModelWrite find
// writes in modelWrites rather than asking each call, and
// searchWritesByKey whether they look only at the writes of the path's
// key there and the calls that can matter after them (variables for
// tests, which compare the three ways); laterWritesIndexed and
// lastWritesIndexed count the writes they found in the index.
var (
	indexModelWrites   = true
	searchWritesByKey  = true
	laterWritesIndexed atomic.Int64
	lastWritesIndexed  atomic.Int64
)

// modelWrites indexes, per cell, the calls that write a model file and
// the path key each writes (WrittenModelPath), and the calls that
// LastModelWrite looks at. LaterPathReads runs for each save of a cell and
// LastModelWrite for each load, and asking every later or earlier call
// resolved each call once per save or load: the square of the calls, per
// check of the cell. A cell is indexed when first asked about.
var modelWrites = NewFact("model-file-writes", func(*Document) *writeIndex { return &writeIndex{} })

type writeIndex struct{ cells lockedMemo[int, *cellWrites] }

// cellWrites is what modelWrites knows of one cell.
type cellWrites struct {
	// keys holds the calls that write a model file, each with the key of
	// the path it writes ("" when the path cannot be followed).
	keys map[*Node]string
	// writesOrFits are, in order, the calls that write a model file or
	// call a method named fit or fit_generator: the only calls that
	// LastModelWrite's walk acts on.
	writesOrFits []*Node
	// loads holds the Keras load_model() calls, each with its path
	// argument (LoadModelPath); loadsOrWrites are, in order, the calls in
	// loads or keys: the only calls that LaterModelLoads's walk acts on.
	loads         map[*Node]*Node
	loadsOrWrites []*Node
	// byKey and loadsByKey list, in order, the calls of keys and of loads
	// by the key of the path they write or read ("" left out); fits lists
	// the calls in writesOrFits that are not in keys; checkpoints holds
	// the calls in keys that make a ModelCheckpoint.
	byKey, loadsByKey map[string][]*Node
	fits              []*Node
	checkpoints       map[*Node]bool
}

// of returns what the index knows of cell c, at position pos.
func (x *writeIndex) of(m *Model, pos int, c *Cell) *cellWrites {
	w, _ := x.cells.of(pos, func() *cellWrites { return m.cellWrites(pos, c) })
	return w
}

// cellWrites indexes the model file writes of cell c, at position pos.
func (m *Model) cellWrites(pos int, c *Cell) *cellWrites {
	w := &cellWrites{keys: map[*Node]string{}, loads: map[*Node]*Node{},
		byKey: map[string][]*Node{}, loadsByKey: map[string][]*Node{}, checkpoints: map[*Node]bool{}}
	for _, n := range c.kindsOf().list("call") {
		fw, writes := m.modelFileWrite(pos, c, n)
		if writes {
			key := m.PathKey(pos, fw.path)
			w.keys[n] = key
			if key != "" {
				w.byKey[key] = append(w.byKey[key], n)
			}
			if fw.checkpoint {
				w.checkpoints[n] = true
			}
		}
		if meth := CalledMethod(c, n); writes || meth == "fit" || meth == "fit_generator" {
			w.writesOrFits = append(w.writesOrFits, n)
			if !writes {
				w.fits = append(w.fits, n)
			}
		}
		arg := m.LoadModelPath(pos, c, n)
		if arg != nil {
			w.loads[n] = arg
			if key := m.PathKey(pos, arg); key != "" {
				w.loadsByKey[key] = append(w.loadsByKey[key], n)
			}
		}
		if writes || arg != nil {
			w.loadsOrWrites = append(w.loadsOrWrites, n)
		}
	}
	return w
}

// WritesModelPath reports whether call (of the cell at position cell)
// writes a model to the path named by key: `m.save(path)`,
// `m.export(path)`, save_model(m, path) or a ModelCheckpoint(path) that
// saves the whole model (not weights only).
func (m *Model) WritesModelPath(cell int, c *Cell, call *Node, key string) bool {
	w, ok := m.modelFileWrite(cell, c, call)
	return ok && m.PathKey(cell, w.path) == key
}

// WrittenModelPath returns the path key of the model file call writes, or
// "" when it writes none (or its path cannot be followed): the same calls
// as WritesModelPath, for indexes kept by path.
func (m *Model) WrittenModelPath(cell int, c *Cell, call *Node) string {
	if w, ok := m.modelFileWrite(cell, c, call); ok {
		return m.PathKey(cell, w.path)
	}
	return ""
}

// fileWrite is a call that writes a model file, as modelFileWrite finds it.
type fileWrite struct {
	path *Node
	// model is the expression of the model written, nil for a
	// ModelCheckpoint, which writes the model fit() trains.
	model      *Node
	checkpoint bool
	method     string // "save" or "export" for m.save(path), m.export(path)
}

// modelFileWrite reports whether call (of the cell at position cell)
// writes a whole model to a file, and where: `keras.models.save_model(m,
// path)` (or keras.saving's), `m.save(path)` or `m.export(path)` on an
// object that is not a Keras name, or a `ModelCheckpoint(path)` made
// without save_weights_only (which writes weights only, no model).
func (m *Model) modelFileWrite(cell int, c *Cell, call *Node) (w fileWrite, ok bool) {
	args := ArgsOf(c, call)
	fn := call.Child("function")
	switch q := KerasName(m.Resolve(cell, fn)); {
	case q == "keras.models.save_model" || q == "keras.saving.save_model":
		w.path, w.model = args.Value(1, "filepath"), args.Value(0, "model")
	case q == "keras.callbacks.ModelCheckpoint":
		// Keras 2 and 3 alike: filepath, monitor, verbose,
		// save_best_only, save_weights_only.
		if v := args.Value(4, "save_weights_only"); v != nil && c.Masked[v.Start():v.End()] != "False" {
			return w, false
		}
		w.path, w.checkpoint = args.Value(0, "filepath"), true
	case q == "" && fn != nil && fn.Type() == "attribute":
		if meth := CalledMethod(c, call); meth == "save" || meth == "export" {
			w.path, w.model, w.method = args.Value(0, "filepath"), fn.Child("object"), meth
		}
	}
	return w, w.path != nil
}

// LoadModelPath returns the path argument of a Keras load_model() call in
// any spelling, or nil for other calls: a reads function for LaterPathReads.
func (m *Model) LoadModelPath(cell int, c *Cell, call *Node) *Node {
	switch KerasName(m.Resolve(cell, call.Child("function"))) {
	case "keras.models.load_model", "keras.saving.load_model":
		return ArgsOf(c, call).Value(0, "filepath")
	}
	return nil
}

// pathTests name a file only to test it; they see the same answer for a
// file a fix renames along with every other string naming it.
var pathTests = map[string]bool{"os.path.exists": true, "os.path.isfile": true, "os.path.isdir": true}

// PathNamedElsewhere tells where a string with the value of the literal
// path (in the cell at position cell) is used other than as the argument
// of a call that allowed accepts or of an os.path test (path itself may be
// the value a name is bound to), as "line N" or
// "line N of an earlier cell"; "" when nowhere. A fix that renames the file
// everywhere is safe only when nothing else may need it by its old name
// or in its old format.
func (p *Pass) PathNamedElsewhere(cell int, path *Node, allowed func(cell int, call, arg *Node) bool) string {
	model := p.Doc.Model()
	value := model.PathOf(cell, path).Value()
	// Another spelling of the same file ("./out/m.h5", or "m.h5" in
	// os.path.join("out", "m.h5")) ends where the other does, at a path
	// separator: it counts as a use.
	for _, lit := range model.literalsEndingLike(value) {
		if lit.Value != value {
			line, _ := p.Doc.Cells[lit.Cell].Position(lit.Node.Start())
			return p.LineRef(lit.Cell, line)
		}
		arg := lit.Node
		if arg.Parent != nil && arg.Parent.Type() == "keyword_argument" {
			arg = arg.Parent
		}
		var call *Node
		if arg.Parent != nil && arg.Parent.Type() == "argument_list" {
			call = arg.Parent.Parent
		}
		if lit.Node == path || call != nil && (pathTests[model.Resolve(lit.Cell, call.Child("function"))] || allowed(lit.Cell, call, lit.Node)) {
			continue
		}
		line, _ := p.Doc.Cells[lit.Cell].Position(lit.Node.Start())
		return p.LineRef(lit.Cell, line)
	}
	return ""
}
