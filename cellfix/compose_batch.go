package cellfix

import (
	"slices"
	"strings"
	"sync/atomic"
)

// Planning one statement costs a parse and a check of its whole cell per
// round, so planning every statement of a cell on its own costs the square
// of the cell's length when many statements need composing (a script of N
// load_model calls of SavedModels). planCell plans statements of one cell
// together instead: each round applies every statement's picked fixes at
// once, and one parse and one check serve them all.
//
// That gives the same fixes as planning each statement alone only while
// no statement's plan can change what the rules find on another. planCell
// therefore takes only statements that cannot see one another
// (independent): plain expression statements, none reading a name that
// another binds or a string literal another holds, and every plan needing
// the same imports at every round. independentWaves splits a cell's
// statements into such sets (waves); when a wave's plans need different
// imports, or a round breaks the cell, planCell reports false and the
// wave's statements are planned one by one.

// statementPlan is the state of one statement's plan in planCell.
type statementPlan struct {
	index   int // of its group in planCell's groups
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

// minBatchGroups is the fewest statements that planCell plans together (a
// variable for tests, which compare both ways).
var minBatchGroups = 2

// wavesPlannedTogether counts the waves planCell planned, and wavesSplit
// those split by the imports their plans came to need, for tests.
var wavesPlannedTogether, wavesSplit atomic.Int64

// planCell plans the groups of the cell at position pos, independent
// statements in document order, together and returns each group's
// composed fix (nil where its statement does not change), or false when
// their plans cannot go together. When they cannot only because their
// plans came to need different imports, apart splits the groups by the
// imports their plans need so far.
func planCell(doc *Document, pos int, groups []statementGroup, diags []Diagnostic, opts Options) (fixes []*Fix, apart []importPart, ok bool) {
	c := doc.Cells[pos]
	plans := make([]*statementPlan, len(groups))
	for i, g := range groups {
		members := g.diags(diags)
		plans[i] = &statementPlan{index: i, group: g, members: members, lo: g.stmt.Start(), hi: g.stmt.End(),
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
				return nil, nil, false
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
				return nil, byImports(plans), false
			}
		}
		next, err := applyEdits(text, local)
		if err != nil {
			return nil, nil, false
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
			return nil, nil, false
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
	wavesPlannedTogether.Add(1)
	fixes = make([]*Fix, len(groups))
	// The groups of each statement, found once: asking every group for
	// every plan cost the square of a large script's statements.
	ofStatement := make(map[*Node][]int, len(groups))
	for i, g := range groups {
		ofStatement[g.stmt] = append(ofStatement[g.stmt], i)
	}
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
		for _, i := range ofStatement[stmt] {
			fixes[i] = p.fix
		}
	}
	return fixes, nil, true
}

// importPart is a part of a wave whose plans need the same imports
// (importsKey), with the indices of their groups in document order.
type importPart struct {
	imports string
	groups  []int
}

// byImports splits plans by the imports each needs so far.
func byImports(plans []*statementPlan) []importPart {
	var parts []importPart
	for _, p := range plans {
		key := importsKey(p.fix.Imports)
		i := slices.IndexFunc(parts, func(part importPart) bool { return part.imports == key })
		if i < 0 {
			parts = append(parts, importPart{imports: key})
			i = len(parts) - 1
		}
		parts[i].groups = append(parts[i].groups, p.index)
	}
	return parts
}

// statementTraits is what decides whether a statement can be planned
// with others: the names it binds, the names it reads (those it binds
// included) and the string literals it holds, each once.
type statementTraits struct {
	binds, reads, strs []string
}

// traitsOf returns the traits of stmt, a statement of c, or false when it
// cannot be planned with others at all: it is not an expression statement
// (an import, a definition, a compound statement), or it binds names
// inside itself (a lambda, an assignment expression, a comprehension).
func traitsOf(c *Cell, stmt *Node) (statementTraits, bool) {
	var t statementTraits
	if stmt.Type() != "expression_statement" {
		return t, false
	}
	seen := map[string]bool{}
	ok := true
	stmt.Walk(func(n *Node) bool {
		switch n.Type() {
		case "identifier":
			name := c.Masked[n.Start():n.End()]
			if bindsName(n) && !slices.Contains(t.binds, name) {
				t.binds = append(t.binds, name)
			}
			if !seen[name] {
				seen[name] = true
				t.reads = append(t.reads, name)
			}
		case "string":
			if lit := c.Text[n.Start():n.End()]; !slices.Contains(t.strs, lit) {
				t.strs = append(t.strs, lit)
			}
			return false
		case "lambda", "named_expression", "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression":
			ok = false
		}
		return ok
	})
	return t, ok
}

// firstStepNeeds returns what the first step of the statement's plan
// needs, as far as its findings tell: the imports its fixes add (as
// importsKey gives them) and whether any fix adds a definition (which
// planCell leaves to planStatement).
func firstStepNeeds(c *Cell, g statementGroup, diags []Diagnostic) (imports string, defines bool) {
	lo, hi := c.Offset+g.stmt.Start(), c.Offset+g.stmt.End()
	var needs []Import
	for _, i := range g.members {
		f := diags[i].Fix
		if !confined(f, lo, hi) {
			continue
		}
		defines = defines || len(f.Definitions) > 0
		needs = append(needs, f.Imports...)
	}
	return importsKey(needs), defines
}

// importsKey is one string for a set of imports, whatever their order and
// repeats.
func importsKey(imports []Import) string {
	lines := make([]string, len(imports))
	for i, im := range imports {
		lines[i] = im.Statement()
	}
	slices.Sort(lines)
	return strings.Join(slices.Compact(lines), "\n")
}

// wave is a set of statements independent in the sense of planCell: no
// string literal held by two of them, no name that one binds read by
// another, and the same imports needed by all, as far as is known
// (firstStepNeeds, then what planCell found when it split a wave).
type wave struct {
	members []int // indices of the statements' groups
	imports string
	bound   map[string]bool // names some member binds
	read    map[string]bool // names some member reads
	strs    map[string]bool
}

// admits reports whether a statement with traits t is independent of
// every member.
func (w *wave) admits(t statementTraits, imports string) bool {
	if imports != w.imports {
		return false
	}
	for _, lit := range t.strs {
		if w.strs[lit] {
			return false
		}
	}
	for _, name := range t.binds {
		if w.read[name] {
			return false // a member reads what t binds (or binds it too)
		}
	}
	for _, name := range t.reads {
		if w.bound[name] {
			return false // t reads what a member binds
		}
	}
	return true
}

func (w *wave) add(group int, t statementTraits) {
	w.members = append(w.members, group)
	for _, lit := range t.strs {
		w.strs[lit] = true
	}
	for _, name := range t.binds {
		w.bound[name] = true
	}
	for _, name := range t.reads {
		w.read[name] = true
	}
}

// independentWaves splits the pending groups of the cell c (indices, in
// document order) into waves of independent statements: each statement
// joins the first wave it is independent of and whose plans need the same
// imports as its own (needs, by group). Planning each wave with planCell
// gives the fixes that planning each of its statements alone gives, since
// the statements of other waves are left as written meanwhile. alone lists
// the groups whose statements no wave can take (traitsOf).
//
// A script that saves and loads the same path, binds a name that later
// statements read, or has statements needing different imports is not one
// wave but a few: planning them one wave at a time costs a check of the
// cell per wave and round, against one per statement and round when any
// such statement made every statement be planned alone.
func independentWaves(c *Cell, groups []statementGroup, pending []int, needs []string) (waves [][]int, alone []int) {
	var sets []*wave
	for _, gi := range pending {
		t, ok := traitsOf(c, groups[gi].stmt)
		if !ok {
			alone = append(alone, gi)
			continue
		}
		i := slices.IndexFunc(sets, func(w *wave) bool { return w.admits(t, needs[gi]) })
		if i < 0 {
			sets = append(sets, &wave{imports: needs[gi], bound: map[string]bool{}, read: map[string]bool{}, strs: map[string]bool{}})
			i = len(sets) - 1
		}
		sets[i].add(gi, t)
	}
	for _, w := range sets {
		waves = append(waves, w.members)
	}
	return waves, alone
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
