package migrate

import (
	"regexp"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// Cell tags that suppress findings, set in a notebook cell's
// metadata.tags (JupyterLab's and Colab's tag editors write them there).
const (
	// SkipCellTag suppresses every finding in the cell.
	SkipCellTag = "gokmig-skip"
	// IgnoreTagPrefix, followed by comma-separated selectors (rule names,
	// codes, code prefixes or ALL), suppresses those rules in the cell:
	// "gokmig-ignore:K301" or "gokmig-ignore:K3,removed-api".
	IgnoreTagPrefix = "gokmig-ignore:"
)

// noqaComment is Ruff's suppression comment: "# noqa" alone suppresses
// every finding on its line, "# noqa: K301, tf-keras-import" only those
// rules. "noqa" is case-insensitive; codes are separated by commas or
// spaces.
var noqaComment = regexp.MustCompile(`(?i)#\s*noqa(?::[\s,]*([A-Za-z0-9][\w-]*(?:[\s,]+[A-Za-z0-9][\w-]*)*))?`)

// noqaSuppresses reports whether line carries a noqa comment that covers
// rule r: a bare one, or one listing r's code or name.
func noqaSuppresses(line string, r *cellfix.Rule) bool {
	for _, m := range noqaComment.FindAllStringSubmatch(line, -1) {
		if m[1] == "" {
			return true
		}
		for _, code := range strings.FieldsFunc(m[1], func(c rune) bool { return c == ',' || c == ' ' || c == '\t' }) {
			if isExact(r, code) {
				return true
			}
		}
	}
	return false
}

// suppression says which findings of one file are suppressed: by its
// per-file-ignores, its cells' tags or noqa comments.
type suppression struct {
	file  []string         // selectors per-file-ignores ignores here
	cells map[int][]string // notebook cell index -> tags
}

// suppressed is a cellfix.Options.Suppress function.
func (s suppression) suppressed(c *cellfix.Cell, d cellfix.Diagnostic) bool {
	for _, sel := range s.file {
		if Matches(d.Rule, sel) {
			return true
		}
	}
	for _, tag := range s.cells[c.Index] {
		if tag == SkipCellTag {
			return true
		}
		if list, ok := strings.CutPrefix(tag, IgnoreTagPrefix); ok {
			for _, sel := range splitNames([]string{list}) {
				if Matches(d.Rule, sel) {
					return true
				}
			}
		}
	}
	line, _ := c.Position(d.Start - c.Offset)
	return noqaSuppresses(lineOf(c.Text, line), d.Rule)
}

// lineOf returns the 1-based line n of text, without its newline.
func lineOf(text string, n int) string {
	for i := 1; i < n; i++ {
		nl := strings.IndexByte(text, '\n')
		if nl < 0 {
			return ""
		}
		text = text[nl+1:]
	}
	if nl := strings.IndexByte(text, '\n'); nl >= 0 {
		text = text[:nl]
	}
	return text
}
