package cellfix

import (
	"slices"
	"strings"
	"sync/atomic"
)

// Planning one statement costs a parse and a check of its whole cell per
// round, so planning every statement of a cell on its own costs the square
// of the cell's length when many statements need composing (a script of N
// load_model calls of SavedModels). planCell plans the statements of one
// cell together instead: each round applies every statement's picked fixes
// at once, and one parse and one check serve them all.
//
// That gives the same fixes as planning each statement alone only while
// no statement's plan can change what the rules find on another. planCell
// therefore takes only statements that cannot see one another
// (independent): plain expression statements, none reading a name that
// another binds or a string literal another holds, and every plan needing
// the same imports at every round. When that does not hold, or a round
// breaks the cell, it reports false and the statements are planned one by
// one as before.

// statementPlan is the state of one statement's plan in planCell.
type statementPlan struct {
	group   statementGroup
	members []Diagnostic
	// lo and hi are the statement's range in the cell's current text.
	lo, hi  int
	fix     *Fix
	titles  []string
	applied map[*Rule]bool
	// current are the findings on the statement after its last step;
	// cur and curPos the document and cell position they were found in.
	current []Diagnostic
	cur     *Document
	curPos  int
	// done is set once the plan picks nothing; stepped while the current
	// round applies its fixes.
	done, stepped bool
}

// minBatchGroups is the fewest statements of one cell that planCell
// plans together (a variable for tests, which compare both ways).
var minBatchGroups = 2

// cellsPlannedTogether counts the cells planCell planned, for tests.
var cellsPlannedTogether atomic.Int64

// planCell plans the groups of the cell at position pos together and
// returns each group's composed fix (nil where its statement does not
// change), or false when the groups are not independent.
func planCell(doc *Document, pos int, groups []statementGroup, diags []Diagnostic, opts Options) ([]*Fix, bool) {
	c := doc.Cells[pos]
	if !independentStatements(c, groups) {
		return nil, false
	}
	plans := make([]*statementPlan, len(groups))
	for i, g := range groups {
		members := g.diags(diags)
		plans[i] = &statementPlan{group: g, members: members, lo: g.stmt.Start(), hi: g.stmt.End(),
			fix: &Fix{Safety: Safe}, applied: map[*Rule]bool{}, current: members, cur: doc, curPos: pos}
	}
	// Groups come in document order; planCell needs them by position in
	// the cell to move their ranges as the text grows.
	slices.SortStableFunc(plans, func(a, b *statementPlan) int { return a.lo - b.lo })
	text := c.Text
	cur, curPos := doc, pos
	var imports []Import
	for range maxFixRounds {
		off := cur.Cells[curPos].Offset
		var local []TextEdit
		grows := make([]int, len(plans))
		any := false
		for i, p := range plans {
			p.stepped = false
			if p.done {
				continue
			}
			// A definition's place is found on the planned copy, which
			// planStatement maps back to the document; plans with one
			// are left to it.
			defines := false
			picked := pickStep(p.current, off+p.lo, off+p.hi, p.fix, &p.titles, p.applied, func(Definition) { defines = true })
			if defines {
				return nil, false
			}
			if len(picked) == 0 {
				p.done = true
				continue
			}
			p.stepped, any = true, true
			for _, e := range picked {
				local = append(local, TextEdit{e.Start - off, e.End - off, e.NewText})
				grows[i] += len(e.NewText) - (e.End - e.Start)
			}
		}
		if !any {
			break
		}
		// Every plan that changes its statement must need the same
		// imports: the check below binds them for all.
		for _, p := range plans {
			for _, im := range p.fix.Imports {
				if !slices.Contains(imports, im) {
					imports = append(imports, im)
				}
			}
		}
		for _, p := range plans {
			if len(p.applied) > 0 && len(p.fix.Imports) != len(imports) {
				return nil, false
			}
		}
		next, err := applyEdits(text, local)
		if err != nil {
			return nil, false
		}
		shift := 0
		for i, p := range plans {
			p.lo += shift
			p.hi += shift + grows[i]
			shift += grows[i]
		}
		text = next
		nd, ndPos, err := planDocument(doc, pos, text, imports, nil)
		if err != nil || len(nd.Cells[ndPos].errors) > len(c.errors) {
			return nil, false
		}
		cur, curPos = nd, ndPos
		off = cur.Cells[curPos].Offset
		for _, p := range plans {
			if p.stepped {
				p.current = nil
				p.cur, p.curPos = cur, curPos
			}
		}
		var broken []*Rule
		for _, d := range checkCell(cur, curPos, opts, &broken, nil) {
			// The statements are in order and disjoint: find d's.
			i, found := slices.BinarySearchFunc(plans, d.Start-off, func(p *statementPlan, at int) int {
				if p.hi < at {
					return -1
				}
				if p.lo > at {
					return 1
				}
				return 0
			})
			if found {
				if p := plans[i]; p.stepped && d.Start >= off+p.lo && d.End <= off+p.hi {
					p.current = append(p.current, d)
				}
			}
		}
	}
	cellsPlannedTogether.Add(1)
	fixes := make([]*Fix, len(groups))
	for _, p := range plans {
		final := text[p.lo:p.hi]
		stmt := p.group.stmt
		if final == c.Text[stmt.Start():stmt.End()] {
			continue
		}
		if madeFailing(doc, pos, p.members, p.cur, p.curPos, p.current, p.applied) {
			p.fix.Safety = Unsafe
		}
		p.fix.Title = strings.Join(p.titles, "; ")
		p.fix.Edits = []TextEdit{{Start: c.Offset + stmt.Start(), End: c.Offset + stmt.End(), NewText: final}}
		for i := range groups {
			if groups[i].stmt == stmt {
				fixes[i] = p.fix
			}
		}
	}
	return fixes, true
}

// independentStatements reports whether the groups' statements are
// independent in the sense of planCell.
func independentStatements(c *Cell, groups []statementGroup) bool {
	bound := map[string]bool{}
	read := map[string]int{} // name → the group reading it
	strs := map[string]int{} // string literal → the group holding it
	stmts := map[*Node]bool{}
	for gi, g := range groups {
		if g.stmt.Type() != "expression_statement" || stmts[g.stmt] {
			return false
		}
		stmts[g.stmt] = true
		ok := true
		g.stmt.Walk(func(n *Node) bool {
			switch n.Type() {
			case "identifier":
				name := c.Masked[n.Start():n.End()]
				if bindsName(n) {
					bound[name] = true
				}
				if other, seen := read[name]; seen && other != gi {
					read[name] = -1 // read by several groups
				} else if !seen {
					read[name] = gi
				}
			case "string":
				lit := c.Text[n.Start():n.End()]
				if other, seen := strs[lit]; seen && other != gi {
					ok = false
				}
				strs[lit] = gi
				return false
			case "lambda", "named_expression", "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression":
				ok = false // names bound inside the statement
			}
			return ok
		})
		if !ok {
			return false
		}
	}
	for name := range bound {
		if read[name] == -1 {
			return false
		}
	}
	return true
}

// bindsName reports whether identifier n is (part of) an assignment
// target.
func bindsName(n *Node) bool {
	for p, ch := n.Parent, n; p != nil; p, ch = p.Parent, p {
		switch p.Type() {
		case "assignment", "augmented_assignment":
			return ch.Field() == "left"
		case "expression_statement", "module", "block":
			return false
		}
	}
	return false
}
