package cellfix

import "sort"

// Fixes are applied in rounds, and each applied finding is resolved
// against the text of its own round: a fix that a first round's rewrite
// made possible points into a text that exists only between rounds, so
// its line can name code found nowhere (an import half rewritten). A
// kernel in fix mode puts the fixed text in the cell, so it wants every
// finding where it landed in that text; the edits each round made carry
// the positions forward.

// roundEdits are one round's edits, by cell index, in cell offsets.
type roundEdits map[int][]TextEdit

// appliedAt is where an applied finding stood in its round's text.
type appliedAt struct {
	round      int
	cell       int // cell index, -1 when outside every cell
	start, end int // cell offsets
}

func locate(doc *Document, d Diagnostic, round int) appliedAt {
	c := doc.cellAt(d.Start)
	if c == nil {
		return appliedAt{round: round, cell: -1}
	}
	return appliedAt{round: round, cell: c.Index, start: d.Start - c.Offset, end: d.End - c.Offset}
}

// AppliedInFixed returns Applied with each finding's line and column moved
// to where its code stands in the fixed document (r.Doc): what a fix
// rewrote is found at the start of what replaced it, what it removed where
// it stood. Fix texts stay as resolved in their round.
func (r *FixResult) AppliedInFixed() []Finding {
	out := make([]Finding, len(r.Applied))
	copy(out, r.Applied)
	if len(r.applied) != len(r.Applied) {
		return out
	}
	cells := map[int]*Cell{}
	for _, c := range r.Doc.Cells[r.Doc.FirstEditable:] {
		cells[c.Index] = c
	}
	for i, at := range r.applied {
		c := cells[at.cell]
		if c == nil {
			continue // not an editable cell: fixes never move it
		}
		start, end := at.start, at.end
		for _, edits := range r.rounds[at.round:] {
			start = carryForward(start, edits[at.cell], false)
			end = carryForward(end, edits[at.cell], true)
		}
		end = max(start, end)
		out[i].Line, out[i].Column = c.Position(start)
		out[i].EndLine, out[i].EndColumn = c.Position(end)
	}
	return out
}

// carryForward maps an offset in a text to the text after edits. An
// offset inside a replaced span goes to the start of its replacement, or
// to its end when it ends a span (isEnd).
func carryForward(off int, edits []TextEdit, isEnd bool) int {
	if len(edits) == 0 {
		return off
	}
	sorted := append([]TextEdit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].End < sorted[j].End
	})
	delta := 0
	for _, e := range sorted {
		if e.Start == e.End {
			// An insertion: code at its point moves past it, but a span
			// that ends there does not take it in.
			if off < e.Start || isEnd && off == e.Start {
				return off + delta
			}
			delta += len(e.NewText)
			continue
		}
		switch {
		case off < e.Start || isEnd && off == e.Start:
			return off + delta
		case off < e.End || isEnd && off == e.End:
			if isEnd {
				return e.Start + delta + len(e.NewText)
			}
			return e.Start + delta
		}
		delta += len(e.NewText) - (e.End - e.Start)
	}
	return off + delta
}
