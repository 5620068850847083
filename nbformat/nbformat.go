// Package nbformat reads and writes Jupyter notebooks (nbformat 4.0 to 4.5)
// without ever re-serialising them.
//
// Tools that load a notebook into a document tree and dump it again rewrite
// the whole file: key order, indentation, escaping and line endings follow
// the dumper, so a one-line fix shows up as a thousand-line diff. Here a
// notebook is kept as its original bytes plus the byte span of each cell's
// "source" value. Reading and writing back with no change gives the input
// byte for byte, and a changed cell differs only inside its "source" value,
// which is encoded the way the file already writes strings and lists.
package nbformat

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Cell is one cell of a notebook.
type Cell struct {
	// Index is the cell's position in the notebook's "cells" list (0-based).
	Index int
	// Type is the "cell_type" as written: "code", "markdown" or "raw" in a
	// valid notebook.
	Type string
	// Source is the cell's text, with a list of lines joined into one string.
	Source string
	// ID, ExecutionCount and Metadata are the raw JSON values of the cell's
	// "id", "execution_count" and "metadata", nil when absent, so that a
	// reader of these few keys need not decode the outputs again. They
	// share the notebook's bytes: do not modify them.
	ID, ExecutionCount, Metadata []byte
}

// Notebook is a parsed notebook whose cell sources can be replaced.
type Notebook struct {
	name  string
	data  []byte
	cells []cell
	lang  string
	// newlines are the offsets of data's line feeds, found when first needed.
	newlines []int

	// How the file writes strings and lays out lists, for new sources.
	style      style
	newline    string // "\n" or "\r\n"; "" if the file is on one line
	indentUnit string // one level of indentation, e.g. " " (nbformat) or "  " (Colab)
	inlineSep  string // spacing after a comma in a one-line list
}

// cell is a cell with the location of its source in the original bytes.
type cell struct {
	typ    string
	orig   string // the source as read
	source string // the source now
	// start and end delimit the source value in data: a string with its
	// quotes, or a list with its brackets.
	start, end int
	list       bool
	// For a list: how many items, and where the first two and the last one
	// lie, so new items can be laid out like the old ones.
	items                                      int
	firstStart, firstEnd, secondStart, lastEnd int
	// itemAt and itemText hold, for each list item, where it starts in
	// data and where its text starts in orig, to map a source line back to
	// the line of the file that holds it.
	itemAt, itemText []int
	// replacement is the encoded new source, nil while the source is unchanged.
	replacement []byte
	// id, count and meta are the spans in data of the values of "id",
	// "execution_count" and "metadata"; {0, 0} when absent.
	id, count, meta [2]int
}

// ReadFile reads and parses the notebook at path.
func ReadFile(path string) (*Notebook, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, pathError(path, err)
	}
	if info.IsDir() {
		return nil, &InputError{Path: path, Msg: "is a directory, not a notebook file"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, pathError(path, err)
	}
	return Parse(path, data)
}

var utf8BOM = []byte("\xef\xbb\xbf")

// Parse parses a notebook. name is used only in error messages. Parse checks
// the whole file, so a nil error means it is safe to edit and write back.
// Errors are *InputError. The Notebook keeps data, which must not be
// modified afterwards.
func Parse(name string, data []byte) (*Notebook, error) {
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return nil, &InputError{Path: name, Msg: "empty file"}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		e := located(name, data, off)
		e.Msg = fmt.Sprintf("not UTF-8 text: invalid byte 0x%02X at line %d, column %d", data[off], e.Line, e.Column)
		return nil, e
	}

	nb := &Notebook{name: name, data: data}
	p := &parser{nb: nb, s: &scanner{data: data}}
	s := p.s
	// JSON forbids a byte order mark but allows readers to skip it; Windows
	// editors write one and VS Code reads such notebooks, so accept it.
	if bytes.HasPrefix(data, utf8BOM) {
		s.pos = len(utf8BOM)
	}
	s.skipSpace()
	top := s.pos
	var err error
	if s.peek() == '{' {
		err = s.object(p.topMember)
	} else {
		err = s.value()
	}
	if err == nil {
		if s.skipSpace(); s.pos < len(data) {
			err = s.fail(s.pos, "unexpected data after the end of the notebook's top-level value")
		}
	}
	var se *syntaxError
	if errors.As(err, &se) {
		e := located(name, data, se.off)
		e.Msg = fmt.Sprintf("invalid JSON at line %d, column %d: %s", e.Line, e.Column, se.msg)
		return nil, e
	} else if err != nil {
		return nil, err
	}
	if err := p.check(top); err != nil {
		return nil, err
	}

	for i := range nb.cells {
		nb.cells[i].source = nb.cells[i].orig
	}
	nb.lang = p.languageInfo
	if nb.lang == "" {
		nb.lang = p.kernelLanguage
	}
	s.style.countRaw(bytes.TrimPrefix(data, utf8BOM))
	nb.style = s.style.decide()
	nb.inlineSep = " "
	if s.inlineSepSeen {
		nb.inlineSep = s.inlineSep
	}
	nb.newline, nb.indentUnit = indentation(data, top)
	return nb, nil
}

// indentation reads the file's newline and indentation unit from the
// whitespace before the first key of the top-level object, the one place
// where every pretty-printer puts exactly one level of indentation.
func indentation(data []byte, top int) (newline, unit string) {
	i := top + 1
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	ws := data[top+1 : i]
	nl := bytes.LastIndexByte(ws, '\n')
	if nl < 0 {
		return "", ""
	}
	newline = "\n"
	if nl > 0 && ws[nl-1] == '\r' {
		newline = "\r\n"
	}
	return newline, string(ws[nl+1:])
}

// parser holds what Parse collects while the scanner walks the file.
type parser struct {
	nb *Notebook
	s  *scanner

	version        []byte // the "nbformat" value as written; nil if absent
	versionAt      int
	sawCells       bool
	cellsAt        int    // offset of the "cells" value
	cellsKind      string // what "cells" is, if not a list
	problem        *InputError
	languageInfo   string
	kernelLanguage string
}

// cellProblem describes what is wrong with cell index, located at off;
// cells are numbered from 1 there, as in the migrator's reports.
func (p *parser) cellProblem(index, off int, format string, args ...any) *InputError {
	e := located(p.nb.name, p.s.data, off)
	e.Msg = fmt.Sprintf("cell %d (line %d): %s", index+1, e.Line, fmt.Sprintf(format, args...))
	return e
}

func (p *parser) topMember(key []byte) error {
	s := p.s
	switch string(key) {
	case "nbformat":
		p.versionAt = s.pos
		if err := s.value(); err != nil {
			return err
		}
		p.version = s.data[p.versionAt:s.pos]
		return nil
	case "cells":
		p.sawCells, p.cellsAt, p.cellsKind = true, s.pos, ""
		if s.peek() != '[' {
			p.cellsKind = kindAt(s.peek())
			return s.value()
		}
		// Python's json keeps the last of duplicate keys; so do we.
		p.nb.cells, p.problem = p.nb.cells[:0], nil
		return s.array(p.cell)
	case "metadata":
		p.languageInfo, p.kernelLanguage = "", ""
		if s.peek() != '{' {
			return s.value()
		}
		return s.object(func(key []byte) error {
			switch string(key) {
			case "language_info":
				return p.stringMember("name", &p.languageInfo)
			case "kernelspec":
				return p.stringMember("language", &p.kernelLanguage)
			}
			return s.value()
		})
	}
	return s.value()
}

// stringMember reads the value at s.pos and, if it is an object whose member
// name is a string, stores that string in dst.
func (p *parser) stringMember(name string, dst *string) error {
	s := p.s
	*dst = ""
	if s.peek() != '{' {
		return s.value()
	}
	return s.object(func(key []byte) error {
		if string(key) != name || s.peek() != '"' {
			return s.value()
		}
		value, err := s.strValue()
		*dst = value
		return err
	})
}

// cell reads one cell. A problem in it is recorded, not returned, so that
// the walk goes on: a JSON syntax error later in the file is the more basic
// problem and is reported first. Only the first problem is kept.
func (p *parser) cell(index int) error {
	s := p.s
	at := s.pos
	if s.peek() != '{' {
		p.problem = cmp.Or(p.problem, p.cellProblem(index, at, "the cell is %s, want an object", kindAt(s.peek())))
		p.nb.cells = append(p.nb.cells, cell{})
		return s.value()
	}
	c := cell{start: -1}
	var typeProblem, sourceProblem *InputError
	sawType := false
	err := s.object(func(key []byte) (err error) {
		// Each case resets its problem: of duplicate keys, the last wins.
		switch string(key) {
		case "cell_type":
			sawType, typeProblem = true, nil
			if s.peek() != '"' {
				typeProblem = p.cellProblem(index, s.pos, `"cell_type" is %s, want a string`, kindAt(s.peek()))
				return s.value()
			}
			c.typ, err = s.strValue()
			return err
		case "source":
			sourceProblem, err = p.source(index, &c)
			return err
		case "id", "execution_count", "metadata":
			start := s.pos
			if err := s.value(); err != nil {
				return err
			}
			span := [2]int{start, s.pos}
			switch string(key) {
			case "id":
				c.id = span
			case "execution_count":
				c.count = span
			default:
				c.meta = span
			}
			return nil
		}
		return s.value()
	})
	if err != nil {
		return err
	}
	if !sawType {
		typeProblem = p.cellProblem(index, at, `the cell has no "cell_type"`)
	}
	if c.start < 0 && sourceProblem == nil {
		sourceProblem = p.cellProblem(index, at, `the cell has no "source"`)
	}
	p.problem = cmp.Or(p.problem, typeProblem, sourceProblem)
	p.nb.cells = append(p.nb.cells, c)
	return nil
}

// source reads a cell's source into c, or returns what is wrong with it.
func (p *parser) source(index int, c *cell) (*InputError, error) {
	s := p.s
	switch s.peek() {
	case '"':
		start, end, _, err := s.str()
		if err != nil {
			return nil, err
		}
		*c = cell{typ: c.typ, id: c.id, count: c.count, meta: c.meta, start: start, end: end, orig: decodeString(s.data[start+1 : end-1])}
		return nil, nil
	case '[':
		*c = cell{typ: c.typ, id: c.id, count: c.count, meta: c.meta, start: s.pos, list: true}
		var problem *InputError
		var text []byte
		err := s.array(func(i int) error {
			if s.peek() != '"' {
				problem = cmp.Or(problem, p.cellProblem(index, s.pos, `"source" item %d is %s, want a string`, i, kindAt(s.peek())))
				return s.value()
			}
			start, end, _, err := s.str()
			if err != nil {
				return err
			}
			switch i {
			case 0:
				c.firstStart, c.firstEnd = start, end
			case 1:
				c.secondStart = start
			}
			c.lastEnd = end
			c.items++
			c.itemAt = append(c.itemAt, start)
			c.itemText = append(c.itemText, len(text))
			text = appendDecoded(text, s.data[start+1:end-1])
			return nil
		})
		c.end, c.orig = s.pos, string(text)
		return problem, err
	}
	c.start = -1
	problem := p.cellProblem(index, s.pos, `"source" is %s, want a string or a list of strings`, kindAt(s.peek()))
	return problem, s.value()
}

// check applies the notebook-level rules once the JSON is known to be valid.
func (p *parser) check(top int) error {
	name, data := p.nb.name, p.s.data
	if data[top] != '{' {
		return &InputError{Path: name, Msg: fmt.Sprintf("not a notebook: the file holds %s, want a JSON object", kindAt(int(data[top])))}
	}
	if p.version == nil {
		return &InputError{Path: name, Msg: `not a notebook: no "nbformat" version number`}
	}
	v, err := strconv.Atoi(string(p.version))
	if err != nil {
		// Quote a number as written; anything else may span lines.
		what := kindAt(int(p.version[0]))
		if what == "a number" {
			what = string(p.version)
		}
		e := located(name, data, p.versionAt)
		e.Msg = fmt.Sprintf(`"nbformat" is %s at line %d, want a whole number such as 4`, what, e.Line)
		return e
	}
	switch {
	case v < 4:
		return &InputError{Path: name, Msg: fmt.Sprintf("nbformat %d notebook; only nbformat 4 is supported (opening and saving it in Jupyter upgrades it)", v)}
	case v > 4:
		return &InputError{Path: name, Msg: fmt.Sprintf("nbformat %d notebook; only nbformat 4 is supported", v)}
	}
	if !p.sawCells {
		return &InputError{Path: name, Msg: `not a notebook: no "cells" list`}
	}
	if p.cellsKind != "" {
		e := located(name, data, p.cellsAt)
		e.Msg = fmt.Sprintf(`"cells" is %s at line %d, want a list`, p.cellsKind, e.Line)
		return e
	}
	if p.problem != nil {
		return p.problem
	}
	return nil
}

// kindAt names the kind of JSON value that starts with byte c.
func kindAt(c int) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// Cells returns every cell in order, with its current source.
func (nb *Notebook) Cells() []Cell {
	cells := make([]Cell, len(nb.cells))
	for i, c := range nb.cells {
		cells[i] = Cell{Index: i, Type: c.typ, Source: c.source,
			ID: nb.span(c.id), ExecutionCount: nb.span(c.count), Metadata: nb.span(c.meta)}
	}
	return cells
}

// span returns the bytes of a value's span, nil for an absent one.
func (nb *Notebook) span(sp [2]int) []byte {
	if sp[1] <= sp[0] {
		return nil
	}
	return nb.data[sp[0]:sp[1]:sp[1]]
}

// Language returns the notebook's programming language as recorded in its
// metadata (language_info.name, else kernelspec.language), or "".
func (nb *Notebook) Language() string { return nb.lang }

// SetSource replaces the source of cell index. Setting a cell back to its
// original source restores its original bytes exactly.
func (nb *Notebook) SetSource(index int, src string) error {
	if index < 0 || index >= len(nb.cells) {
		return fmt.Errorf("%s: no cell %d (the notebook has %d cells)", nb.name, index, len(nb.cells))
	}
	if !utf8.ValidString(src) {
		return fmt.Errorf("%s: cell %d: new source is not valid UTF-8", nb.name, index)
	}
	c := &nb.cells[index]
	c.source = src
	c.replacement = nil
	// Re-encoding the original text could differ from the file (a
	// hand-edited escape, a list split in odd places); keep the file's bytes.
	if src != c.orig {
		c.replacement = nb.encodeSource(c, src)
	}
	return nil
}

// Changed reports whether any cell's source differs from the file's.
func (nb *Notebook) Changed() bool {
	for i := range nb.cells {
		if nb.cells[i].replacement != nil {
			return true
		}
	}
	return false
}

// Bytes returns the notebook's bytes: the original file with every changed
// source value spliced in. The result is a fresh copy.
func (nb *Notebook) Bytes() []byte {
	size := len(nb.data)
	for _, c := range nb.cells {
		if c.replacement != nil {
			size += len(c.replacement) - (c.end - c.start)
		}
	}
	out := make([]byte, 0, size)
	prev := 0
	for _, c := range nb.cells {
		if c.replacement != nil {
			out = append(out, nb.data[prev:c.start]...)
			out = append(out, c.replacement...)
			prev = c.end
		}
	}
	return append(out, nb.data[prev:]...)
}

// FileLine returns the 1-based line of the file, as read, that holds line
// (1-based) of cell index's source, for annotations that point into the
// .ipynb itself. For a list of strings it is the line of the item where that
// source line starts; a single string lies on one line of the file (JSON
// strings hold no raw line breaks), so every line of it maps there. It
// returns false for a cell or line the file does not have.
func (nb *Notebook) FileLine(index, line int) (int, bool) {
	if index < 0 || index >= len(nb.cells) || line < 1 {
		return 0, false
	}
	c := &nb.cells[index]
	if c.start < 0 {
		return 0, false
	}
	// Where the wanted line starts in the source text.
	at := 0
	for n := 1; n < line; n++ {
		nl := strings.IndexByte(c.orig[at:], '\n')
		if nl < 0 {
			return 0, false
		}
		at += nl + 1
	}
	off := c.start
	if c.list && len(c.itemAt) > 0 {
		// The last item whose text starts at or before the line's start;
		// empty items share a text offset with the next, so take the last.
		i := sort.Search(len(c.itemText), func(i int) bool { return c.itemText[i] > at }) - 1
		off = c.itemAt[max(i, 0)]
	}
	return nb.lineOf(off), true
}

// lineOf returns the 1-based line of data holding byte off.
func (nb *Notebook) lineOf(off int) int {
	if nb.newlines == nil {
		nb.newlines = []int{}
		for i, b := range nb.data {
			if b == '\n' {
				nb.newlines = append(nb.newlines, i)
			}
		}
	}
	return sort.SearchInts(nb.newlines, off) + 1
}
