package migrate

import (
	"sort"

	"github.com/aymanbagabas/go-udiff"

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
func findingIn(path string, doc *cellfix.Document, d cellfix.Diagnostic, target cellfix.Target, withEdits bool) Finding {
	var edits []Edit
	if withEdits {
		edits = fixEdits(doc, d, target)
	}
	return newFinding(path, doc.Find(d), edits)
}

// fixEdits returns the edits that applying d's fix by itself makes to doc:
// the fix's own edits as the rule wrote them, and the import it needs
// placed exactly as convert places it, found by letting the engine apply
// the fix alone (a rule reporting only d, once) and comparing the result
// with the own edits' result. go-udiff (the maintained fork of Go's own
// diff) gives that comparison as an edit list, respecting rune boundaries.
func fixEdits(doc *cellfix.Document, d cellfix.Diagnostic, target cellfix.Target) []Edit {
	if d.Fix == nil || len(d.Fix.Edits) == 0 {
		return nil
	}
	reported := false
	alone := &cellfix.Rule{Name: d.Rule.Name, Code: d.Rule.Code, Fixable: true, Run: func(p *cellfix.Pass) {
		if !reported {
			reported = true
			p.Report(d)
		}
	}}
	res, err := cellfix.FixDocument(doc, cellfix.Options{Target: target, Rules: []*cellfix.Rule{alone}, UnsafeFixes: true})
	if err != nil || len(res.Applied) == 0 {
		return nil // the fix would break its cell's syntax: nothing to offer
	}
	fixed := res.Doc.Sources()
	var edits []Edit
	for i, c := range doc.Cells {
		own := ownEdits(c, d.Fix.Edits)
		changes, ok := importChanges(c.Text, own, fixed[i].Text)
		if !ok {
			changes = nil
			for _, e := range udiff.Strings(c.Text, fixed[i].Text) {
				changes = append(changes, atLineStart(c.Text, e))
			}
		}
		for _, e := range changes {
			edit := Edit{Content: e.New}
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

// ownEdits returns the edits that fall in cell c, relative to it, in order.
func ownEdits(c *cellfix.Cell, edits []cellfix.TextEdit) []udiff.Edit {
	var out []udiff.Edit
	for _, e := range edits {
		if e.Start >= c.Offset && e.End <= c.End() {
			out = append(out, udiff.Edit{Start: e.Start - c.Offset, End: e.End - c.Offset, New: e.NewText})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// importChanges returns own plus the edits that turn text with own applied
// into fixed (the companion import), all relative to text, in order. It
// reports false when an import edit falls inside an own edit's new text or
// the own edits overlap, where no such split exists.
func importChanges(text string, own []udiff.Edit, fixed string) ([]udiff.Edit, bool) {
	mid, err := udiff.Apply(text, own)
	if err != nil {
		return nil, false
	}
	out := append([]udiff.Edit(nil), own...)
	for _, e := range udiff.Strings(mid, fixed) {
		e = atLineStart(mid, e)
		start, ok1 := beforeEdits(e.Start, own)
		end, ok2 := beforeEdits(e.End, own)
		if !ok1 || !ok2 {
			return nil, false
		}
		out = append(out, udiff.Edit{Start: start, End: end, New: e.New})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out, true
}

// beforeEdits maps an offset in text with edits applied back to text;
// false when it lies inside an edit's new text.
func beforeEdits(off int, edits []udiff.Edit) (int, bool) {
	shift := 0
	for _, e := range edits {
		newStart := e.Start + shift
		newEnd := newStart + len(e.New)
		switch {
		case off <= newStart:
			return off - shift, true
		case off < newEnd:
			return 0, false
		}
		shift += len(e.New) - (e.End - e.Start)
	}
	return off - shift, true
}

// atLineStart moves an inserted line that the diff put just before a line
// break ("\nimport keras" at the end of a line) to the start of the next
// line ("import keras\n"), the same change as people write it.
func atLineStart(text string, e udiff.Edit) udiff.Edit {
	if e.Start == e.End && e.Start < len(text) && text[e.Start] == '\n' && len(e.New) > 0 && e.New[0] == '\n' {
		return udiff.Edit{Start: e.Start + 1, End: e.Start + 1, New: e.New[1:] + "\n"}
	}
	return e
}
