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
	// Sorted once per round and cell: a long cell has thousands of fixes,
	// each carried through every later round.
	sorted := map[[2]int]sortedEdits{}
	edits := func(round, cell int) sortedEdits {
		key := [2]int{round, cell}
		se, ok := sorted[key]
		if !ok {
			se = sortEdits(r.rounds[round][cell])
			sorted[key] = se
		}
		return se
	}
	for i, at := range r.applied {
		c := cells[at.cell]
		if c == nil {
			continue // not an editable cell: fixes never move it
		}
		start, end := at.start, at.end
		for round := at.round; round < len(r.rounds); round++ {
			se := edits(round, at.cell)
			start = se.carryForward(start, false)
			end = se.carryForward(end, true)
		}
		end = max(start, end)
		out[i].Line, out[i].Column = c.Position(start)
		out[i].EndLine, out[i].EndColumn = c.Position(end)
	}
	return out
}

// sortedEdits are one round's edits of a cell in order, with the change
// in length that the edits before each make.
type sortedEdits struct {
	edits []TextEdit
	delta []int // delta[i]: the length the edits before i add
}

func sortEdits(edits []TextEdit) sortedEdits {
	se := sortedEdits{edits: append([]TextEdit(nil), edits...)}
	sortAsApplied(se.edits)
	se.delta = make([]int, len(se.edits)+1)
	for i, e := range se.edits {
		se.delta[i+1] = se.delta[i] + len(e.NewText) - (e.End - e.Start)
	}
	return se
}

// carryForward maps an offset in a text to the text after the edits. Code
// at an insertion point moves past it, but a span ending there does not
// take it in; an offset inside a replaced span goes to the start of its
// replacement, or to its end when it ends a span (isEnd).
func (se sortedEdits) carryForward(off int, isEnd bool) int {
	// The edits wholly before off come first (the edits do not overlap).
	i := sort.Search(len(se.edits), func(i int) bool {
		e := se.edits[i]
		if e.Start == e.End {
			return !(off > e.Start || !isEnd && off == e.Start)
		}
		return !(off > e.End || !isEnd && off == e.End)
	})
	if i == len(se.edits) {
		return off + se.delta[i]
	}
	e := se.edits[i]
	if e.Start == e.End || off < e.Start || isEnd && off == e.Start {
		return off + se.delta[i]
	}
	if isEnd {
		return e.Start + se.delta[i] + len(e.NewText)
	}
	return e.Start + se.delta[i]
}
