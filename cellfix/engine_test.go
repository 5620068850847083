package cellfix

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// renameRule replaces every identifier `from` with `to`, needing imports.
func renameRule(from, to string, safety Safety, imports ...Import) *Rule {
	r := &Rule{Name: "rename-" + from, Code: "T" + from, Fixable: true}
	r.Run = func(p *Pass) {
		p.Walk(func(n *Node) bool {
			if n.Type() == "identifier" && p.Text(n) == from {
				p.Reportf(n, &Fix{Title: "rename", Safety: safety, Edits: []TextEdit{p.Replace(n, to)}, Imports: imports}, from+" is old")
			}
			return true
		})
	}
	return r
}

func doc(t *testing.T, cells ...string) *Document {
	t.Helper()
	var src []Source
	for i, c := range cells {
		src = append(src, Source{Index: i * 2, Text: c}) // markdown cells between: indices skip
	}
	d, err := NewDocument(src, false)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func texts(d *Document) []string {
	var out []string
	for _, c := range d.Cells {
		out = append(out, c.Text)
	}
	return out
}

func TestFindMapsToCellLineAndCharacterColumn(t *testing.T) {
	d := doc(t, "x = 1\n", "s = 'é'; old\n")
	diags, err := Check(d, Options{Rules: []*Rule{renameRule("old", "new", Safe)}})
	if err != nil || len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1", len(diags))
	}
	f := d.Find(diags[0])
	if f.Cell == nil || *f.Cell != 2 || f.Line != 1 || f.Column != 10 || f.EndColumn != 13 {
		t.Errorf("got cell %v line %d col %d-%d, want cell 2 line 1 col 10-13 (characters, not bytes)", f.Cell, f.Line, f.Column, f.EndColumn)
	}
	if f.Fix == nil || f.Fix.Text != "s = 'é'; new" || f.Fix.Safety != "safe" {
		t.Errorf("fix summary = %+v", f.Fix)
	}
}

// A fix's text shows the part of a long line around the fix, so that the
// findings of one line cost their number times a bounded excerpt, not
// times the line.
func TestFixTextOfALongLineIsAnExcerpt(t *testing.T) {
	left, right := strings.Repeat("a = 1; ", 200), strings.Repeat("; b = 2", 200)
	d := doc(t, "s = 'é' * 9; "+left+"old"+right+"\n")
	diags, err := Check(d, Options{Rules: []*Rule{renameRule("old", "new", Safe)}})
	if err != nil || len(diags) != 1 {
		t.Fatalf("got %d diagnostics (%v), want 1", len(diags), err)
	}
	got := d.Find(diags[0]).Fix.Text
	want := "…" + left[len(left)-excerptContext:] + "new" + right[:excerptContext] + "…"
	if got != want {
		t.Errorf("fix text = %q\nwant %q", got, want)
	}
	// A cut inside a multi-byte character moves to its start.
	d = doc(t, "s = '"+strings.Repeat("é", 300)+"'; old\n")
	diags, err = Check(d, Options{Rules: []*Rule{renameRule("old", "new", Safe)}})
	if err != nil || len(diags) != 1 {
		t.Fatalf("got %d diagnostics (%v), want 1", len(diags), err)
	}
	if got := d.Find(diags[0]).Fix.Text; !utf8.ValidString(got) || !strings.HasSuffix(got, "é'; new") || len(got) > 2*excerptContext {
		t.Errorf("fix text = %q, want valid UTF-8 ending in the fix, at most %d bytes", got, 2*excerptContext)
	}
}

func TestFixAddsImportOnceWhereTensorFlowWasImported(t *testing.T) {
	r := renameRule("old", "new", Safe, Import{Module: "keras"})
	d := doc(t, "import numpy as np\nimport tensorflow as tf\nx = 1\n", "a = old\n", "b = old\nc = old\n")
	res, err := FixDocument(d, Options{Rules: []*Rule{r}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"import numpy as np\nimport tensorflow as tf\nimport keras\nx = 1\n", "a = new\n", "b = new\nc = new\n"}
	if got := texts(res.Doc); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if len(res.Applied) != 3 || len(res.Remaining) != 0 {
		t.Errorf("applied %d, remaining %d; want 3 and 0", len(res.Applied), len(res.Remaining))
	}
}

func TestFixAddsImportAtTopOfFirstCellNeedingIt(t *testing.T) {
	r := renameRule("old", "new", Safe, Import{Module: "keras", Name: "layers"})
	d := doc(t, "x = 1\n", "%matplotlib inline\n\"\"\"Doc.\"\"\"\n# note\na = old\n", "b = old\n")
	res, err := FixDocument(d, Options{Rules: []*Rule{r}})
	if err != nil {
		t.Fatal(err)
	}
	want := "%matplotlib inline\n\"\"\"Doc.\"\"\"\n# note\nfrom keras import layers\na = new\n"
	if got := res.Doc.Cells[1].Text; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := res.Doc.Cells[2].Text; got != "b = new\n" {
		t.Errorf("import added twice: %q", got)
	}
}

func TestFixSkipsImportAlreadyBound(t *testing.T) {
	r := renameRule("old", "new", Safe, Import{Module: "keras"})
	d := doc(t, "from tensorflow import keras\n", "a = old\n")
	res, err := FixDocument(d, Options{Rules: []*Rule{r}})
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(res.Doc); got[0] != "from tensorflow import keras\n" || got[1] != "a = new\n" {
		t.Errorf("got %q", got)
	}
}

func TestUnsafeFixesNeedOptIn(t *testing.T) {
	r := renameRule("old", "new", Unsafe)
	for _, unsafe := range []bool{false, true} {
		res, err := FixDocument(doc(t, "a = old\n"), Options{Rules: []*Rule{r}, UnsafeFixes: unsafe})
		if err != nil {
			t.Fatal(err)
		}
		want := map[bool]string{false: "a = old\n", true: "a = new\n"}[unsafe]
		if got := res.Doc.Cells[0].Text; got != want {
			t.Errorf("unsafe=%v: got %q, want %q", unsafe, got, want)
		}
	}
}

func TestFixThatBreaksSyntaxIsRejected(t *testing.T) {
	d := doc(t, "a = old\nb = fine\n")
	res, err := FixDocument(d, Options{Rules: []*Rule{renameRule("old", "(", Safe), renameRule("fine", "good", Safe)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Doc.Cells[0].Text; got != "a = old\nb = good\n" {
		t.Errorf("got %q: the breaking fix must be dropped and the good one kept", got)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].Rule != "rename-old" {
		t.Errorf("rejected = %+v, want the rename-old fix", res.Rejected)
	}
}

// A cell all of whose fixes break it keeps its tree for the next round
// (the round let go of it before parsing the fixed text): its finding
// remains, found again in the text as it was.
func TestCellWhoseFixesAllBreakIsCheckedAgain(t *testing.T) {
	for _, cells := range [][]string{{"a = old\n"}, {"a = old\n", "b = fine\n"}} {
		d := doc(t, cells...)
		res, err := FixDocument(d, Options{Rules: []*Rule{renameRule("old", "(", Safe), renameRule("fine", "good", Safe)}})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Doc.Cells[0].Text; got != "a = old\n" {
			t.Errorf("%q: cell 0 became %q, want it unchanged", cells, got)
		}
		if len(res.Rejected) != 1 || res.Rejected[0].Rule != "rename-old" {
			t.Errorf("%q: rejected = %+v, want the rename-old fix", cells, res.Rejected)
		}
		if len(res.Remaining) != 1 || res.Remaining[0].Rule.Name != "rename-old" || res.Doc.Find(res.Remaining[0]).Line != 1 {
			t.Errorf("%q: remaining = %+v, want rename-old on line 1", cells, res.Remaining)
		}
	}
}

func TestNoEditInsideSyntaxError(t *testing.T) {
	d := doc(t, "a = old\nb = f(old\n")
	res, err := FixDocument(d, Options{Rules: []*Rule{renameRule("old", "new", Safe)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Doc.Cells[0].Text; !strings.HasPrefix(got, "a = new\n") || !strings.Contains(got, "f(old") {
		t.Errorf("got %q: sound part fixed, broken part untouched", got)
	}
}

func TestOverlappingFixesWaitForNextRound(t *testing.T) {
	// Both rules edit the same identifier: one wins per round, and the
	// result is stable.
	d := doc(t, "x = a\n")
	rules := []*Rule{renameRule("a", "b", Safe), renameRule("b", "c", Safe)}
	res, err := FixDocument(d, Options{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Doc.Cells[0].Text; got != "x = c\n" {
		t.Errorf("got %q, want %q", got, "x = c\n")
	}
	again, err := FixDocument(res.Doc, Options{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Applied) != 0 {
		t.Errorf("second run applied %d fixes; fixing must be idempotent", len(again.Applied))
	}
}

func TestFirstEditableProtectsEarlierCells(t *testing.T) {
	d := doc(t, "a = old\n", "b = old\n")
	d.FirstEditable = 1
	res, err := FixDocument(d, Options{Rules: []*Rule{renameRule("old", "new", Safe)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(res.Doc); got[0] != "a = old\n" || got[1] != "b = new\n" {
		t.Errorf("got %q", got)
	}
}

func TestSkippedCellMagic(t *testing.T) {
	d := doc(t, "%%bash\nold\n")
	if diags, _ := Check(d, Options{Rules: []*Rule{renameRule("old", "new", Safe)}}); len(diags) != 0 {
		t.Errorf("a %%%%bash cell was analysed: %d findings", len(diags))
	}
}

func TestModelResolvesAliasesAcrossCells(t *testing.T) {
	d := doc(t, "import tensorflow as tf2\nfrom tensorflow.keras import layers as L\n", "x = 1\n", "K = tf2.keras.backend\n", "y = L.Dense\nz = K.epsilon\n")
	m := d.Model()
	var got []string
	d.Cells[3].Root.Walk(func(n *Node) bool {
		if n.Type() == "attribute" && n.Parent.Type() == "assignment" {
			got = append(got, m.Resolve(3, n))
		}
		return true
	})
	want := "tensorflow.keras.layers.Dense,tensorflow.keras.backend.epsilon"
	if strings.Join(got, ",") != want {
		t.Errorf("resolved %q, want %q", got, want)
	}
	b := m.Lookup(3, "tf2")
	if b == nil || len(m.Uses(b)) != 1 {
		t.Errorf("tf2 should be bound, with one use (in cell 2)")
	}
}

func TestImportAfterLastLineWithoutNewline(t *testing.T) {
	d := doc(t, "%matplotlib inline", "a = old")
	r := renameRule("old", "new", Safe, Import{Module: "keras"})
	// The rename is in cell 1, so the import goes to its top.
	res, err := FixDocument(d, Options{Rules: []*Rule{r}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Doc.Cells[1].Text; got != "import keras\na = new" {
		t.Errorf("got %q", got)
	}
	// A cell with only a magic and no newline gets the import on a new line.
	c := doc(t, "%matplotlib inline")
	cell, at, tmpl := c.importPlace(0)
	if cell != c.Cells[0] || at != len("%matplotlib inline") || tmpl != "\n%s\n" {
		t.Errorf("importPlace = %d %q", at, tmpl)
	}
}

// A fix that deletes its whole line shows an empty fixed text, not the
// line it deletes.
func TestFixTextOfLineDeletion(t *testing.T) {
	r := &Rule{Name: "drop-old", Code: "Tdrop", Fixable: true}
	r.Run = func(p *Pass) {
		for _, stmt := range p.Cell.Root.Children() {
			if strings.HasPrefix(p.Text(stmt), "old") {
				end := stmt.End() + 1 // the newline
				p.Report(Diagnostic{Message: "old", Start: p.Offset(stmt.Start()), End: p.Offset(stmt.End()),
					Fix: &Fix{Edits: []TextEdit{{Start: p.Offset(stmt.Start()), End: p.Offset(end)}}}})
			}
		}
	}
	d := doc(t, "keep = 1\nold = 2\nalso = 3\n")
	diags, err := Check(d, Options{Rules: []*Rule{r}})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics", len(diags))
	}
	if got := d.Find(diags[0]).Fix.Text; got != "" {
		t.Errorf("fix text = %q, want empty", got)
	}
}

// A rule declared not Fixable that attaches a fix anyway is a bug in the
// rule: the engine drops the fix, keeps the finding, and says which rule
// misbehaved, both when checking and when fixing.
func TestUnfixableRuleAttachingAFixIsAnError(t *testing.T) {
	r := renameRule("old", "new", Safe)
	r.Fixable = false
	d := doc(t, "a = old\n")
	diags, err := Check(d, Options{Rules: []*Rule{r}})
	if err == nil || !strings.Contains(err.Error(), "rename-old") || !strings.Contains(err.Error(), "not fixable") {
		t.Errorf("Check error = %v, want one naming rule rename-old as not fixable", err)
	}
	if len(diags) != 1 || diags[0].Fix != nil {
		t.Errorf("diagnostics = %+v, want the finding without its fix", diags)
	}
	if res, err := FixDocument(d, Options{Rules: []*Rule{r}}); err == nil {
		t.Errorf("FixDocument applied %v and reported no error", texts(res.Doc))
	}
	r.Fixable = true
	if _, err := Check(d, Options{Rules: []*Rule{r}}); err != nil {
		t.Errorf("a fixable rule's fix: %v", err)
	}
}

// tree-sitter's Python grammar gives up on blocks nested some hundreds
// deep and marks the whole cell as an error, and the fix loop never edits
// such code. Whatever the parser manages, a finding offers a fix exactly
// when fixing applies it, and says why when it does not.
func TestFixOfferedOnlyWhereItIsApplied(t *testing.T) {
	for _, depth := range []int{10, 600} {
		var b strings.Builder
		for i := 0; i < depth; i++ {
			b.WriteString(strings.Repeat(" ", i) + "if x:\n")
		}
		b.WriteString(strings.Repeat(" ", depth) + "y = old\n")
		d := doc(t, b.String())
		r := renameRule("old", "new", Safe)
		diags, err := Check(d, Options{Rules: []*Rule{r}})
		if err != nil || len(diags) != 1 {
			t.Fatalf("depth %d: Check = %d diagnostics, %v; want 1", depth, len(diags), err)
		}
		res, err := FixDocument(d, Options{Rules: []*Rule{r}})
		if err != nil {
			t.Fatal(err)
		}
		offered, applied := diags[0].Fix != nil, len(res.Applied) == 1
		if offered != applied {
			t.Errorf("depth %d: fix offered %v, applied %v", depth, offered, applied)
		}
		if !offered && !strings.Contains(diags[0].Message, "does not parse") {
			t.Errorf("depth %d: no fix and no reason in %q", depth, diags[0].Message)
		}
	}
}
