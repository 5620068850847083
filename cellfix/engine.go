package cellfix

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Options select what the engine runs and which fixes it may apply.
type Options struct {
	Target Target
	// KerasVersion is the Keras release the code will run on; zero means
	// LatestKeras. Rules and diagnostics about problems fixed by then are
	// skipped.
	KerasVersion KerasVersion
	// Rules to run; rules that do not apply to Target are skipped.
	Rules []*Rule
	// UnsafeFixes allows fixes marked Unsafe.
	UnsafeFixes bool
	// Suppress, when set, drops the diagnostics of cell for which it
	// returns true (noqa comments, cell tags, per-file ignores) before they
	// are reported or fixed, so a suppressed finding is never fixed either.
	Suppress func(cell *Cell, d Diagnostic) bool
}

// maxFixRounds bounds the fix loop. Each round applies every fix that does
// not overlap another; later rounds pick up what the first one unlocked
// (e.g. an import that became unused). Real notebooks settle in two or three.
const maxFixRounds = 10

// Check runs the rules over every editable cell once and returns their
// diagnostics in document order. Cells before FirstEditable are context
// only: a kernel has already run them, and checking them again on every
// execution would make a session's cost grow with the square of its length.
//
// Where findings of several rules overlap in one statement, they share one
// composed fix (compose.go).
//
// The error reports rules that broke their contract (a fix attached by a
// rule declared not Fixable); their diagnostics are kept without the fix.
func Check(doc *Document, opts Options) ([]Diagnostic, error) {
	var diags []Diagnostic
	var broken []*Rule
	kept := stringSet{}
	for i := doc.FirstEditable; i < len(doc.Cells); i++ {
		diags = append(diags, checkCell(doc, i, opts, &broken, kept)...)
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Start < diags[j].Start })
	composeFixes(doc, diags, opts)
	var errs []error
	for _, r := range broken {
		errs = append(errs, fmt.Errorf("rule %s is declared not fixable but attached a fix; the fix was dropped", r.Name))
	}
	return diags, errors.Join(errs...)
}

// checkCell runs the rules over the cell at position pos, adding to broken
// the rules that attach a fix although declared not Fixable. The
// diagnostics share the copies of their messages kept in kept (nil keeps
// none).
func checkCell(doc *Document, pos int, opts Options, broken *[]*Rule, kept stringSet) []Diagnostic {
	var diags []Diagnostic
	c := doc.Cells[pos]
	if c.Root == nil {
		return nil
	}
	// One report function and one array of passes for the cell, rather
	// than one of each per rule: a cell of a few lines is checked by some
	// sixty rules. Pass.Report sets d.Rule, the rule that reports.
	report := func(d Diagnostic) {
		if !stillBroken(d.FixedIn, opts.KerasVersion) {
			return
		}
		if opts.Suppress != nil && opts.Suppress(c, d) {
			return
		}
		if r := d.Rule; d.Fix != nil && !r.Fixable {
			if !slices.Contains(*broken, r) {
				*broken = append(*broken, r)
			}
			d.Fix = nil
		}
		if d.Fix != nil && touchesSyntaxError(c, d.Fix.Edits) {
			// The fix loop never edits code that does not parse;
			// say so rather than offer a fix that never comes.
			d.Fix = nil
			d.Message += "; " + unparsedNote
		}
		d.Message = kept.intern(d.Message)
		diags = append(diags, d)
	}
	passes := make([]Pass, len(opts.Rules))
	for i, r := range opts.Rules {
		if !r.AppliesTo(opts.Target) || !r.Concerns(opts.KerasVersion) {
			continue
		}
		pass := &passes[i]
		*pass = Pass{Rule: r, Doc: doc, Cell: c, CellPos: pos, Target: opts.Target, KerasVersion: opts.KerasVersion.OrLatest(), report: report}
		r.Run(pass)
	}
	return diags
}

// unparsedNote ends the message of a finding whose fix was withheld
// because the code it would edit does not parse. Besides real syntax
// errors, tree-sitter gives up on blocks nested some hundreds deep.
const unparsedNote = "not fixed: the code here does not parse (a syntax error, or nesting deeper than the parser follows)"

// touchesSyntaxError reports whether an edit in cell c touches a syntax
// error there.
func touchesSyntaxError(c *Cell, edits []TextEdit) bool {
	for _, e := range edits {
		if e.Start >= c.Offset && e.End <= c.End() && c.inError(e.Start-c.Offset, e.End-c.Offset) {
			return true
		}
	}
	return false
}

// FixResult is the outcome of FixDocument.
type FixResult struct {
	// Doc is the fixed document.
	Doc *Document
	// Applied lists the fixes that were applied, resolved against the
	// document as it was when each was applied.
	Applied []Finding
	// Remaining are the diagnostics of the fixed document.
	Remaining []Diagnostic
	// Rejected lists fixes dropped because they would have introduced a
	// syntax error.
	Rejected []Finding

	// rounds and applied let AppliedInFixed place the applied fixes in the
	// fixed text (see fixmap.go).
	rounds  []roundEdits
	applied []appliedAt
}

// FixDocument applies fixes until none applies any more.
func FixDocument(doc *Document, opts Options) (*FixResult, error) {
	// res.Doc is set at the end: holding the first document for the whole
	// loop would keep its trees alive.
	res := &FixResult{}
	rejected := map[fixKey]bool{}
	if doc.cache == nil {
		// One cache for the run: a cell that a round brings back to an
		// earlier text is not parsed again.
		doc.cache = newParseCache()
	}
	doc.baselineUses = doc.model.usedImports()
	var settled []Diagnostic // the last round's diagnostics, when it fixed nothing
	for round := 0; round < maxFixRounds; round++ {
		diags, err := Check(doc, opts)
		if err != nil {
			return nil, err
		}
		accepted := selectFixes(doc, diags, opts, rejected)
		if len(accepted) == 0 {
			settled = diags
			break
		}
		plan := planFixes(doc, accepted)
		// From here on the round needs the text of the cells it changes,
		// not their trees: let the collector have those before the fixed
		// texts are parsed, rather than hold two trees of a huge script.
		var shed int
		doc, shed = doc.shedTrees(plan)
		collectShedTrees(shed)
		next, changed, broken, edits, err := applyFixes(doc, plan)
		if err != nil {
			return nil, err
		}
		for _, d := range broken {
			rejected[keyOf(doc, d)] = true
			res.Rejected = append(res.Rejected, doc.Find(d))
		}
		if !changed {
			doc = next
			continue // every fix this round broke its cell; they are now rejected
		}
		for _, d := range accepted {
			if !containsDiag(broken, d) {
				f := doc.Find(d)
				f.Fixed = true
				res.Applied = append(res.Applied, f)
				res.applied = append(res.applied, locate(doc, d, len(res.rounds)))
			}
		}
		res.rounds = append(res.rounds, edits)
		doc = next
	}
	res.Doc = doc
	res.Remaining = settled
	if settled == nil {
		// The rounds ran out, or the last one changed the document.
		var err error
		if res.Remaining, err = Check(doc, opts); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func containsDiag(list []Diagnostic, d Diagnostic) bool {
	for _, x := range list {
		if x.Start == d.Start && x.End == d.End && x.Rule == d.Rule {
			return true
		}
	}
	return false
}

// fixKey identifies a fix across rounds, where offsets move: its rule,
// its cell, and what each edit replaces with what.
type fixKey struct {
	rule  *Rule
	cell  int
	edits string
}

func keyOf(doc *Document, d Diagnostic) fixKey {
	k := fixKey{rule: d.Rule, cell: -1}
	c := doc.cellAt(d.Start)
	if c != nil {
		k.cell = c.Index
	}
	var b strings.Builder
	for _, e := range d.Fix.Edits {
		b.WriteString(doc.Text(e.Start, e.End))
		b.WriteByte(0)
		b.WriteString(e.NewText)
		b.WriteByte(0)
	}
	k.edits = b.String()
	return k
}

// selectFixes picks the fixes to apply this round: allowed by safety,
// confined to editable cells, clear of syntax errors, and not overlapping a
// fix already picked (the later one waits for the next round).
func selectFixes(doc *Document, diags []Diagnostic, opts Options, rejected map[fixKey]bool) []Diagnostic {
	var picked []Diagnostic
	var taken takenEdits
	pickedFixes := map[*Fix]bool{}
	for _, d := range diags {
		if d.Fix == nil || len(d.Fix.Edits) == 0 || (d.Fix.Safety == Unsafe && !opts.UnsafeFixes) {
			continue
		}
		if pickedFixes[d.Fix] {
			picked = append(picked, d) // a composed fix, already taken with another finding
			continue
		}
		if rejected[keyOf(doc, d)] || !doc.editable(d.Fix.Edits) || taken.overlapsAny(d.Fix.Edits) {
			continue
		}
		picked = append(picked, d)
		pickedFixes[d.Fix] = true
		taken.add(d.Fix.Edits)
	}
	return picked
}

// editable reports whether every edit stays inside one editable cell and
// away from syntax errors.
func (d *Document) editable(edits []TextEdit) bool {
	for _, e := range edits {
		c := d.cellAt(e.Start)
		if c == nil || e.End > c.End() || c.Skip || d.position(c) < d.FirstEditable {
			return false
		}
		if c.inError(e.Start-c.Offset, e.End-c.Offset) {
			return false
		}
	}
	return true
}

func (d *Document) position(c *Cell) int {
	i := sort.Search(len(d.Cells), func(i int) bool { return d.Cells[i].Offset >= c.Offset })
	if i < len(d.Cells) && d.Cells[i] == c {
		return i
	}
	return -1
}

// takenEdits are the edits of the fixes picked so far, sorted by start and
// then end. Comparing each new fix with all of them cost the square of the
// number of fixes (a line of 8,000 calls has 8,000).
//
// Picked edits do not overlap one another (overlaps), nor do the edits of
// one fix (applyEdits would refuse them), so in this order their ends
// ascend as well: the edits a new edit may overlap follow the first one
// that does not end before it starts, and among those only a few can touch
// it without overlapping it (an insertion at either end, an edit ending
// where it starts or starting where it ends).
type takenEdits []TextEdit

func (t takenEdits) overlapsAny(edits []TextEdit) bool {
	for _, e := range edits {
		i := sort.Search(len(t), func(i int) bool { return t[i].End >= e.Start })
		for ; i < len(t) && t[i].Start <= e.End; i++ {
			if overlaps(e, t[i]) {
				return true
			}
		}
	}
	return false
}

func (t *takenEdits) add(edits []TextEdit) {
	for _, e := range edits {
		i := sort.Search(len(*t), func(i int) bool {
			x := (*t)[i]
			return x.Start > e.Start || (x.Start == e.Start && x.End > e.End)
		})
		*t = slices.Insert(*t, i, e)
	}
}

// overlaps treats two insertions at one point as overlapping, since their
// order would be arbitrary.
func overlaps(a, b TextEdit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	return a.Start < b.End && b.Start < a.End
}

// fixPlan is what one round's accepted fixes do to a document: the edits
// of each cell they change and the findings whose fixes edit it, by the
// cell's position in Cells (positions, not cells, so that the plan does not
// keep the cells' trees alive; see shedTrees).
type fixPlan struct {
	edits  map[int][]TextEdit
	owners map[int][]Diagnostic
}

// planFixes gathers the edits of the accepted fixes and of the imports and
// definitions they need, by cell.
func planFixes(doc *Document, accepted []Diagnostic) fixPlan {
	plan := fixPlan{edits: map[int][]TextEdit{}, owners: map[int][]Diagnostic{}}
	seen := map[*Fix]bool{}
	for _, d := range accepted {
		if seen[d.Fix] {
			continue // a composed fix shared by several findings
		}
		seen[d.Fix] = true
		for _, e := range d.Fix.Edits {
			c := doc.cellAt(e.Start)
			if c == nil {
				continue // editable() let no such fix through
			}
			pos := doc.position(c)
			plan.edits[pos] = append(plan.edits[pos], e)
			if owners := plan.owners[pos]; len(owners) == 0 || !sameDiag(owners[len(owners)-1], d) {
				plan.owners[pos] = append(owners, d)
			}
		}
	}
	for c, e := range doc.importEdits(accepted) {
		pos := doc.position(c)
		plan.edits[pos] = append(plan.edits[pos], e...)
	}
	return plan
}

// shedTrees returns d with each editable cell that plan changes replaced
// by a copy holding its text, line positions and syntax errors only, all
// that applying the plan and reporting the round's findings (Find) read,
// and the length of the texts of those cells. The other cells stay as they
// are: the next document reuses them.
func (d *Document) shedTrees(plan fixPlan) (*Document, int) {
	out := &Document{Script: d.Script, FirstEditable: d.FirstEditable, history: d.history, cache: d.cache,
		baselineUses: d.baselineUses, Cells: slices.Clone(d.Cells)}
	shed := 0
	for pos, edits := range plan.edits {
		if pos >= d.FirstEditable && len(edits) > 0 {
			c := out.Cells[pos].located()
			c.errors = out.Cells[pos].errors
			out.Cells[pos] = c
			shed += len(c.Text)
		}
	}
	return out, shed
}

// applyFixes applies a round's plan to the document that shedTrees made,
// re-parses the changed cells and rejects the fixes of any cell that
// gained syntax errors. next is the resulting document; changed is false
// when no fix could be applied, and next then holds the same texts as doc.
//
// made holds, by cell index, the edits made to each changed cell, in cell
// offsets.
func applyFixes(doc *Document, plan fixPlan) (next *Document, changed bool, broken []Diagnostic, made roundEdits, err error) {
	// Fixes touch editable cells only: the cells before are kept as they
	// are, and not copied (a kernel session's history is long).
	first := doc.FirstEditable
	tail := slices.Clone(doc.Cells[first:])
	for i, c := range tail {
		edits := plan.edits[first+i]
		if len(edits) == 0 {
			continue
		}
		local := make([]TextEdit, len(edits))
		for i, e := range edits {
			local[i] = TextEdit{e.Start - c.Offset, e.End - c.Offset, e.NewText}
		}
		text, err := applyEdits(c.Text, local)
		if err != nil {
			return nil, false, nil, nil, fmt.Errorf("cell %d: %w", c.Index, err)
		}
		fixed, err := doc.cache.parse(c.Index, text, 0)
		if err != nil {
			return nil, false, nil, nil, err
		}
		if len(fixed.errors) > len(c.errors) {
			// Blame only the fixes that break the cell on their own; the
			// others are picked again next round, without the culprit.
			broken = append(broken, breaksAlone(c, plan.owners[first+i])...)
			// The cell stays as it was, tree and all: parse it again, as
			// shedTrees dropped its tree (from the cache if a round made
			// this text before; a fix that breaks its cell is rare).
			if tail[i], err = doc.cache.parse(c.Index, c.Text, c.Offset); err != nil {
				return nil, false, nil, nil, err
			}
			continue
		}
		tail[i] = fixed // parsed once: the next document reuses it
		changed = true
		if made == nil {
			made = roundEdits{}
		}
		made[c.Index] = local
	}
	next = relaid(doc, tail)
	next.baselineUses = doc.baselineUses
	return next, changed, broken, made, nil
}

// breaksAlone returns the fixes that add syntax errors to c when applied
// by themselves.
func breaksAlone(c *Cell, fixes []Diagnostic) []Diagnostic {
	var bad []Diagnostic
	for _, d := range fixes {
		var local []TextEdit
		for _, e := range d.Fix.Edits {
			local = append(local, TextEdit{e.Start - c.Offset, e.End - c.Offset, e.NewText})
		}
		text, err := applyEdits(c.Text, local)
		if err != nil {
			bad = append(bad, d)
			continue
		}
		if fixed, err := parseCell(c.Index, text, 0); err != nil || len(fixed.errors) > len(c.errors) {
			bad = append(bad, d)
		}
	}
	if len(bad) == 0 {
		// Only the combination breaks: give up on all of them rather
		// than loop.
		return fixes
	}
	return bad
}

func sameDiag(a, b Diagnostic) bool { return a.Start == b.Start && a.End == b.End && a.Rule == b.Rule }

// importEdits adds each import the accepted fixes need, once, unless the
// name is already bound to the module. It goes after the module-level
// tensorflow import standing in an editable cell at or before the first
// cell that needs it (so "import keras" lands where "import tensorflow"
// was), else at the top of that first cell.
func (d *Document) importEdits(accepted []Diagnostic) map[*Cell][]TextEdit {
	type need struct {
		im    Import
		first int // position of the first cell needing it
	}
	var needs []*need
	byStmt := map[string]*need{}
	for _, diag := range accepted {
		pos := d.position(d.cellAt(diag.Start))
		for _, im := range diag.Fix.Imports {
			if d.bound(pos, im) {
				continue
			}
			n := byStmt[im.Statement()]
			if n == nil {
				n = &need{im: im, first: pos}
				byStmt[im.Statement()] = n
				needs = append(needs, n)
			} else if pos < n.first {
				n.first = pos
			}
		}
	}
	out := map[*Cell][]TextEdit{}
	importAt := map[string]int{}   // document offset of each inserted import, by the name it binds
	importText := map[int]string{} // the text inserted there
	for _, n := range needs {
		c, at, text := d.importPlace(n.first)
		text = strings.Replace(text, "%s", n.im.Statement(), 1)
		out[c] = append(out[c], TextEdit{Start: at, End: at, NewText: text})
		importAt[n.im.Bound()] = at
		importText[at] += text
	}
	for c, edits := range d.definitionEdits(accepted, importAt, importText) {
		out[c] = append(out[c], edits...) // after the imports at a shared point
	}
	// Several imports inserted at one point must not count as overlapping;
	// merge them into one edit per point, in a stable order.
	for c, edits := range out {
		merged := map[int]string{}
		var points []int
		for _, e := range edits {
			if _, ok := merged[e.Start]; !ok {
				points = append(points, e.Start)
			}
			merged[e.Start] += e.NewText
		}
		sort.Ints(points)
		out[c] = out[c][:0]
		for _, p := range points {
			out[c] = append(out[c], TextEdit{Start: p, End: p, NewText: merged[p]})
		}
	}
	return out
}

// definitionEdits inserts each definition the accepted fixes need, once,
// on its own lines at the point definitionPoint gives for its earliest use
// (the rule left out definitions the document already has, and withheld
// fixes for which no point exists), with PEP 8's two blank lines around
// it. importAt holds the document offset of each inserted import, by the
// name it binds, and importText the text inserted at each such offset
// (to which this adds the definitions).
func (d *Document) definitionEdits(accepted []Diagnostic, importAt map[string]int, importText map[int]string) map[*Cell][]TextEdit {
	first := map[string]Definition{}
	needs := map[string][]string{} // the names each definition reads when it runs
	var names []string
	for _, diag := range accepted {
		for _, def := range diag.Fix.Definitions {
			if prev, ok := first[def.Name]; !ok || def.Before < prev.Before {
				if !ok {
					names = append(names, def.Name)
				}
				first[def.Name] = def
			}
			needs[def.Name] = append(needs[def.Name], def.Needs...)
			for _, im := range diag.Fix.Imports {
				needs[def.Name] = append(needs[def.Name], im.Bound())
			}
		}
	}
	inserted := func(name string) (int, bool) {
		at, ok := importAt[name]
		return at, ok
	}
	out := map[*Cell][]TextEdit{}
	for _, name := range names {
		def := first[name]
		c := d.cellAt(def.Before)
		if c == nil || c.Root == nil {
			continue
		}
		pos := d.position(c)
		at, _ := d.definitionPoint(pos, needs[name], []int{def.Before - c.Offset}, inserted)
		// Imports inserted at the same point come first, then the
		// definitions placed there before this one.
		code := spaced(c.Text[:at]+importText[c.Offset+at], c.Text[at:], def.Code)
		importText[c.Offset+at] += code
		out[c] = append(out[c], TextEdit{Start: c.Offset + at, End: c.Offset + at, NewText: code})
	}
	return out
}

// spaced is code as inserted between the texts before and after it: two
// blank lines between it and the code before (none at the top of a cell)
// and after it (none at the end), counting the blank lines already there.
func spaced(before, after, code string) string {
	var b strings.Builder
	switch {
	case strings.TrimSpace(before) == "":
	case !strings.HasSuffix(before, "\n"):
		b.WriteString("\n\n\n") // after a last line with no newline
	default:
		have := len(before) - len(strings.TrimRight(before, "\n"))
		b.WriteString(strings.Repeat("\n", max(0, 3-have)))
	}
	b.WriteString(code)
	b.WriteByte('\n')
	if strings.TrimSpace(after) != "" {
		blank := 0
		for _, line := range strings.SplitAfter(after, "\n") {
			if strings.TrimSpace(line) != "" || !strings.HasSuffix(line, "\n") {
				break
			}
			blank++
		}
		for ; blank < 2; blank++ {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// DefinitionPoint returns the cell offset in the cell at position pos
// where a module-level definition goes that reads the module-level names
// needs when it runs (the imports its code relies on) and is used at the
// cell offsets uses. ok is false when there is no such point.
//
// The point is the start of the module-level statement holding the first
// use, or later when the cell binds one of needs further down (an import
// below a function that uses the definition), or when an import of one of
// them would be inserted further down: the definition runs when it is
// defined and needs them. It must still come before every module-level
// statement that runs a use: one holding a use outside any function
// body, or one naming the module-level function or class whose body holds
// it (a call of it).
func (d *Document) DefinitionPoint(pos int, needs []string, uses []int) (at int, ok bool) {
	return d.definitionPoint(pos, needs, uses, func(name string) (int, bool) {
		if d.model.Lookup(pos, name) != nil {
			return 0, false
		}
		c, at, _ := d.importPlace(pos)
		return at, c == d.Cells[pos]
	})
}

// definitionPoint is DefinitionPoint, with inserted giving the document
// offset where an import of a name not bound yet is inserted.
func (d *Document) definitionPoint(pos int, needs []string, uses []int, inserted func(name string) (int, bool)) (int, bool) {
	c := d.Cells[pos]
	top := func(off int) *Node {
		for _, stmt := range c.Root.Children() {
			if stmt.Start() <= off && off < stmt.End() {
				return stmt
			}
		}
		return nil
	}
	at, limit := len(c.Text), len(c.Text)
	for _, u := range uses {
		stmt := top(u)
		if stmt == nil {
			continue
		}
		at = min(at, c.LineStart(stmt.Start()))
		limit = min(limit, d.firstRun(c, stmt, u))
	}
	for _, name := range needs {
		if b := d.model.Lookup(pos, name); b != nil && b.Cell == pos {
			if stmt := top(b.Stmt.Start()); stmt != nil {
				at = max(at, lineAfter(c.Text, stmt.End()))
			}
		} else if off, ok := inserted(name); ok && off >= c.Offset && off <= c.End() {
			at = max(at, off-c.Offset)
		}
	}
	return at, at <= limit
}

// firstRun is the cell offset of the line of the first module-level
// statement from stmt on that runs the use at cell offset u of stmt: stmt
// itself, unless u lies in a function body there, in which case the first
// later statement naming the function or class that stmt defines (the end
// of the cell when none does).
func (d *Document) firstRun(c *Cell, stmt *Node, u int) int {
	deferred := false
	stmt.Walk(func(n *Node) bool {
		if n.Start() > u || n.End() <= u {
			return false
		}
		if body := n.Child("body"); body != nil && (n.Type() == "function_definition" || n.Type() == "lambda") && body.Start() <= u && u < body.End() {
			deferred = true
		}
		return !deferred
	})
	if !deferred {
		return c.LineStart(stmt.Start())
	}
	def := stmt
	if def.Type() == "decorated_definition" {
		def = def.Child("definition")
	}
	id := def.Child("name")
	if (def.Type() != "function_definition" && def.Type() != "class_definition") || id == nil {
		return c.LineStart(stmt.Start())
	}
	name := c.Masked[id.Start():id.End()]
	for _, later := range c.Root.Children() {
		if later.Start() < stmt.End() {
			continue
		}
		named := false
		later.Walk(func(n *Node) bool {
			named = named || (n.Type() == "identifier" && c.Masked[n.Start():n.End()] == name)
			return !named
		})
		if named {
			return c.LineStart(later.Start())
		}
	}
	return len(c.Text)
}

// lineAfter is the start of the line after the one holding cell offset
// end-1 (the end of the text when it is the last line).
func lineAfter(text string, end int) int {
	if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 {
		return end + nl + 1
	}
	return len(text)
}

// bound reports whether im's name is already bound to its module in the
// cell at pos. A name bound to tf.keras's spelling of the module counts:
// it works as is, and tf-keras-import rewrites that import itself.
func (d *Document) bound(pos int, im Import) bool {
	b := d.model.Lookup(pos, im.Bound())
	if b == nil {
		return false
	}
	want := im.Module
	if im.Name != "" {
		want += "." + im.Name
	}
	return b.Qualified == want || KerasSpelling(b.Qualified) == want
}

// importPlace returns where to insert a new import for the first cell at
// position first that needs it, and a template with %s for the statement.
func (d *Document) importPlace(first int) (*Cell, int, string) {
	for pos := d.FirstEditable; pos <= first && pos < len(d.Cells); pos++ {
		c := d.Cells[pos]
		if c.Root == nil {
			continue
		}
		for _, stmt := range c.Root.Children() {
			if !importsTensorFlow(c, stmt) {
				continue
			}
			end := stmt.End()
			if nl := strings.IndexByte(c.Text[end:], '\n'); nl >= 0 {
				return c, c.Offset + end + nl + 1, "%s\n"
			}
			return c, c.Offset + len(c.Text), "\n%s"
		}
	}
	c := d.Cells[first]
	at := topInsertionPoint(c)
	if at > 0 && c.Text[at-1] != '\n' {
		return c, c.Offset + at, "\n%s\n" // after a last line with no newline
	}
	return c, c.Offset + at, "%s\n"
}

func importsTensorFlow(c *Cell, stmt *Node) bool {
	var mod *Node
	switch stmt.Type() {
	case "import_statement":
		mod = stmt.Child("name")
		if mod != nil && mod.Type() == "aliased_import" {
			mod = mod.Child("name")
		}
	case "import_from_statement":
		mod = stmt.Child("module_name")
	}
	if mod == nil {
		return false
	}
	name := dotted(c.Masked[mod.Start():mod.End()])
	return name == "tensorflow" || strings.HasPrefix(name, "tensorflow.")
}

// topInsertionPoint is the start of the cell's first statement that is not
// a docstring, a __future__ import or masked IPython syntax.
func topInsertionPoint(c *Cell) int {
	docstring := true // a string before any code is a docstring
	for _, stmt := range c.Root.Children() {
		switch {
		case stmt.Type() == "comment" || stmt.Type() == "future_import_statement":
		case c.Masked[stmt.Start():stmt.End()] != c.Text[stmt.Start():stmt.End()]:
			// masked magic such as %matplotlib inline or !pip install
		case docstring && stmt.Type() == "expression_statement" && len(stmt.Children()) == 1 && stmt.Children()[0].Type() == "string":
			docstring = false
		default:
			return c.LineStart(stmt.Start())
		}
	}
	return len(c.Text)
}
