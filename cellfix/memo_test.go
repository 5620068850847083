package cellfix_test

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// The memos of what rules ask again and again change nothing: every rule
// fixture, the runtime test programs and a generated script get the same
// findings, fixes and fixed text with a memo as without it.
func TestMemosGiveSameFindings(t *testing.T) {
	sources := map[string]string{"composed": manyComposed(40, true)}
	sourcesMatching(t, sources, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	outcome := func(t *testing.T, src string, opts cellfix.Options) []string {
		return append(checkSource(t, src, opts), findingsAndFix(t, src, opts)...)
	}
	for _, memo := range []struct {
		name   string
		off    func() (restore func())
		answer func() int64
	}{
		{"cell's calls taken apart (ArgsOf)", cellfix.TakeArgsEachTime, cellfix.ArgsMemoHits},
		{"model's chains resolved (Resolve)", cellfix.ResolveEachTime, cellfix.ResolveMemoHits},
	} {
		before := memo.answer()
		sameEitherWay(t, sources, "with the "+memo.name+" memo", "without it", memo.off, outcome)
		if memo.answer() == before {
			t.Errorf("the %s memo answered no call: the comparison compared nothing", memo.name)
		}
	}
}
