package migrate

import (
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
	return cellfix.Noqa(c, d)
}
