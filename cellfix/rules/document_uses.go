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

// docCallsMethod reports whether any cell of the document calls a method
// of that name.
func docCallsMethod(p *cellfix.Pass, method string) bool {
	found := false
	p.DocumentCalls(func(_ int, c *cellfix.Cell, call *cellfix.Node) bool {
		found = cellfix.CalledMethod(c, call) == method
		return !found
	})
	return found
}
