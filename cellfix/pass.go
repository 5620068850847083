package cellfix

import "fmt"

// Pass is what a rule sees while it inspects one cell.
type Pass struct {
	Rule   *Rule
	Doc    *Document
	Cell   *Cell
	Target Target
	// KerasVersion is the Keras release the code will run on (never zero).
	KerasVersion KerasVersion
	// CellPos is the cell's position in Doc.Cells (not its notebook index).
	CellPos int
	report  func(Diagnostic)
}

// Report records a diagnostic.
func (p *Pass) Report(d Diagnostic) {
	d.Rule = p.Rule
	p.report(d)
}

// Reportf reports a diagnostic spanning node with a formatted message and
// an optional fix.
func (p *Pass) Reportf(n *Node, fix *Fix, message string) {
	p.Report(Diagnostic{Message: message, Start: p.Offset(n.Start()), End: p.Offset(n.End()), Fix: fix})
}

// ReportFixOrWhy reports message at n with fix or, when there is no fix,
// with why there is none: a finding never leaves the user guessing whether
// a fix exists.
func (p *Pass) ReportFixOrWhy(n *Node, fix *Fix, why, message string) {
	if fix == nil {
		message += "; no automatic fix, because " + why
	}
	p.Reportf(n, fix, message)
}

// ReportFixSafetyOrWhy is ReportFixOrWhy for a fix that is safe only
// under conditions: with an unsafe fix, why says which condition failed,
// so the user knows what to check before applying it.
func (p *Pass) ReportFixSafetyOrWhy(n *Node, fix *Fix, why, message string) {
	if fix != nil && fix.Safety == Unsafe && why != "" {
		message += "; the fix is unsafe because " + why
	}
	p.ReportFixOrWhy(n, fix, why, message)
}

// LineRef names line (1-based) of the cell at position cell as a message
// of this pass's cell sees it: "line 3", or "line 3 of an earlier cell"
// (or "of a later cell").
func (p *Pass) LineRef(cell, line int) string {
	switch {
	case cell < p.CellPos:
		return fmt.Sprintf("line %d of an earlier cell", line)
	case cell > p.CellPos:
		return fmt.Sprintf("line %d of a later cell", line)
	}
	return fmt.Sprintf("line %d", line)
}

// Offset converts a cell offset to a document offset.
func (p *Pass) Offset(cellOffset int) int { return p.Cell.Offset + cellOffset }

// Text returns the source of a node of this cell.
func (p *Pass) Text(n *Node) string { return p.Cell.Masked[n.Start():n.End()] }

// Resolve returns the qualified name of an identifier or attribute chain
// in this cell, or "".
func (p *Pass) Resolve(n *Node) string { return p.Doc.model.Resolve(p.CellPos, n) }

// Lookup returns the binding of name visible in this cell.
func (p *Pass) Lookup(name string) *Binding { return p.Doc.model.Lookup(p.CellPos, name) }

// Replace returns an edit replacing node n of this cell with text.
func (p *Pass) Replace(n *Node, text string) TextEdit { return p.Edit().Replace(n, text) }

// Walk visits every node of the cell.
func (p *Pass) Walk(fn func(*Node) bool) { p.Cell.Root.Walk(fn) }

// InCell returns a pass of rule over the cell at position cell of the same
// document, whose reports go to report instead of the findings: for a rule
// that must know what another rule says about another cell (whether the
// save that wrote a file has a fix).
func (p *Pass) InCell(cell int, rule *Rule, report func(Diagnostic)) *Pass {
	return &Pass{Rule: rule, Doc: p.Doc, Cell: p.Doc.Cells[cell], Target: p.Target, KerasVersion: p.KerasVersion,
		CellPos: cell, report: func(d Diagnostic) { d.Rule = rule; report(d) }}
}

// Calls returns the cell's call nodes in the order Walk visits them.
// Ranging over them costs less than walking the tree for them: most
// rules look at calls only, and there are about ten nodes per call.
func (p *Pass) Calls() []*Node { return p.Cell.NodesOf("call") }

// Attributes returns the cell's attribute nodes in the order Walk visits
// them.
func (p *Pass) Attributes() []*Node { return p.Cell.NodesOf("attribute") }

// Each calls fn for the cell's nodes of the given types as Walk visits
// them, skipping the nodes inside one for which fn returns false: what
// p.Walk(fn) does when fn ignores (and returns true for) every other
// type, at the cost of the nodes of those types only.
func (p *Pass) Each(fn func(*Node) bool, types ...string) { p.Cell.Each(fn, types...) }
