package rules

import (
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// This file holds helpers that look at what the whole document uses, for
// rules whose fix is safe only when some code appears nowhere.

// docMentionsAny reports whether any cell's code holds one of the words.
func docMentionsAny(doc *cellfix.Document, words []string) bool {
	for _, c := range doc.Cells {
		for _, w := range words {
			if strings.Contains(c.Masked, w) {
				return true
			}
		}
	}
	return false
}

// docCalls calls visit with every call of the document, in order, until
// visit returns false.
func docCalls(p *cellfix.Pass, visit func(cell int, c *cellfix.Cell, call *cellfix.Node) bool) {
	last := len(p.Doc.Cells) - 1
	if last < 0 {
		return
	}
	end := &cellfix.Node{Start: len(p.Doc.Cells[last].Masked) + 1} // past every call of the last cell
	p.CallsBeforeIn(last, end, visit)
}

// docCallsMethod reports whether any cell of the document calls a method
// of that name.
func docCallsMethod(p *cellfix.Pass, method string) bool {
	found := false
	docCalls(p, func(_ int, c *cellfix.Cell, call *cellfix.Node) bool {
		found = cellfix.CalledMethod(c, call) == method
		return !found
	})
	return found
}
