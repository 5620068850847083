package cellfix

import (
	"fmt"
	"strings"
	"testing"
)

func TestCarryForward(t *testing.T) {
	// "ab|cd|ef" with "cd" replaced by "XYZ" and "!" inserted before "ef":
	// "abXYZ!ef".
	edits := []TextEdit{{Start: 4, End: 4, NewText: "!"}, {Start: 2, End: 4, NewText: "XYZ"}}
	for _, c := range []struct {
		off   int
		isEnd bool
		want  int
	}{
		{1, false, 1}, // before every edit
		{2, false, 2}, // start of the replaced span: start of its replacement
		{3, false, 2}, // inside it
		{2, true, 2},  // a span ending where the replacement starts keeps out of it
		{3, true, 5},  // a span ending inside it takes in all of it
		{4, false, 6}, // code at the insertion point moves past it
		{4, true, 5},  // a span ending there does not take the insertion in
		{5, false, 7}, // after both
	} {
		if got := sortEdits(edits).carryForward(c.off, c.isEnd); got != c.want {
			t.Errorf("carryForward(%d, end=%v) = %d, want %d", c.off, c.isEnd, got, c.want)
		}
	}
}

// Findings of both rounds of a two-round fix (old -> middle -> new, each
// rename changing the line's length) land on their own line of the fixed
// text, at the renamed name.
func TestAppliedInFixedAcrossRounds(t *testing.T) {
	res := fixManyLines(t, 50)
	placed := res.AppliedInFixed()
	lines := strings.Split(res.Doc.Cells[0].Text, "\n")
	for i, f := range placed {
		// The findings of round one name line k as "old"; of round two, as
		// "middle", each on the line it was found.
		want := res.Applied[i].Line
		if f.Line != want {
			t.Errorf("finding %d (%s) placed on line %d, want %d", i, f.Rule, f.Line, want)
		}
		if got := lines[f.Line-1][f.Column-1 : f.EndColumn-1]; got != "new" {
			t.Errorf("finding %d spans %q, want the renamed name", i, got)
		}
	}
}

// BenchmarkAppliedInFixed places the 8,000 fixes of a 4,000-line cell
// fixed in two rounds; BenchmarkFixManyLines, the fixing alone, is the
// yardstick for what placing them adds.
func BenchmarkAppliedInFixed(b *testing.B) {
	res := fixManyLines(b, 4000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := res.AppliedInFixed(); len(got) != len(res.Applied) {
			b.Fatalf("placed %d of %d", len(got), len(res.Applied))
		}
	}
}

func BenchmarkFixManyLines(b *testing.B) {
	for i := 0; i < b.N; i++ {
		fixManyLines(b, 4000)
	}
}

func fixManyLines(tb testing.TB, n int) *FixResult {
	var src strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&src, "x%d = old\n", i)
	}
	doc, err := NewDocument([]Source{{Text: src.String()}}, true)
	if err != nil {
		tb.Fatal(err)
	}
	rules := []*Rule{renameRule("old", "middle", Safe), renameRule("middle", "new", Safe)}
	res, err := FixDocument(doc, Options{Rules: rules})
	if err != nil {
		tb.Fatal(err)
	}
	if len(res.Applied) != 2*n || len(res.rounds) != 2 {
		tb.Fatalf("applied %d fixes in %d rounds", len(res.Applied), len(res.rounds))
	}
	return res
}
