package cellfix

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// A fix that adds or removes lines moves every line after it: a kernel
// that runs the fixed cell while the notebook still shows the cell as
// written (JupyterLab keeps a cell's text when it raises) would then print
// tracebacks whose line numbers point at other lines of what the user
// sees. LinePreserving lays the fixed text out again on the lines of the
// original, so that code the fixes left alone runs on the line where it
// stands in the original.

// Layout is a fixed text laid out on the lines of the text it fixes.
type Layout struct {
	// Run is the code to run.
	Run string
	// Prelude holds import statements the fixes added at the top of a
	// text whose first code is a compound statement (`def`, `class`, `if`,
	// a decorator), which no other statement can share a line with: they
	// run first, on their own, and Run goes without them. "" for none.
	Prelude string
	// LineOf gives, for each line of the fixed text (from 0), the line of
	// Run (from 1) that holds it; a line moved to Prelude gets the line
	// Run starts its code on.
	LineOf []int
	// Preserved is set when Run keeps the lines of the original; if not,
	// Run is the fixed text as it is.
	Preserved bool
}

// LinePreserving lays after, the fixed form of before, out so that every
// line of code the fixes left alone stands on its line in before, and the
// lines the fixes wrote stand in the lines they replaced. Lines are joined
// where Python allows it without changing the code (two simple statements
// of one block with "; ", a break inside brackets, a header and its
// one-line body, a comment alone on its line moved to the next), blank
// lines are dropped or added, and imports added above a compound first
// statement go to the Prelude. The result is parsed again and must hold
// the same code. When either text does not parse cleanly or the lines
// cannot be kept, Run is after as it is.
func LinePreserving(before, after string) Layout {
	// Rewritten lines held on the lines they rewrite if possible, else
	// only unchanged lines held on theirs; imports moved to the prelude
	// only when the text cannot be laid out with them.
	prelude, rest, moved := hoistImports(before, after)
	for _, strict := range []bool{true, false} {
		if l, ok := linePreserving(before, after, strict); ok {
			return l
		}
		if prelude == "" {
			continue
		}
		if l, ok := linePreserving(before, rest, strict); ok {
			l.Prelude, l.LineOf = prelude, withMoved(l.LineOf, moved)
			return l
		}
	}
	if l, ok := withDefinitionsFirst(before, after); ok {
		return l
	}
	lines := strings.Count(after, "\n") + 1
	l := Layout{Run: after, LineOf: make([]int, lines)}
	for i := range l.LineOf {
		l.LineOf[i] = i + 1
	}
	return l
}

// withMoved maps lineOf, of the text without the moved lines, onto the
// text with them: a moved line gets the line of the next one kept.
func withMoved(lineOf []int, moved []bool) []int {
	out := make([]int, len(moved))
	next := 0
	for i, m := range moved {
		if !m {
			out[i] = lineOf[next]
			next++
		}
	}
	for i := len(out) - 1; i >= 0; i-- {
		if moved[i] {
			out[i] = 1
			if i+1 < len(out) {
				out[i] = out[i+1]
			}
		}
	}
	return out
}

// linePreserving lays after out on before's lines, holding rewritten lines
// on the lines they rewrite too when strict.
func linePreserving(before, after string, strict bool) (Layout, bool) {
	lines := strings.Split(after, "\n")
	if before == after {
		l := Layout{Run: after, LineOf: make([]int, len(lines)), Preserved: true}
		for i := range l.LineOf {
			l.LineOf[i] = i + 1
		}
		return l, true
	}
	if len(before) > maxCellBytes || len(after) > maxCellBytes {
		return Layout{}, false
	}
	fixed, err := parseCell(0, after, 0)
	if err != nil || fixed.Skip || len(fixed.errors) > 0 {
		return Layout{}, false
	}
	same, paired := alignLines(before, after)
	beforeLines := strings.Count(before, "\n") + 1
	anchors := same
	if strict {
		anchors = merge(same, paired)
	}
	l := layout{cell: fixed, lines: lines, masked: strings.Split(fixed.Masked, "\n")}
	if !l.plan(anchors, beforeLines) {
		return Layout{}, false
	}
	run, lineOf := l.render()
	check, err := parseCell(0, run, 0)
	if err != nil || check.Skip || len(check.errors) > 0 || !sameCode(fixed, check) {
		return Layout{}, false
	}
	return Layout{Run: run, LineOf: lineOf, Preserved: true}, true
}

// hoistImports finds the import statements the fixes added at the top of
// after, each alone on its line and below nothing but comments and blank
// lines, when what follows them is a compound statement. It returns them
// (the prelude), after without them, and which lines of after moved.
func hoistImports(before, after string) (prelude, rest string, moved []bool) {
	c, err := parseCell(0, after, 0)
	if err != nil || c.Skip || len(c.errors) > 0 {
		return "", "", nil
	}
	same, paired := alignLines(before, after)
	lines, masked := strings.Split(after, "\n"), strings.Split(c.Masked, "\n")
	moved = make([]bool, len(lines))
	var imports []string
	stmts := c.Root.Children()
	k := 0
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if line != masked[i] {
			return "", "", nil // IPython syntax: it runs in order
		}
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		for k < len(stmts) && stmts[k].Type() == "comment" {
			k++
		}
		if k == len(stmts) || c.lineStarts[i] != stmts[k].Start() {
			return "", "", nil
		}
		st := stmts[k]
		if same[i] >= 0 || paired[i] >= 0 || st.Type() != "import_statement" && st.Type() != "import_from_statement" ||
			st.End() != c.lineStarts[i]+len(strings.TrimRight(line, " \t\r")) {
			// The first code that is not an added import: a compound
			// statement, or hoisting is not what is needed.
			if simpleStatements[st.Type()] || len(imports) == 0 {
				return "", "", nil
			}
			break
		}
		imports = append(imports, trimmed)
		moved[i] = true
		k++
	}
	if len(imports) == 0 {
		return "", "", nil
	}
	var kept []string
	for i, line := range lines {
		if !moved[i] {
			kept = append(kept, line)
		}
	}
	return strings.Join(imports, "\n") + "\n", strings.Join(kept, "\n"), moved
}

// withDefinitionsFirst lays after out with the definitions the fixes added
// (a local replacement class, a registered function) moved to the
// prelude: a block of many new lines has no line of before to stand on.
// Imports the fixes added at the top go to the prelude too when the rest
// needs that.
func withDefinitionsFirst(before, after string) (Layout, bool) {
	prelude, rest, moved := hoistDefinitions(before, after)
	if prelude == "" {
		return Layout{}, false
	}
	for _, strict := range []bool{true, false} {
		if l, ok := linePreserving(before, rest, strict); ok {
			l.Prelude, l.LineOf = prelude, withMoved(l.LineOf, moved)
			return l, true
		}
	}
	// The prelude holds a copy of the imports above the definitions,
	// those the fixes added among them, so the rest can do without them.
	_, rest2, moved2 := hoistImports(before, rest)
	if rest2 == "" {
		return Layout{}, false
	}
	for _, strict := range []bool{true, false} {
		if l, ok := linePreserving(before, rest2, strict); ok {
			l.Prelude, l.LineOf = prelude, withMoved(withMoved(l.LineOf, moved2), moved)
			return l, true
		}
	}
	return Layout{}, false
}

// hoistDefinitions finds the top-level definitions (`class`, `def`, with
// their decorators) whose every line the fixes wrote, with the comment
// lines the fixes wrote right above them. It returns the prelude, which is
// a copy of the import statements above them followed by them, after
// without them, and which lines of after moved. Running the definitions
// before the statements between the imports and them changes nothing: a
// fix defines only a name the code does not bind, and the definition
// reads only imported modules when it runs. The imports must all come
// before any other statement (an environment variable set before an
// import, KERAS_BACKEND, must stay before it), and the text must hold no
// IPython syntax, which runs in order.
func hoistDefinitions(before, after string) (prelude, rest string, moved []bool) {
	c, err := parseCell(0, after, 0)
	if err != nil || c.Skip || len(c.errors) > 0 || c.Masked != after {
		return "", "", nil
	}
	// A line that rewrites an old one (paired) may still belong to an
	// added definition: a lambda's body becomes a function's.
	same, _ := alignLines(before, after)
	own := definedNames(before)
	lines := strings.Split(after, "\n")
	lineOf := func(off int) int { line, _ := c.Position(off); return line - 1 }
	written := func(from, to int) bool {
		for i := from; i <= to; i++ {
			if same[i] >= 0 {
				return false
			}
		}
		return true
	}
	moved = make([]bool, len(lines))
	var imports, defs []string
	leading, lastDef, lateImport := true, -1, -1
	for k, st := range c.Root.Children() {
		first, last := lineOf(st.Start()), lineOf(st.End()-1)
		switch st.Type() {
		case "comment":
			continue
		case "expression_statement":
			if k == 0 && len(st.Children()) == 1 && st.Children()[0].Type() == "string" {
				continue // a docstring
			}
		case "class_definition", "function_definition", "decorated_definition":
			if !written(first, last) || own[definedName(c, st)] || namedAbove(c, st) {
				// Not the fixes' own, or code above names it and would
				// see it bound earlier.
				break
			}
			for first > 0 && !moved[first-1] && written(first-1, first-1) &&
				strings.HasPrefix(strings.TrimSpace(lines[first-1]), "#") {
				first--
			}
			for i := first; i <= last; i++ {
				moved[i] = true
			}
			defs = append(defs, strings.Join(lines[first:last+1], "\n"))
			lastDef = k
			continue
		case "import_statement", "import_from_statement":
			if leading {
				imports = append(imports, after[st.Start():st.End()])
			} else if lateImport < 0 {
				lateImport = k
			}
			continue
		}
		leading = false
	}
	// An import that follows other code may depend on that code having
	// run: the definitions cannot go before it.
	if lastDef < 0 || (lateImport >= 0 && lateImport < lastDef) {
		return "", "", nil
	}
	var restLines []string
	for i, line := range lines {
		if !moved[i] {
			restLines = append(restLines, line)
		}
	}
	return strings.Join(append(imports, defs...), "\n") + "\n", strings.Join(restLines, "\n"), moved
}

// definedNames are the names the top-level definitions of text bind: a
// definition of the user's that a fix rewrote is not one the fixes added,
// and what it reads when it runs (defaults, decorators, base classes) may
// be bound by the code above it.
func definedNames(text string) map[string]bool {
	c, err := parseCell(0, text, 0)
	if err != nil || c.Root == nil {
		return nil
	}
	names := map[string]bool{}
	for _, st := range c.Root.Children() {
		if name := definedName(c, st); name != "" {
			names[name] = true
		}
	}
	return names
}

// definedName is the name a class, function or decorated definition
// binds, or "".
func definedName(c *Cell, def *Node) string {
	if def.Type() == "decorated_definition" {
		def = def.Child("definition")
	}
	if def == nil || (def.Type() != "class_definition" && def.Type() != "function_definition") || def.Child("name") == nil {
		return ""
	}
	name := def.Child("name")
	return c.Masked[name.Start():name.End()]
}

// namedAbove reports whether code above the definition def names what
// it binds (comments and strings do not count).
func namedAbove(c *Cell, def *Node) bool {
	if def.Type() == "decorated_definition" {
		def = def.Child("definition")
	}
	name := def.Child("name")
	if name == nil {
		return true
	}
	bound := c.Masked[name.Start():name.End()]
	for _, id := range c.NodesOf("identifier") {
		if id.Start() < def.Start() && c.Masked[id.Start():id.End()] == bound {
			return true
		}
	}
	return false
}

// merge is same with the -1 entries taken from paired.
func merge(same, paired []int) []int {
	out := append([]int(nil), same...)
	for i, p := range paired {
		if out[i] < 0 {
			out[i] = p
		}
	}
	return out
}

// alignLines returns, for each line of after, the line of before (from 0)
// it is an unchanged copy of, or -1 for a line the change wrote; and in
// paired, for each line the change wrote, the line of before it rewrites
// (a changed line that keeps most of its words), or -1.
func alignLines(before, after string) (same, paired []int) {
	// The diff works on whole lines: a last line without a newline must
	// not differ from the same line with one.
	b, a := before+"\n", after+"\n"
	n := strings.Count(after, "\n") + 1
	same, paired = make([]int, 0, n), make([]int, 0, n)
	bl, pos := 0, 0 // before's line at pos
	keep := func(upto int) {
		for n := strings.Count(b[pos:upto], "\n"); n > 0; n-- {
			same, paired = append(same, bl), append(paired, -1)
			bl++
		}
		pos = upto
	}
	for _, e := range udiff.Lines(b, a) {
		keep(e.Start)
		old := strings.SplitAfter(b[e.Start:e.End], "\n")
		old = old[:len(old)-1]
		fresh := strings.SplitAfter(e.New, "\n")
		fresh = fresh[:len(fresh)-1]
		for _, p := range pairLines(old, fresh) {
			same = append(same, -1)
			if p >= 0 {
				p += bl
			}
			paired = append(paired, p)
		}
		bl += len(old)
		pos = e.End
	}
	keep(len(b))
	return same, paired
}

// pairLines matches the lines a change wrote (fresh) with the lines it
// replaced (old), in order, so that most words are shared: for each fresh
// line the old line it rewrites, or -1.
func pairLines(old, fresh []string) []int {
	// best[i][j]: the most words shared pairing old[:i] with fresh[:j].
	best := make([][]int, len(old)+1)
	for i := range best {
		best[i] = make([]int, len(fresh)+1)
	}
	sim := func(i, j int) int { return sharedWords(old[i], fresh[j]) }
	for i := 1; i <= len(old); i++ {
		for j := 1; j <= len(fresh); j++ {
			best[i][j] = max(best[i-1][j], best[i][j-1])
			if s := sim(i-1, j-1); s > 0 {
				best[i][j] = max(best[i][j], best[i-1][j-1]+s)
			}
		}
	}
	out := make([]int, len(fresh))
	for j := range out {
		out[j] = -1
	}
	for i, j := len(old), len(fresh); i > 0 && j > 0; {
		switch s := sim(i-1, j-1); {
		case s > 0 && best[i][j] == best[i-1][j-1]+s:
			out[j-1] = i - 1
			i, j = i-1, j-1
		case best[i][j] == best[i-1][j]:
			i--
		default:
			j--
		}
	}
	return out
}

// sharedWords counts the words (names, numbers) two lines share.
func sharedWords(a, b string) int {
	words := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool {
			return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
		})
	}
	count := map[string]int{}
	for _, w := range words(a) {
		count[w]++
	}
	shared := 0
	for _, w := range words(b) {
		if count[w] > 0 {
			count[w]--
			shared++
		}
	}
	return shared
}

// layout is the plan that lays after's lines on before's.
type layout struct {
	cell   *Cell
	lines  []string // after, by line
	masked []string // after with IPython syntax blanked, by line
	// join[j] is how line j+1 continues line j: "" keeps the line break,
	// otherwise the separator that replaces it.
	join []string
	// drop[j] removes line j, a blank line.
	drop []bool
	// pad[j] is how many blank lines go after line j; padTop before line 0.
	pad    []int
	padTop int
	leaves []*Node // the tree's leaves in order
}

func (l *layout) plan(align []int, beforeLines int) bool {
	n := len(l.lines)
	if len(align) != n {
		return false
	}
	l.join = make([]string, n)
	l.drop = make([]bool, n)
	l.pad = make([]int, n)
	l.cell.Root.Walk(func(x *Node) bool {
		if len(x.Children()) == 0 {
			l.leaves = append(l.leaves, x)
		}
		return true
	})
	// Anchors are the lines that hold code and have a line of before
	// (align): each must stay on it. The other lines, blank lines among
	// them, belong to the gaps between anchors, which they must fill
	// exactly.
	prev, prevBefore := -1, -1
	for i := 0; i <= n; i++ {
		at := beforeLines
		if i < n {
			if align[i] < 0 || strings.TrimSpace(l.lines[i]) == "" {
				continue
			}
			at = align[i]
		}
		if !l.fill(prev, i, at-prevBefore-1) {
			return false
		}
		prev, prevBefore = i, at
	}
	return true
}

// fill lays the lines strictly between anchors a1 and a2 (-1 and
// len(lines) when there is none) on want lines.
func (l *layout) fill(a1, a2, want int) bool {
	have := a2 - a1 - 1
	if want < 0 {
		return false
	}
	if have <= want {
		// Blank lines stand for the removed ones, after the gap's own.
		switch {
		case have > 0:
			l.pad[a2-1] += want - have
		case a1 >= 0:
			l.pad[a1] += want - have
		default:
			l.padTop += want - have
		}
		return true
	}
	// Too many lines: take line breaks out, the surest kinds first, and
	// of a kind the first ones (an added statement joins the one it
	// follows).
	type cut struct {
		rank, line int // rank 0 drops blank line `line`; the others join line `line` and the next
		sep        string
	}
	var cuts []cut
	for j := a1 + 1; j < a2; j++ {
		if strings.TrimSpace(l.lines[j]) == "" && l.lines[j] == l.masked[j] {
			cuts = append(cuts, cut{0, j, ""})
		}
	}
	for j := max(a1, 0); j < a2 && j+1 < len(l.lines); j++ {
		if j+1 == a2 && a2 >= len(l.lines) {
			break
		}
		if sep, rank := l.joinable(j); rank > 0 {
			cuts = append(cuts, cut{rank, j, sep})
		}
	}
	// Blank lines go last: they keep every line of code where it is in
	// the gap, but a code line the fixes rewrote then stands below the
	// line it replaces.
	order := func(rank int) int {
		if rank == 0 {
			return 10
		}
		return rank
	}
	sort.SliceStable(cuts, func(x, y int) bool { return order(cuts[x].rank) < order(cuts[y].rank) })
	need := have - want
	for _, c := range cuts {
		if need == 0 {
			break
		}
		if c.rank == 0 {
			l.drop[c.line] = true
			need--
			continue
		}
		// A dropped line cannot be joined to, nor joined from; a comment
		// moves to a line that is joined with no other.
		if l.drop[c.line] || l.drop[c.line+1] || c.sep == swapComment && (c.line > 0 && l.join[c.line-1] != "" || l.join[c.line+1] != "") ||
			c.line > 0 && l.join[c.line-1] == swapComment || l.join[c.line+1] == swapComment {
			continue
		}
		l.join[c.line] = c.sep
		need--
	}
	return need == 0
}

// simpleStatements can share a line, separated by "; ".
var simpleStatements = map[string]bool{
	"expression_statement": true, "import_statement": true, "import_from_statement": true,
	"assert_statement": true, "return_statement": true, "pass_statement": true,
	"break_statement": true, "continue_statement": true, "raise_statement": true,
	"global_statement": true, "nonlocal_statement": true, "delete_statement": true,
	"print_statement": true, "exec_statement": true, "type_alias_statement": true,
}

// joinable says whether line j and line j+1 can be one line, and with
// what, ranked: 1 for a break inside brackets (a space), 2 for two simple
// statements of one block ("; "), 3 for a compound statement's header and
// its one-line body (a space), 4 for a line and a comment alone on the
// next (two spaces), 5 for a comment alone on its line and the next line
// (which it then follows); 0 when they cannot.
func (l *layout) joinable(j int) (sep string, rank int) {
	// IPython syntax stays on its own lines.
	if l.lines[j] != l.masked[j] || l.lines[j+1] != l.masked[j+1] {
		return "", 0
	}
	if strings.TrimSpace(l.lines[j]) == "" || strings.TrimSpace(l.lines[j+1]) == "" {
		return "", 0
	}
	end := l.cell.lineStarts[j] + len(strings.TrimRight(l.lines[j], " \t\r")) // after line j's last character
	next := l.cell.lineStarts[j+1] + len(l.lines[j+1]) - len(strings.TrimLeft(l.lines[j+1], " \t"))
	// The leaf that ends line j: not a comment, not a backslash.
	i := sort.Search(len(l.leaves), func(i int) bool { return l.leaves[i].End() >= end })
	if i == len(l.leaves) || l.leaves[i].End() != end || l.leaves[i].Start() >= end {
		return "", 0 // line j ends inside a leaf (a string) or in a backslash
	}
	last := l.leaves[i]
	if inString(last) {
		return "", 0
	}
	if last.Type() == "comment" {
		// A comment alone on line j can follow line j's code instead, when
		// that line ends cleanly.
		if strings.TrimSpace(l.lines[j])[0] != '#' {
			return "", 0
		}
		end2 := l.cell.lineStarts[j+1] + len(strings.TrimRight(l.lines[j+1], " \t\r"))
		k := sort.Search(len(l.leaves), func(k int) bool { return l.leaves[k].End() >= end2 })
		if k == len(l.leaves) || l.leaves[k].End() != end2 || l.leaves[k].Start() >= end2 || inString(l.leaves[k]) {
			return "", 0
		}
		return swapComment, 5
	}
	if i+1 == len(l.leaves) || l.leaves[i+1].Start() != next {
		return "", 0
	}
	first := l.leaves[i+1]
	if first.Type() == "comment" && l.lineEndsAt(j+1, first.End()) {
		return "  ", 4 // the comment stands alone on its line
	}
	if depth := l.bracketDepth(i); depth > 0 {
		return " ", 1
	}
	s1, s2 := statementOf(last, true), statementOf(first, false)
	if s1 != nil && s2 != nil && s1.End() == end && s2.Start() == next && s1.Parent == s2.Parent {
		return "; ", 2
	}
	// A header ending in ":" and a body of simple statements all on the
	// next line: "if c: s()" is the same statement.
	if s2 != nil && s2.Start() == next && last.Type() == ":" && s2.Parent.Type() == "block" &&
		s2.Parent.Start() == next && s2.Parent.Parent != nil && s2.Parent.Parent == last.Parent {
		block := s2.Parent
		for _, st := range block.Children() {
			if st.Type() != "comment" && !simpleStatements[st.Type()] {
				return "", 0
			}
		}
		if strings.TrimSpace(l.cell.Text[l.cell.lineStarts[j+1]+len(l.lines[j+1]):block.End()]) == "" {
			return " ", 3
		}
	}
	return "", 0
}

// swapComment joins a comment alone on its line to the end of the next.
const swapComment = "\x00"

// lineEndsAt reports whether line j holds nothing after offset off but
// blanks.
func (l *layout) lineEndsAt(j, off int) bool {
	return strings.TrimSpace(l.cell.Text[off:l.cell.lineStarts[j]+len(l.lines[j])]) == ""
}

// bracketDepth counts the brackets open after leaf i.
func (l *layout) bracketDepth(i int) int {
	depth := 0
	for _, x := range l.leaves[:i+1] {
		if x.Named || inString(x) {
			continue
		}
		switch l.cell.Text[x.Start():x.End()] {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		}
	}
	return depth
}

func inString(n *Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type() == "string" || p.Type() == "concatenated_string" {
			return true
		}
	}
	return false
}

// statementOf returns the simple statement of a module or block that
// leaf ends (atEnd) or starts, or nil.
func statementOf(leaf *Node, atEnd bool) *Node {
	for p := leaf; p != nil; p = p.Parent {
		if atEnd && p.End() != leaf.End() || !atEnd && p.Start() != leaf.Start() {
			return nil
		}
		if simpleStatements[p.Type()] {
			if p.Parent == nil || p.Parent.Type() != "module" && p.Parent.Type() != "block" {
				return nil
			}
			return p
		}
	}
	return nil
}

// render applies the plan: the run text, and the line of it that holds
// each line of after.
func (l *layout) render() (string, []int) {
	out := make([]string, l.padTop, len(l.lines)+l.padTop)
	lineOf := make([]int, len(l.lines))
	for j, text := range l.lines {
		switch {
		case l.drop[j]:
		case j > 0 && l.join[j-1] == swapComment:
			out[len(out)-1] = strings.TrimRight(text, " \t\r") + "  " + strings.TrimSpace(out[len(out)-1])
		case j > 0 && l.join[j-1] != "":
			out[len(out)-1] += l.join[j-1] + strings.TrimLeft(text, " \t")
		default:
			out = append(out, text)
		}
		if l.join[j] != "" {
			out[len(out)-1] = strings.TrimRight(out[len(out)-1], " \t\r")
		}
		lineOf[j] = max(len(out), 1)
		for range l.pad[j] {
			out = append(out, "")
		}
	}
	return strings.Join(out, "\n"), lineOf
}

// sameCode reports whether two parses hold the same code: the same nodes
// in the same order, with the same text in every leaf and string, and the
// same comments; only where lines break, the "; " between statements and
// where a comment stands on its line may differ.
func sameCode(a, b *Cell) bool {
	flat := func(c *Cell) (code, comments []string) {
		var walk func(n *Node, depth int)
		walk = func(n *Node, depth int) {
			text := ""
			if n.Type() == "string" || len(n.Children()) == 0 {
				text = c.Text[n.Start():n.End()]
			}
			switch {
			case n.Type() == "comment":
				comments = append(comments, text)
				return
			case !n.Named && text == ";":
				return
			}
			code = append(code, strconv.Itoa(depth)+"\x00"+n.Type()+"\x00"+text)
			if n.Type() != "string" {
				for _, ch := range n.Children() {
					walk(ch, depth+1)
				}
			}
		}
		walk(c.Root, 0)
		slices.Sort(comments)
		return code, comments
	}
	codeA, commentsA := flat(a)
	codeB, commentsB := flat(b)
	return slices.Equal(codeA, codeB) && slices.Equal(commentsA, commentsB)
}
