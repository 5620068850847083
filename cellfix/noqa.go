package cellfix

import (
	"regexp"
	"strings"
)

// noqaComment is Ruff's suppression comment: "# noqa" alone suppresses
// every finding on its line, "# noqa: K301, tf-keras-import" only those
// rules. "noqa" is case-insensitive; codes are separated by commas or
// spaces.
var noqaComment = regexp.MustCompile(`(?i)#\s*noqa(?::[\s,]*([A-Za-z0-9][\w-]*(?:[\s,]+[A-Za-z0-9][\w-]*)*))?`)

// Noqa reports whether the line of cell c where d starts carries a noqa
// comment that covers d's rule. It is an Options.Suppress function, for the
// command line and the kernel alike.
func Noqa(c *Cell, d Diagnostic) bool {
	line, _ := c.Position(d.Start - c.Offset)
	return noqaCovers(lineOf(c.Text, line), d.Rule)
}

// noqaCovers reports whether line carries a noqa comment that covers rule
// r: a bare one, or one listing r's code or name (not a prefix, as Ruff).
func noqaCovers(line string, r *Rule) bool {
	for _, m := range noqaComment.FindAllStringSubmatch(line, -1) {
		if m[1] == "" {
			return true
		}
		for _, code := range strings.FieldsFunc(m[1], func(c rune) bool { return c == ',' || c == ' ' || c == '\t' }) {
			if r.Name == code || strings.EqualFold(r.Code, code) {
				return true
			}
		}
	}
	return false
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
