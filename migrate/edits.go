package migrate

import (
	"github.com/gokmig/gokmig/cellfix"
)

// Fix is a finding's fix as reports show it: the summary, and the edits
// that applying it makes.
type Fix struct {
	cellfix.FixSummary
	// Edits are what applying this fix alone changes, as convert would
	// change it: the fix's own edits and the import it needs (which may
	// land in an earlier cell). Absent for a fix that was already applied
	// or that cannot be applied alone.
	Edits []Edit `json:"edits,omitempty"`
}

// Edit replaces a cell-relative range with Content. Lines and columns count
// from 1 as a finding's do; the end is exclusive, and an insertion has its
// end equal to its start.
type Edit struct {
	// Cell is the edit's cell, numbered as findings number cells; null for
	// a script.
	Cell      *int   `json:"cell"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Content   string `json:"content"`
}

// newFinding locates a finding in path, with the edits of its fix.
func newFinding(path string, f cellfix.Finding, edits []Edit) Finding {
	out := Finding{Path: path, Finding: f}
	if f.Fix != nil {
		out.Fix = &Fix{FixSummary: *f.Fix, Edits: edits}
	}
	return out
}

// findingIn resolves d in doc as a finding of path, with its fix's edits
// when withEdits.
func findingIn(path string, doc *cellfix.Document, d cellfix.Diagnostic, withEdits bool) Finding {
	var edits []Edit
	if withEdits {
		edits = fixEdits(doc, d)
	}
	return newFinding(path, doc.Find(d), edits)
}

// fixEdits returns the edits that applying d's fix by itself makes to doc,
// as convert would make them: the fix's own edits and the import or
// definition it needs (which may land in an earlier cell). None when the
// fix would break its cell's syntax or cannot be applied alone.
func fixEdits(doc *cellfix.Document, d cellfix.Diagnostic) []Edit {
	cells, ok := doc.FixAlone(d)
	if !ok {
		return nil
	}
	var edits []Edit
	for _, ce := range cells {
		c := ce.Cell
		for _, e := range ce.Edits {
			edit := Edit{Content: e.NewText}
			edit.Line, edit.Column = c.Position(e.Start)
			edit.EndLine, edit.EndColumn = c.Position(e.End)
			if !doc.Script {
				number := c.Index + 1 // as findings number cells
				edit.Cell = &number
			}
			edits = append(edits, edit)
		}
	}
	return edits
}
