package cellfix

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Source is one cell handed to the engine.
type Source struct {
	// Index is the cell's index in the notebook's cell list (code and
	// markdown cells alike), used in reports.
	Index int
	Text  string
}

// Cell is one parsed cell of a Document.
type Cell struct {
	Index int
	Text  string
	// Offset is the document offset of the cell's first byte. Cells are
	// separated by one virtual byte, so an insertion at the start of a cell
	// is never mistaken for one at the end of the previous cell.
	Offset int
	// Skip is set for cells whose body is not Python (%%bash, %%writefile).
	Skip bool
	// Root is the syntax tree of the masked text; nil when Skip.
	Root *Node
	// Masked is Text with IPython syntax blanked out.
	Masked     string
	lineStarts []int
	// columns turns byte offsets into character columns without counting
	// from the line start each time; nil counts (cells made outside
	// parseCell).
	columns *columnIndex
	// noqa keeps the noqa comments of lines with findings (noqa.go); nil
	// reads the line each time (cells made outside parseCell).
	noqa *noqaMemo
	// kinds lists the nodes by type (kinds.go); nil lists them on each
	// use (cells made outside parseCell).
	kinds *nodeKinds
	// args keeps the calls taken apart (ArgsOf); nil takes them apart on
	// each use (cells made outside parseCell).
	args *argsMemo
	// chunked says Root was parsed in chunks, whose nodes lie in one
	// array each (preorderRuns).
	chunked bool
	errors  [][2]int
}

// End is the document offset just past the cell's last byte.
func (c *Cell) End() int { return c.Offset + len(c.Text) }

// Position converts a cell byte offset to a 1-based line and column, the
// column counting characters.
func (c *Cell) Position(off int) (line, col int) {
	i := sort.Search(len(c.lineStarts), func(i int) bool { return c.lineStarts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	start := c.lineStarts[i]
	if off > len(c.Text) {
		off = len(c.Text)
	}
	if c.columns == nil {
		return i + 1, utf8.RuneCountInString(c.Text[start:off]) + 1
	}
	return i + 1, c.columns.count(c.Text, start, off) + 1
}

// columnIndex counts the characters between two offsets of a cell in time
// independent of the line's length: counting from the line start for every
// finding made a long line with many findings cost their product.
//
// A character is what utf8.RuneCountInString counts (an invalid byte counts
// as one). marks are offsets where decoding the whole text from its start
// begins a character, about markEvery bytes apart, and runes[k] is the
// number of characters before marks[k]. The text of a pure ASCII cell has
// one byte per character and needs no marks.
type columnIndex struct {
	ascii bool
	marks []int
	runes []int
}

const markEvery = 256

func newColumnIndex(text string) *columnIndex {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return &columnIndex{ascii: true}
	}
	x := &columnIndex{}
	n := 0
	for i, next := 0, 0; i < len(text); n++ {
		if i >= next {
			x.marks = append(x.marks, i)
			x.runes = append(x.runes, n)
			next = i + markEvery
		}
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, w := utf8.DecodeRuneInString(text[i:])
		i += w
	}
	return x
}

// count returns utf8.RuneCountInString(text[start:off]) for a line start
// start (a newline ends any character, so decoding from it agrees with
// decoding from the text's start). The characters before the last mark at
// or before off are known; decoding from that mark, which starts a
// character both in the text and in text[start:off], counts the rest.
func (x *columnIndex) count(text string, start, off int) int {
	if x.ascii {
		return off - start
	}
	before := func(at int) (mark, runes int) {
		k := sort.SearchInts(x.marks, at+1) - 1 // last mark <= at
		if k < 0 {
			return 0, 0
		}
		return x.marks[k], x.runes[k]
	}
	m, r := before(off)
	if m <= start {
		return utf8.RuneCountInString(text[start:off])
	}
	ms, rs := before(start)
	// The characters from start to m: those before m less those before
	// start, the latter counted from the mark before start.
	return (r - rs - utf8.RuneCountInString(text[ms:start])) + utf8.RuneCountInString(text[m:off])
}

// LineStart returns the cell offset of the start of the line holding off.
func (c *Cell) LineStart(off int) int {
	i := sort.Search(len(c.lineStarts), func(i int) bool { return c.lineStarts[i] > off }) - 1
	if i < 0 {
		return 0
	}
	return c.lineStarts[i]
}

// lineEnd returns the cell offset of the first newline at or after off, or
// the text's length when there is none.
func (c *Cell) lineEnd(off int) int {
	if c.columns == nil { // no line index (a cell made outside parseCell)
		if nl := strings.IndexByte(c.Text[off:], '\n'); nl >= 0 {
			return off + nl
		}
		return len(c.Text)
	}
	i := sort.SearchInts(c.lineStarts, off+1) // the first line starting after off
	if i < len(c.lineStarts) {
		return c.lineStarts[i] - 1
	}
	return len(c.Text)
}

// inError reports whether the cell range [from, to) touches a syntax error.
func (c *Cell) inError(from, to int) bool {
	// The error ranges are disjoint and in source order (parseCell does not
	// look inside an error), so their ends ascend too: the first one not
	// ending before from is the only one to look at.
	i := sort.Search(len(c.errors), func(i int) bool { return c.errors[i][1] >= from })
	return i < len(c.errors) && c.errors[i][0] <= to
}

// Document is a notebook's code cells, or a script as a single cell.
type Document struct {
	Cells []*Cell
	// Script is true for a .py file: findings carry no cell index.
	Script bool
	// FirstEditable is the index in Cells of the first cell fixes may touch.
	// The kernel sets it to the cell being executed: earlier cells have run.
	FirstEditable int
	model         *Model
	// history, when set, is the document of the first cells (a kernel
	// session's history, shared by every check); model and the incremental
	// facts (fact.go) extend its own. grows says this document replaces
	// history (the session recorded a cell), which may then be extended
	// in place.
	history *Document
	grows   bool
	// cache, when set, lets re-parses after fixes reuse unchanged cells.
	cache *parseCache
	// facts holds the document's facts by Fact id (fact.go).
	factsMu sync.Mutex
	facts   []*factEntry
	// baselineUses records, for names bound by imports, whether they were
	// used before any fix ran, so cleanup can tell an import that fixes made
	// unused from one the author never used. FixDocument sets it; without
	// fixing, nothing has become unused.
	baselineUses map[string]bool
}

// NewDocument parses the given cells.
func NewDocument(sources []Source, script bool) (*Document, error) {
	return newDocument(sources, script, nil)
}

// parseCache keeps parsed cells by text, so that the rounds of a fix loop
// and a kernel's check and record of one cell parse each text once. Parsed
// trees are never modified, so cells with equal text can share them.
//
// A parsed cell takes about 50 times its text, and every round of the fix
// loop adds the fixed versions of the cells it changes: kept whole, they
// would grow with the rounds. Once the texts kept reach parseCacheBudget
// bytes, the cache starts again empty. A text longer than that is not
// kept at all: the fix loop lets a huge cell's tree go before it parses
// the cell's fixed text (shedTrees), which frees nothing while the cache
// holds the tree.
type parseCache struct {
	cells map[string]*Cell
	bytes int // the length of the texts in cells
}

// parseCacheBudget bounds the text a parseCache keeps, and so its trees to
// some 50 MB.
const parseCacheBudget = 1 << 20

func newParseCache() *parseCache { return &parseCache{cells: map[string]*Cell{}} }

func newDocument(sources []Source, script bool, cache *parseCache) (*Document, error) {
	doc := &Document{Script: script, cache: cache}
	parsed := parseSmallCells(sources, cache)
	off := 0
	for i, s := range sources {
		c, err := cache.parseFrom(parsed[i], s.Index, s.Text, off)
		if err != nil {
			return nil, err
		}
		doc.Cells = append(doc.Cells, c)
		off = c.End() + 1
	}
	doc.model = buildModel(doc)
	return doc, nil
}

// relaid returns the document that fixing prev gave: prev's cells before
// FirstEditable, then tail, the editable cells as parsed after the fixes.
// Cells whose offset changes are copied, since cells are shared. When prev
// extends a session's history, so does the new document, and the history's
// cells are not laid out or analysed again.
func relaid(prev *Document, tail []*Cell) *Document {
	first := prev.FirstEditable
	doc := &Document{Script: prev.Script, cache: prev.cache, FirstEditable: first, history: prev.history}
	// A copy of the cell list (not of the cells): the caller still reads
	// prev's cells, which borrow the spare capacity of a session's history.
	doc.Cells = append(prev.Cells[:first:first], tail...)
	if h := prev.history; h == nil || len(h.Cells) != first {
		doc.history = nil
	}
	off := 0
	if first > 0 {
		off = doc.Cells[first-1].End() + 1
	}
	for i := first; i < len(doc.Cells); i++ {
		c := doc.Cells[i]
		if c.Offset != off {
			moved := *c
			moved.Offset = off
			doc.Cells[i] = &moved
		}
		off = doc.Cells[i].End() + 1
	}
	doc.model = extendModel(doc, doc.history.modelOrNil())
	return doc
}

// modelOrNil returns d's model, or nil for a nil document.
func (d *Document) modelOrNil() *Model {
	if d == nil {
		return nil
	}
	return d.model
}

// parse returns the cell of text at index and document offset off,
// reusing the parse of a cell with equal text; a nil cache parses.
func (pc *parseCache) parse(index int, text string, off int) (*Cell, error) {
	return pc.parseFrom(nil, index, text, off)
}

// parseFrom is parse, taking the cell from parsed (parseSmallCells made it
// for this text) rather than parsing it, unless the cache holds the text.
func (pc *parseCache) parseFrom(parsed *Cell, index int, text string, off int) (*Cell, error) {
	if pc != nil {
		if cached := pc.cells[text]; cached != nil {
			c := *cached
			c.Index, c.Offset = index, off
			return &c, nil
		}
	}
	if pc != nil && pc.bytes+len(text) > parseCacheBudget {
		// Before parsing: a huge cell's earlier text is then garbage while
		// its fixed text is parsed, rather than two trees at once.
		clear(pc.cells)
		pc.bytes = 0
	}
	var c *Cell
	if parsed != nil {
		c = parsed
		c.Index, c.Offset = index, off
	} else {
		var err error
		if c, err = parseCell(index, text, off); err != nil {
			return nil, err
		}
	}
	if pc != nil && len(text) <= parseCacheBudget {
		pc.cells[text] = c
		pc.bytes += len(text)
	}
	return c, nil
}

func parseCell(index int, text string, offset int) (*Cell, error) {
	c, masked := newCell(index, text, offset)
	if c.Skip {
		return c, nil
	}
	root, chunked, err := parseLaidOut(masked)
	if err != nil {
		return nil, fmt.Errorf("parse cell %d: %w", index, err)
	}
	c.setTree(root, chunked)
	return c, nil
}

// newCell makes the cell of text, all but its tree, and returns the text
// to parse: IPython's syntax masked (Cell.Masked).
func newCell(index int, text string, offset int) (c *Cell, masked []byte) {
	c = &Cell{Index: index, Text: text, Offset: offset, columns: newColumnIndex(text), noqa: &noqaMemo{}, kinds: &nodeKinds{}, args: &argsMemo{}}
	c.lineStarts = make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; ; {
		nl := strings.IndexByte(text[i:], '\n')
		if nl < 0 {
			break
		}
		i += nl + 1
		c.lineStarts = append(c.lineStarts, i)
	}
	if mayHoldIPython(text) {
		masked, c.Skip = maskIPython(text)
		c.Masked = string(masked)
	} else {
		// Most cells: nothing to mask, and the text serves as the
		// masked text too.
		masked, c.Masked = []byte(text), text
	}
	return c, masked
}

// setTree gives the cell its tree and notes its outermost error nodes, as
// a walk that stops at each would find them, from the preorder arrays (no
// call per node).
func (c *Cell) setTree(root *Node, chunked bool) {
	c.Root, c.chunked = root, chunked
	preorderRuns(root, chunked, func(nodes []Node) {
		for i := 0; i < len(nodes); i++ {
			if n := &nodes[i]; n.Error {
				c.errors = append(c.errors, [2]int{n.Start(), n.End()})
				i += int(lastDescendant(n).pre - n.pre)
			}
		}
	})
}

// Cells up to batchCellBytes are parsed in batches of up to batchBytes of
// text, with one cgo call a batch (parseFlat): far below the sizes that
// parse in chunks or change the GC settings, and a batch's flat nodes stay
// within a few megabytes.
const (
	batchCellBytes = 16 << 10
	batchBytes     = 128 << 10
)

// batchedParses counts the batches parseSmallCells parsed, for tests.
var batchedParses atomic.Int64

// parseSmallCells parses the small cells of sources that cache does not
// hold, in batches, and returns them by their position in sources (nil for
// the others). A cell whose parse fails or whose tree is large for its size
// is left out, for parseCell to parse alone as ever (and say why it fails).
// Cells of equal text get trees of their own, as parseCell gives them,
// unless the cache will give the later ones the first one's.
func parseSmallCells(sources []Source, cache *parseCache) []*Cell {
	parsed := make([]*Cell, len(sources))
	var batch []int // positions in sources
	var texts [][]byte
	size := 0
	flush := func() {
		if len(batch) == 0 {
			return
		}
		flats, err := parsePooled(texts)
		batchedParses.Add(1)
		for k, i := range batch {
			if err != nil || len(flats.nodes(k)) >= releaseAfterNodes || checkTreeLimits(len(flats.nodes(k)), flats.depths[k]) != nil {
				parsed[i] = nil
				continue
			}
			parsed[i].setTree(buildTree(flats.nodes(k)), false)
		}
		if err == nil {
			flats.release()
		}
		batch, texts, size = batch[:0], texts[:0], 0
	}
	var seen map[string]bool // texts the cache will hold by the time they come again
	for i, s := range sources {
		if len(s.Text) > batchCellBytes || cache != nil && (cache.cells[s.Text] != nil || seen[s.Text]) {
			continue
		}
		if cache != nil {
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[s.Text] = true
		}
		c, masked := newCell(s.Index, s.Text, 0)
		parsed[i] = c
		if c.Skip {
			continue // nothing to parse
		}
		if size+len(masked) > batchBytes {
			flush()
		}
		batch, texts = append(batch, i), append(texts, masked)
		size += len(masked)
	}
	flush()
	return parsed
}

// cellAt returns the cell holding document offset off.
func (d *Document) cellAt(off int) *Cell {
	i := sort.Search(len(d.Cells), func(i int) bool { return d.Cells[i].End() >= off }) // first cell ending at or after off
	if i < len(d.Cells) && d.Cells[i].Offset <= off {
		return d.Cells[i]
	}
	return nil
}

// Sources returns the current cell texts.
func (d *Document) Sources() []Source {
	out := make([]Source, len(d.Cells))
	for i, c := range d.Cells {
		out[i] = Source{Index: c.Index, Text: c.Text}
	}
	return out
}

// Text of a document range, for messages.
func (d *Document) Text(start, end int) string {
	c := d.cellAt(start)
	if c == nil || end > c.End() {
		return ""
	}
	return c.Text[start-c.Offset : end-c.Offset]
}

// Find resolves a diagnostic to a Finding.
func (d *Document) Find(diag Diagnostic) Finding {
	c := d.cellAt(diag.Start)
	f := Finding{Rule: diag.Rule.Name, Code: diag.Rule.Code, Message: diag.Message}
	if c == nil {
		return f
	}
	if !d.Script {
		idx := c.Index
		f.Cell = &idx
	}
	f.Line, f.Column = c.Position(diag.Start - c.Offset)
	f.EndLine, f.EndColumn = c.Position(diag.End - c.Offset)
	if diag.Fix != nil {
		f.Fix = &FixSummary{Safety: diag.Fix.Safety.String(), Title: diag.Fix.Title, Text: d.fixedLines(c, diag),
			Visible: diag.Fix.Visible}
	}
	return f
}

// fixedLines shows the lines a diagnostic spans as they read after its fix.
func (d *Document) fixedLines(c *Cell, diag Diagnostic) string {
	from := c.LineStart(diag.Start - c.Offset)
	to := c.lineEnd(diag.End - c.Offset)
	// An edit starting on these lines may reach past them (removing a
	// whole line takes its newline): widen the window to cover it.
	for _, e := range diag.Fix.Edits {
		if e.Start >= c.Offset+from && e.Start <= c.Offset+to && e.End-c.Offset > to && e.End <= c.End() {
			to = e.End - c.Offset
		}
	}
	var edits []TextEdit
	lo, hi := diag.Start-c.Offset, diag.End-c.Offset // what the excerpt must keep
	for _, e := range diag.Fix.Edits {
		if e.Start >= c.Offset+from && e.End <= c.Offset+to {
			edits = append(edits, TextEdit{e.Start - c.Offset, e.End - c.Offset, e.NewText})
			lo, hi = min(lo, e.Start-c.Offset), max(hi, e.End-c.Offset)
		}
	}
	// On a long line, show the part around the fix: copying the whole line
	// for each of its findings costs findings × line length.
	prefix, suffix := "", ""
	if lo-from > excerptContext {
		from, prefix = runeStart(c.Text, lo-excerptContext), "…"
	}
	if to-hi > excerptContext {
		to, suffix = runeStart(c.Text, hi+excerptContext), "…"
	}
	for i := range edits {
		edits[i].Start -= from
		edits[i].End -= from
	}
	out, err := applyEdits(c.Text[from:to], edits)
	if err != nil {
		return ""
	}
	return prefix + out + suffix
}

// excerptContext is how many bytes of a long line a fix's text keeps on
// each side of the fix.
const excerptContext = 120

// runeStart moves off back to the start of the UTF-8 sequence it falls in.
func runeStart(s string, off int) int {
	for off > 0 && off < len(s) && !utf8.RuneStart(s[off]) {
		off--
	}
	return off
}

// sortAsApplied puts edits in the order applyEdits applies them: by start,
// an insertion before a replacement that starts at the same offset, and
// otherwise as given.
func sortAsApplied(edits []TextEdit) {
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		return a.Start < b.Start || a.Start == b.Start && a.End < b.End
	})
}

// applyEdits applies non-overlapping edits given in the text's own offsets.
func applyEdits(text string, edits []TextEdit) (string, error) {
	sorted := append([]TextEdit(nil), edits...)
	sortAsApplied(sorted)
	var b strings.Builder
	pos := 0
	for _, e := range sorted {
		if e.Start < pos || e.End < e.Start || e.End > len(text) {
			return "", fmt.Errorf("overlapping or out-of-range edit [%d,%d)", e.Start, e.End)
		}
		b.WriteString(text[pos:e.Start])
		b.WriteString(e.NewText)
		pos = e.End
	}
	b.WriteString(text[pos:])
	return b.String(), nil
}

// Located returns a document of d's cells as text and line positions only,
// without their syntax trees and the facts about them, for resolving the
// diagnostics that Check returned (Find) once d itself is dropped: checking
// a huge script keeps its tree and facts, some 60 times the text, and its
// findings need none of it. Only Find may be used on the result.
func (d *Document) Located() *Document {
	out := &Document{Script: d.Script, FirstEditable: d.FirstEditable, Cells: make([]*Cell, len(d.Cells))}
	for i, c := range d.Cells {
		out.Cells[i] = c.located()
	}
	return out
}

// located returns a copy of c with its text and line positions only.
func (c *Cell) located() *Cell {
	return &Cell{Index: c.Index, Text: c.Text, Offset: c.Offset, Skip: c.Skip, lineStarts: c.lineStarts, columns: c.columns}
}
