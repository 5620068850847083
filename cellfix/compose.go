package cellfix

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// This file makes the fixes of several rules on one statement one coherent
// change. Rules fix what they see; when two of them touch one statement
// (tf-keras-import splits an import from which removed-api drops a name;
// tf-keras-import respells a load_model call that savedmodel-load turns
// into a TFSMLayer), their separate fixes contradict each other or, applied
// alone, leave code another rule says fails. The engine therefore plans
// such a statement as a whole: it applies the fixes of every rule to the
// statement in rounds, as the fix loop does, until none applies, and gives
// every finding involved the same fix, from the statement as written to
// the statement as it ends. The plan is unsafe when any step was, or when
// a finding is left on the result that the steps made (a finding of a rule
// not present before, or one whose code now means another name: a "safe"
// respelling that leads straight into a failing call is not safe).

// composeFixes replaces the fixes of overlapping findings of different
// rules within one statement by their composed plan.
func composeFixes(doc *Document, diags []Diagnostic, opts Options) {
	if !anyOverlap(diags) {
		return // the common case: nothing to compose, nothing allocated
	}
	groups := overlappingGroups(doc, diags)
	fixes := make([]*Fix, len(groups))
	for first := 0; first < len(groups); {
		// The groups of one cell are adjacent: they come in document
		// order.
		end := first + 1
		for end < len(groups) && groups[end].cell == groups[first].cell {
			end++
		}
		planGroups(doc, groups[first:end], fixes[first:end], diags, opts)
		first = end
	}
	for gi, group := range groups {
		fix := fixes[gi]
		if fix == nil {
			continue
		}
		c, stmt := doc.Cells[group.cell], group.stmt
		for _, i := range group.members {
			// A fix reaching outside the statement (into an earlier cell)
			// is not part of the plan and stays the finding's own.
			if f := diags[i].Fix; f == nil || confined(f, c.Offset+stmt.Start(), c.Offset+stmt.End()) {
				diags[i].Fix = fix
			}
		}
	}
}

// maxWaveSplits is how many times planGroups lets a statement's wave be
// split before planning the statement alone.
const maxWaveSplits = 3

// planGroups plans the groups of one cell, setting their fixes: each wave
// of independent statements together (planCell), the other statements one
// by one. When a wave's plans come to need different imports, its
// statements are placed in waves again, by what each is now known to
// need, and planned anew; a plan's imports only grow, so this settles.
func planGroups(doc *Document, groups []statementGroup, fixes []*Fix, diags []Diagnostic, opts Options) {
	pos := groups[0].cell
	c := doc.Cells[pos]
	var alone, pending []int
	needs := make([]string, len(groups)) // the imports each plan is known to need
	// A statement can hold several groups (findings that overlap in two
	// places of it): two plans of one statement cannot share a round, as
	// each would edit the text the other plans, so they go alone.
	perStatement := map[*Node]int{}
	for _, g := range groups {
		perStatement[g.stmt]++
	}
	for gi, g := range groups {
		imports, defines := firstStepNeeds(c, g, diags)
		if len(groups) < minBatchGroups || defines || perStatement[g.stmt] > 1 {
			alone = append(alone, gi)
			continue
		}
		needs[gi] = imports
		pending = append(pending, gi)
	}
	for splits := 0; len(pending) > 0; splits++ {
		waves, rest := independentWaves(c, groups, pending, needs)
		alone = append(alone, rest...)
		pending = nil
		for _, w := range waves {
			if len(w) < minBatchGroups {
				alone = append(alone, w...)
				continue
			}
			members := make([]statementGroup, len(w))
			for i, gi := range w {
				members[i] = groups[gi]
			}
			planned, apart, ok := planCell(doc, pos, members, diags, opts)
			switch {
			case ok:
				for i, gi := range w {
					fixes[gi] = planned[i]
				}
			case len(apart) > 1 && splits < maxWaveSplits:
				wavesSplit.Add(1)
				for _, part := range apart {
					for _, m := range part.groups {
						needs[w[m]] = part.imports
						pending = append(pending, w[m])
					}
				}
			default:
				alone = append(alone, w...)
			}
		}
		slices.Sort(pending)
	}
	slices.Sort(alone)
	for _, i := range alone {
		fixes[i] = planStatement(doc, pos, groups[i].stmt, groups[i].diags(diags), opts)
	}
}

// anyOverlap reports whether the spans (flagged range and edits) of two
// findings of different rules overlap anywhere: a sweep over the spans in
// order of their starts, in which every span still open belongs to one rule.
func anyOverlap(diags []Diagnostic) bool {
	if len(diags) < 2 {
		return false
	}
	type span struct {
		lo, hi int
		rule   *Rule
	}
	spans := make([]span, len(diags))
	for i, d := range diags {
		lo, hi := extent(d)
		spans[i] = span{lo, hi, d.Rule}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	open := spans[0]
	for _, sp := range spans[1:] {
		switch {
		case sp.lo > open.hi:
			open = sp
		case sp.rule != open.rule:
			return true
		default:
			open.hi = max(open.hi, sp.hi)
		}
	}
	return false
}

// extent is the smallest range holding a finding and its fix's edits.
func extent(d Diagnostic) (lo, hi int) {
	lo, hi = d.Start, d.End
	if d.Fix != nil {
		for _, e := range d.Fix.Edits {
			lo, hi = min(lo, e.Start), max(hi, e.End)
		}
	}
	return lo, hi
}

// statementGroup is a set of findings, by index, of at least two rules
// whose ranges or fixes overlap within one statement.
type statementGroup struct {
	cell    int
	stmt    *Node
	members []int
}

func (g statementGroup) diags(all []Diagnostic) []Diagnostic {
	out := make([]Diagnostic, len(g.members))
	for i, m := range g.members {
		out[i] = all[m]
	}
	return out
}

// overlappingGroups finds the statements where findings of different
// rules overlap (by their flagged ranges or their fixes' edits) and at
// least one has a fix confined to the statement.
func overlappingGroups(doc *Document, diags []Diagnostic) []statementGroup {
	type key struct {
		cell int
		stmt *Node
	}
	byStmt := map[key][]int{}
	var order []key
	for i, d := range diags {
		c := doc.cellAt(d.Start)
		if c == nil || c.Root == nil {
			continue
		}
		pos := doc.position(c)
		stmt := statementAt(c.Root, d.Start-c.Offset, d.End-c.Offset)
		if stmt == nil {
			continue
		}
		k := key{pos, stmt}
		if _, ok := byStmt[k]; !ok {
			order = append(order, k)
		}
		byStmt[k] = append(byStmt[k], i)
	}
	var groups []statementGroup
	for _, k := range order {
		members := byStmt[k]
		if len(members) < 2 {
			continue
		}
		c := doc.Cells[k.cell]
		lo, hi := c.Offset+k.stmt.Start(), c.Offset+k.stmt.End()
		for _, comp := range components(diags, members) {
			rules, fixable := map[*Rule]bool{}, false
			for _, i := range comp {
				rules[diags[i].Rule] = true
				fixable = fixable || confined(diags[i].Fix, lo, hi)
			}
			if len(rules) >= 2 && fixable {
				groups = append(groups, statementGroup{k.cell, k.stmt, comp})
			}
		}
	}
	return groups
}

// components splits findings into sets connected by overlapping spans
// (their flagged ranges and their edits).
func components(diags []Diagnostic, members []int) [][]int {
	spans := func(d Diagnostic) []TextEdit {
		out := []TextEdit{{Start: d.Start, End: d.End}}
		if d.Fix != nil {
			out = append(out, d.Fix.Edits...)
		}
		return out
	}
	touch := func(a, b Diagnostic) bool {
		for _, x := range spans(a) {
			for _, y := range spans(b) {
				if x.Start < y.End && y.Start < x.End || x.Start == y.Start {
					return true
				}
			}
		}
		return false
	}
	parent := make([]int, len(members))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	for i := range members {
		for j := i + 1; j < len(members); j++ {
			if touch(diags[members[i]], diags[members[j]]) {
				parent[find(j)] = find(i)
			}
		}
	}
	byRoot := map[int][]int{}
	var roots []int
	for i, m := range members {
		r := find(i)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], m)
	}
	out := make([][]int, 0, len(roots))
	for _, r := range roots {
		out = append(out, byRoot[r])
	}
	return out
}

// statementAt returns the innermost simple statement holding [from, to)
// of a cell, or nil when that is a compound statement (a finding on a def
// or if header): planning a whole function body as one change would hide
// what changed.
func statementAt(root *Node, from, to int) *Node {
	var found *Node
	for n := root; ; {
		ch := n.childCovering(from, to)
		if ch == nil {
			break
		}
		if n.Type() == "module" || n.Type() == "block" {
			found = ch
		}
		n = ch
	}
	if found != nil && (found.Child("body") != nil || found.Child("consequence") != nil || found.Child("definition") != nil) {
		return nil
	}
	return found
}

// confined reports whether a fix exists and edits only [lo, hi).
func confined(f *Fix, lo, hi int) bool {
	if f == nil || len(f.Edits) == 0 {
		return false
	}
	for _, e := range f.Edits {
		if e.Start < lo || e.End > hi {
			return false
		}
	}
	return true
}

// planStatement runs the fix loop on one statement of the cell at
// position pos and returns the composed fix, or nil when the statement
// does not change.
func planStatement(doc *Document, pos int, stmt *Node, group []Diagnostic, opts Options) *Fix {
	c := doc.Cells[pos]
	lo, hi := stmt.Start(), stmt.End() // cell offsets; hi moves as the text changes
	text := c.Text
	// Each step parses the changed cell, without a cache: caching each
	// step's parse of the whole cell (in the fix loop's cache, for the
	// run) held a tree of the cell per statement planned, and seeding a
	// cache with every cell's text hashed the whole document per statement.
	var cache *parseCache
	cur, curPos := doc, pos
	current := group
	fix := &Fix{Safety: Safe}
	var titles []string
	applied := map[*Rule]bool{}
	for range maxFixRounds {
		off := cur.Cells[curPos].Offset
		picked := pickStep(current, off+lo, off+hi, fix, &titles, applied, func(def Definition) {
			// Found on the planned copy from the second round on: its
			// offset goes back to the document.
			def.Before = toDocument(doc, c, stmt, cur, curPos, lo, hi, def.Before)
			fix.Definitions = append(fix.Definitions, def)
		})
		if len(picked) == 0 {
			break
		}
		local := make([]TextEdit, len(picked))
		grow := 0
		for i, e := range picked {
			local[i] = TextEdit{e.Start - off, e.End - off, e.NewText}
			grow += len(e.NewText) - (e.End - e.Start)
		}
		next, err := applyEdits(text, local)
		if err != nil {
			return nil
		}
		text, hi = next, hi+grow
		nd, ndPos, err := planDocument(doc, pos, text, fix.Imports, cache)
		if err != nil || len(nd.Cells[ndPos].errors) > len(c.errors) {
			return nil // the composition breaks the cell: keep the rules' own fixes
		}
		cur, curPos = nd, ndPos
		off = cur.Cells[curPos].Offset
		current = nil
		var broken []*Rule // reported by Check on the statement as written
		for _, d := range checkCell(cur, curPos, opts, &broken, nil) {
			if d.Start >= off+lo && d.End <= off+hi {
				current = append(current, d)
			}
		}
	}
	final := text[lo:hi]
	if final == c.Text[stmt.Start():stmt.End()] {
		return nil
	}
	if madeFailing(doc, pos, group, cur, curPos, current, applied) {
		fix.Safety = Unsafe
	}
	fix.Title = strings.Join(titles, "; ")
	fix.Edits = []TextEdit{{Start: c.Offset + stmt.Start(), End: c.Offset + stmt.End(), NewText: final}}
	return fix
}

// toDocument maps document offset x of cur, the planned copy of doc in
// which the cell c (at position curPos there) holds the statement stmt
// rewritten as its cell offsets [lo, hi), back to doc: an offset in the
// rewritten statement goes to the statement's start, one before or after
// it in that cell or in another cell to the same place in doc.
func toDocument(doc *Document, c *Cell, stmt *Node, cur *Document, curPos, lo, hi, x int) int {
	if cur == doc {
		return x
	}
	pc := cur.Cells[curPos]
	if x >= pc.Offset && x <= pc.End() {
		switch local := x - pc.Offset; {
		case local < lo:
			return c.Offset + local
		case local >= hi:
			return c.Offset + stmt.End() + local - hi
		default:
			return c.Offset + stmt.Start()
		}
	}
	if other := cur.cellAt(x); other != nil {
		for _, dc := range doc.Cells[doc.FirstEditable:] {
			if dc.Index == other.Index {
				return dc.Offset + x - other.Offset
			}
		}
	}
	return c.Offset + stmt.Start()
}

// pickStep picks the fixes of one round of a plan from the findings on
// the statement, which spans the document range [lo, hi): those confined
// to it that overlap no fix picked before them. It records in fix, titles
// and applied what they bring (safety, imports, titles, rules), and hands
// each definition they carry to definition.
func pickStep(current []Diagnostic, lo, hi int, fix *Fix, titles *[]string, applied map[*Rule]bool, definition func(Definition)) takenEdits {
	var picked takenEdits
	for _, d := range current {
		if !confined(d.Fix, lo, hi) || picked.overlapsAny(d.Fix.Edits) {
			continue
		}
		picked.add(d.Fix.Edits)
		applied[d.Rule] = true
		if d.Fix.Safety == Unsafe {
			fix.Safety = Unsafe
		}
		if !slices.Contains(*titles, d.Fix.Title) {
			*titles = append(*titles, d.Fix.Title)
		}
		for _, im := range d.Fix.Imports {
			if !slices.Contains(fix.Imports, im) {
				fix.Imports = append(fix.Imports, im)
			}
		}
		for _, def := range d.Fix.Definitions {
			definition(def)
		}
	}
	return picked
}

// planDocument is doc with the cell at position pos holding text, and the
// imports the plan's fixes need bound in a cell of their own before it (the
// engine places them properly when the fix is applied). It returns the
// cell's new position. Like a fix round, it lays out only the editable
// cells again, so a kernel session's history is not analysed again.
func planDocument(doc *Document, pos int, text string, imports []Import, cache *parseCache) (*Document, int, error) {
	first := doc.FirstEditable
	if pos < first {
		return nil, 0, fmt.Errorf("cell %d is not editable", pos)
	}
	tail := slices.Clone(doc.Cells[first:])
	c, err := cache.parse(doc.Cells[pos].Index, text, 0)
	if err != nil {
		return nil, 0, err
	}
	tail[pos-first] = c
	if len(imports) > 0 {
		var b strings.Builder
		for _, im := range imports {
			b.WriteString(im.Statement() + "\n")
		}
		ic, err := cache.parse(-1, b.String(), 0)
		if err != nil {
			return nil, 0, err
		}
		tail = slices.Insert(tail, pos-first, ic)
		pos++
	}
	nd := relaid(doc, tail)
	nd.baselineUses = doc.baselineUses
	return nd, pos, nil
}

// madeFailing reports whether the plan leaves a finding the steps made: a
// finding of a rule that reported nothing on the statement before, or one
// whose flagged code now refers to other names than the finding of that
// rule did before (tf.keras.models.load_model respelled to a
// keras.models.load_model that fails on a SavedModel).
func madeFailing(before *Document, pos int, group []Diagnostic, after *Document, afterPos int, remaining []Diagnostic, applied map[*Rule]bool) bool {
	for _, r := range remaining {
		if applied[r.Rule] && r.Fix != nil {
			continue // the rule's own next step, blocked by an overlap
		}
		same := false
		for _, o := range group {
			if o.Rule == r.Rule && slices.Equal(before.namesIn(pos, o.Start, o.End), after.namesIn(afterPos, r.Start, r.End)) {
				same = true
				break
			}
		}
		if !same {
			return true
		}
	}
	return false
}

// namesIn lists the qualified names the maximal chains in a document range
// of the cell at position pos refer to, sorted.
func (d *Document) namesIn(pos, start, end int) []string {
	c := d.Cells[pos]
	from, to := start-c.Offset, end-c.Offset
	// Start the walk at the deepest node holding the whole range: the
	// nodes above it hold it too but name nothing (only an attribute or
	// identifier does, and the descent stops above one), and their other
	// children lie outside the range.
	top := c.Root
	for {
		ch := top.childCovering(from, to)
		if ch == nil || ch.Type() == "attribute" || ch.Type() == "identifier" {
			break
		}
		top = ch
	}
	var names []string
	top.Walk(func(n *Node) bool {
		if n.End() <= from || n.Start() >= to {
			return false
		}
		if (n.Type() == "attribute" || n.Type() == "identifier") && !(n.Parent != nil && n.Parent.Type() == "attribute" && n.Field() == "object") {
			if q := d.model.Resolve(pos, n); q != "" {
				names = append(names, q)
			}
			return n.Type() != "identifier"
		}
		return true
	})
	sort.Strings(names)
	return names
}
