package cellfix_test

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// The cell's memo of calls taken apart changes nothing: every rule
// fixture, the runtime test programs and a generated script get the same
// findings, fixes and fixed text whether ArgsOf answers from the memo or
// takes each call apart again.
func TestArgsMemoGivesSameFindings(t *testing.T) {
	sources := map[string]string{"composed": manyComposed(40, true)}
	sourcesMatching(t, sources, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	before := cellfix.ArgsMemoHits()
	sameEitherWay(t, sources, "memoized", "taken apart each time", cellfix.TakeArgsEachTime, func(t *testing.T, src string, opts cellfix.Options) []string {
		return append(checkSource(t, src, opts), findingsAndFix(t, src, opts)...)
	})
	if cellfix.ArgsMemoHits() == before {
		t.Error("the memo answered no call: the comparison compared nothing")
	}
}
