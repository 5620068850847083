package cellfix

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// A JSON report gives every finding's fix as the edits that applying it
// alone makes. Running the fix loop once per finding for that re-parsed and
// re-checked the whole document each time, which grew with the square of a
// script's size. FixAlone works the same edits out from the fix itself: its
// own edits, the imports and definitions importEdits adds for it, and the
// fix loop's one verdict, whether the fix would add a syntax error to its
// cell. Only that verdict needs a parse, and in a clean cell it is made on
// the few statements around each edit, if any (syntaxKept).

// CellEdits are the edits a fix makes to one cell, in cell offsets and in
// the order applyEdits applies them.
type CellEdits struct {
	Cell  *Cell
	Edits []TextEdit
}

// FixAlone returns the edits that applying d's fix by itself makes to doc,
// as FixDocument makes them, by cell in document order. ok is false when
// the fix loop would not apply it: its edits leave the editable cells, touch
// a syntax error, overlap one another or the imports it needs, or add a
// syntax error to a cell. Fix safety is not considered: a report offers
// unsafe fixes too.
func (doc *Document) FixAlone(d Diagnostic) (edits []CellEdits, ok bool) {
	if d.Fix == nil || len(d.Fix.Edits) == 0 || !doc.editable(d.Fix.Edits) {
		return nil, false
	}
	perCell := map[*Cell][]TextEdit{}
	for _, e := range d.Fix.Edits {
		c := doc.cellAt(e.Start)
		perCell[c] = append(perCell[c], TextEdit{e.Start - c.Offset, e.End - c.Offset, e.NewText})
	}
	for c, imports := range doc.importEdits([]Diagnostic{d}) {
		for _, e := range imports {
			perCell[c] = append(perCell[c], TextEdit{e.Start - c.Offset, e.End - c.Offset, e.NewText})
		}
	}
	for _, c := range doc.Cells[doc.FirstEditable:] {
		local := perCell[c]
		if len(local) == 0 {
			continue
		}
		// The fix's own edits come first, so that among equal starts
		// they keep the place applyFixes gives them.
		sortAsApplied(local)
		if !disjoint(local, len(c.Text)) || !syntaxKept(c, local) {
			return nil, false
		}
		edits = append(edits, CellEdits{Cell: c, Edits: local})
	}
	return edits, true
}

// disjoint reports whether sorted edits apply to a text of length n, as
// applyEdits would, without building the text.
func disjoint(sorted []TextEdit, n int) bool {
	pos := 0
	for _, e := range sorted {
		if e.Start < pos || e.End < e.Start || e.End > n {
			return false
		}
		pos = e.End
	}
	return true
}

// judgeLocally says syntaxKept may judge a fix on the statements around
// its edits. A variable so that tests can compare that with parsing the
// whole fixed cell.
var judgeLocally = true

// wholeSyntaxChecks and localSyntaxChecks count syntaxKept's verdicts by how they were made, for
// tests: on the whole fixed cell, or on the statements around the edits.
var wholeSyntaxChecks, localSyntaxChecks atomic.Int64

// respelledNames counts the edits syntaxKept found to respell a name, for
// tests.
var respelledNames atomic.Int64

// syntaxKept reports whether c with the sorted edits applied has no more
// syntax errors than c, as applyFixes decides.
//
// In a cell without errors it first tries to decide from the edits and
// the text around them. An edit that respells a dotted name as another
// (namesKept) cannot change the syntax. The other edits are judged on
// windows of whole top-level statements (windowsClean). When a window does
// not parse clean, or the cell's text is not all Python, the whole fixed
// cell is parsed as before.
func syntaxKept(c *Cell, sorted []TextEdit) bool {
	if judgeLocally && len(c.errors) == 0 && c.Masked == c.Text && c.Root != nil {
		if windowsClean(c, sorted) {
			localSyntaxChecks.Add(1)
			return true
		}
	}
	wholeSyntaxChecks.Add(1)
	text, err := applyEdits(c.Text, sorted)
	if err != nil {
		return false
	}
	fixed, err := parseCell(c.Index, text, 0)
	return err == nil && len(fixed.errors) <= len(c.errors)
}

// windowsClean reports whether the sorted edits keep clean cell c clean,
// judged on windows of it: each edit that does not just respell a name
// is widened to whole lines and whole top-level statements (a window
// may also be empty, for an insertion between statements), and the
// window, with the edits in it applied, must parse clean by itself and
// fit between the text before and after it (fitsBetween).
//
// Why that suffices: the parser starts every top-level statement of a
// clean module in the state a module starts in, with no bracket, string
// or block open. A window that parses clean by itself opens nothing it
// does not close, so the statements after it start in that state again;
// ending its last line and not continuing it keeps them from being joined
// to it, and starting at column 0 with a word that cannot continue the
// statement before keeps it from being read as part of that one.
func windowsClean(c *Cell, sorted []TextEdit) bool {
	var judged []TextEdit // the edits that need a window
	for _, e := range sorted {
		if namesKept(c, e) {
			respelledNames.Add(1)
		} else {
			judged = append(judged, e)
		}
	}
	next := 0 // the first edit of sorted not yet in a window
	for i := 0; i < len(judged); {
		from, to := boundaryBefore(c, judged[i].Start), boundaryAfter(c, judged[i].End)
		j := i + 1
		// Windows that overlap or touch are judged as one.
		for ; j < len(judged) && boundaryBefore(c, judged[j].Start) <= to; j++ {
			to = max(to, boundaryAfter(c, judged[j].End))
		}
		// Every edit in the window is applied there, respellings too.
		for next < len(sorted) && sorted[next].Start < from {
			next++
		}
		var b strings.Builder
		pos := from
		for ; next < len(sorted) && (sorted[next].Start < to || sorted[next].End == to); next++ {
			e := sorted[next]
			b.WriteString(c.Text[pos:e.Start])
			b.WriteString(e.NewText)
			pos = e.End
		}
		b.WriteString(c.Text[pos:to])
		text := b.String()
		if !fitsBetween(text, from > 0, to < len(c.Text)) {
			return false
		}
		window, err := parseCell(c.Index, text, 0)
		if err != nil || window.Skip || len(window.errors) > 0 || window.Masked != window.Text {
			return false
		}
		i = j
	}
	return true
}

// fitsBetween reports whether window text, which parses clean by itself,
// reads the same between the text before it (when before) and after it
// (when after), both of which are whole top-level statements: its first
// line of code starts at column 0 with a word other than those that
// continue a compound statement, and its last line ends with a line break
// that no backslash continues.
func fitsBetween(text string, before, after bool) bool {
	if after && text != "" && (!strings.HasSuffix(text, "\n") || strings.HasSuffix(text, "\\\n") || strings.HasSuffix(text, "\\\r\n")) {
		return false
	}
	if !before {
		return true
	}
	for line := range strings.Lines(text) {
		code := strings.TrimLeft(line, " \t\f")
		if code == "" || code[0] == '#' || code[0] == '\n' || code[0] == '\r' {
			continue // a blank line or a comment
		}
		if len(code) != len(line) {
			return false // indented
		}
		word := code[:len(code)-len(strings.TrimLeft(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789"))]
		return word != "else" && word != "elif" && word != "except" && word != "finally"
	}
	return true
}

// namesKept reports whether edit e of clean cell c replaces a whole name
// or attribute chain (tf.keras.layers.Dense) by another (keras.layers.Dense)
// that the parser takes the same way: a name by a name, a chain by a name
// or a chain, none of whose parts is one of the grammar's keywords. Every
// place the grammar takes a chain it takes a name, and the new names lex
// as names wherever the old ones did, so the tree keeps its shape. Most
// fixes are such respellings, and a statement of thousands of them (one
// line of 8,000 calls) is then never parsed again.
func namesKept(c *Cell, e TextEdit) bool {
	parts := strings.Split(e.NewText, ".")
	for _, p := range parts {
		if !asciiName(p) || grammarKeywords()[p] {
			return false
		}
	}
	for _, typ := range []string{"attribute", "identifier"} {
		if typ == "identifier" && len(parts) > 1 {
			break // a chain where the grammar may take only a name
		}
		nodes := c.kindsOf().list(typ)
		// In preorder, nodes starting at one offset are in a row.
		i := sort.Search(len(nodes), func(i int) bool { return nodes[i].Start() >= e.Start })
		for ; i < len(nodes) && nodes[i].Start() == e.Start; i++ {
			if nodes[i].End() == e.End {
				return true
			}
		}
	}
	return false
}

// asciiName reports whether s is a Python name in ASCII letters, digits
// and underscores.
func asciiName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
			return false
		}
	}
	return true
}

// grammarKeywords are the words the Python grammar spells out as tokens of
// their own (def, print, match, ...), its anonymous symbols that look like
// names, and the three it makes named nodes of (None, True, False).
var grammarKeywords = sync.OnceValue(func() map[string]bool {
	words := map[string]bool{"None": true, "True": true, "False": true}
	lang := python.GetLanguage()
	for sym := range sitter.Symbol(lang.SymbolCount()) {
		if name := lang.SymbolName(sym); lang.SymbolType(sym) == sitter.SymbolTypeAnonymous && asciiName(name) {
			words[name] = true
		}
	}
	return words
})

// boundaryBefore returns the last point at or before off, in clean cell c,
// where a top-level statement may start: the start of a line that no
// top-level statement spans and the line before does not continue.
func boundaryBefore(c *Cell, off int) int {
	top, text := c.Root.Children(), c.Text
	for off > 0 {
		off = strings.LastIndexByte(text[:off], '\n') + 1
		if off == 0 {
			break
		}
		if continued(text, off) {
			off-- // into the line before
			continue
		}
		if stmt := spanning(top, off); stmt != nil {
			off = stmt.Start() // inside a statement: before it
			continue
		}
		break
	}
	return off
}

// boundaryAfter returns the first such point at or after off.
func boundaryAfter(c *Cell, off int) int {
	top, text := c.Root.Children(), c.Text
	for off < len(text) {
		if off > 0 && text[off-1] != '\n' {
			nl := strings.IndexByte(text[off:], '\n')
			if nl < 0 {
				return len(text)
			}
			off += nl + 1 // to the next line's start
			continue
		}
		if continued(text, off) {
			off++ // into the line, to go on to the next
			continue
		}
		if stmt := spanning(top, off); stmt != nil {
			off = stmt.End() // inside a statement: after it
			continue
		}
		break
	}
	return min(off, len(text))
}

// spanning returns the statement of top that starts before off and ends
// after it, or nil.
func spanning(top []*Node, off int) *Node {
	i := sort.Search(len(top), func(i int) bool { return top[i].End() > off })
	if i < len(top) && top[i].Start() < off {
		return top[i]
	}
	return nil
}

// continued reports whether the line before the line starting at off ends
// with a backslash that joins the two.
func continued(text string, off int) bool {
	end := off - 1 // the line break
	if end > 0 && text[end-1] == '\r' {
		end--
	}
	return end > 0 && text[end-1] == '\\'
}
