package cellfix

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// noqaComment is Ruff's suppression comment: "# noqa" alone suppresses
// every finding on its line, "# noqa: K301, tf-keras-import" only those
// rules. "noqa" is case-insensitive; codes are separated by commas or
// spaces.
var noqaComment = regexp.MustCompile(`(?i)#\s*noqa(?::[\s,]*([A-Za-z0-9][\w-]*(?:[\s,]+[A-Za-z0-9][\w-]*)*))?`)

// Noqa reports whether the line of cell c where d starts carries a noqa
// comment that covers d's rule. It is an Options.Suppress function, for the
// command line and the kernel alike. "# noqa" inside a string is not a
// comment and suppresses nothing.
func Noqa(c *Cell, d Diagnostic) bool {
	start := c.LineStart(d.Start - c.Offset)
	var lists []string
	if c.noqa != nil {
		lists = c.noqa.lists(c, start)
	} else {
		lists = noqaLists(c, start)
	}
	for _, codes := range lists {
		if noqaCodesCover(codes, d.Rule) {
			return true
		}
	}
	return false
}

// noqaLists returns the code lists ("" for a bare noqa) of the noqa
// comments on the line starting at cell offset start.
func noqaLists(c *Cell, start int) []string {
	line := c.Text[start:]
	if nl := strings.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	var out []string
	for _, m := range noqaComment.FindAllStringSubmatchIndex(line, -1) {
		if !inComment(c.Root, start+m[0]) {
			continue
		}
		codes := ""
		if m[2] >= 0 {
			codes = line[m[2]:m[3]]
		}
		if !slices.Contains(out, codes) {
			out = append(out, codes)
		}
	}
	return out
}

// noqaMemo keeps the noqa comments of the long lines of a cell asked
// about so far, by line start. Reading the line again for each of its
// findings cost findings x line length on a long line. A short line is
// read again instead: keeping every line with a finding took some 80 bytes
// a line, more than reading it again costs. Copies of a cell (with the
// same text) share it; the lock makes that safe for concurrent checks.
type noqaMemo struct {
	mu    sync.Mutex
	lines map[int][]string
}

// noqaMemoMinLine is the length from which a line's noqa comments are kept.
const noqaMemoMinLine = 256

func (m *noqaMemo) lists(c *Cell, start int) []string {
	if end := start + noqaMemoMinLine; end >= len(c.Text) || strings.IndexByte(c.Text[start:end], '\n') >= 0 {
		return noqaLists(c, start)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out, ok := m.lines[start]
	if !ok {
		if m.lines == nil {
			m.lines = map[int][]string{}
		}
		out = noqaLists(c, start)
		m.lines[start] = out
	}
	return out
}

// inComment reports whether cell offset off lies in a comment of the tree
// rooted at root, descending through the nodes that contain it.
func inComment(root *Node, off int) bool {
	n := root
	for n != nil {
		if n.Type() == "comment" {
			return true
		}
		var next *Node
		for _, ch := range n.Children() {
			if ch.Start() <= off && off < ch.End() {
				next = ch
				break
			}
		}
		n = next
	}
	return false
}

// noqaCodesCover reports whether a noqa comment's code list covers rule r:
// an empty list (a bare noqa) covers every rule; otherwise r's code or
// name must be listed (not a prefix, as Ruff).
func noqaCodesCover(codes string, r *Rule) bool {
	if codes == "" {
		return true
	}
	for _, code := range strings.FieldsFunc(codes, func(c rune) bool { return c == ',' || c == ' ' || c == '\t' }) {
		if r.Name == code || strings.EqualFold(r.Code, code) {
			return true
		}
	}
	return false
}
