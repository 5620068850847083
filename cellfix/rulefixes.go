package cellfix

import "sync/atomic"

// FixEditsIn returns the edits of the fixes that rule attaches to its
// findings in the cell at position cell, for this pass's target and Keras
// version: what a rule needs to know of another's fixes (whether the fix
// of a save also rewrites a later load). The rule runs on that cell once
// per document: running it for each load of a script cost a check of the
// save's whole cell per load.
func (p *Pass) FixEditsIn(cell int, rule *Rule) []TextEdit {
	if !memoizeFixEdits {
		return p.fixEditsIn(cell, rule)
	}
	key := fixEditsKey{cell, rule, p.Target, p.KerasVersion}
	edits, cached := fixEdits.Of(p.Doc).of(key, func() []TextEdit { return p.fixEditsIn(cell, rule) })
	if cached {
		fixEditsMemoHits.Add(1)
	}
	return edits
}

// fixEditsIn runs rule on the cell at position cell for the edits of its
// fixes.
func (p *Pass) fixEditsIn(cell int, rule *Rule) []TextEdit {
	var edits []TextEdit
	rule.Run(p.InCell(cell, rule, func(d Diagnostic) {
		if d.Fix != nil {
			edits = append(edits, d.Fix.Edits...)
		}
	}))
	return edits
}

// memoizeFixEdits says whether FixEditsIn keeps what it found in fixEdits
// (a variable for tests, which compare both ways); fixEditsMemoHits counts
// the answers fixEdits gave.
var (
	memoizeFixEdits  = true
	fixEditsMemoHits atomic.Int64
)

// fixEdits is the memo of FixEditsIn for one document.
var fixEdits = NewFact("rule-fix-edits", func(*Document) *lockedMemo[fixEditsKey, []TextEdit] {
	return &lockedMemo[fixEditsKey, []TextEdit]{}
})

type fixEditsKey struct {
	cell    int
	rule    *Rule
	target  Target
	version KerasVersion
}
