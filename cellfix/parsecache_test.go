package cellfix

import (
	"fmt"
	"strings"
	"testing"
)

// TestParseCacheStaysWithinBudget checks that a parse cache given many
// large texts, as a check resolving each finding's edits on a large script
// gives it, keeps no more than parseCacheBudget bytes of text, and still
// gives the cell a parse would.
func TestParseCacheStaysWithinBudget(t *testing.T) {
	pc := newParseCache()
	body := strings.Repeat("y = f(x) + 1\n", parseCacheBudget/13/4)
	for i := range 12 {
		text := fmt.Sprintf("v = %d\n%s", i, body)
		c, err := pc.parse(0, text, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.Text != text || c.Root == nil || c.Root.End() != len(text) {
			t.Fatalf("text %d: the cell is not the text's", i)
		}
		if pc.bytes > parseCacheBudget || pc.bytes != cachedBytes(pc) {
			t.Fatalf("after %d texts the cache keeps %d bytes (counted %d), budget %d", i+1, cachedBytes(pc), pc.bytes, parseCacheBudget)
		}
	}
	again := fmt.Sprintf("v = %d\n%s", 11, body)
	if pc.cells[again] == nil {
		t.Errorf("the last text is no longer cached")
	}
}

func cachedBytes(pc *parseCache) int {
	n := 0
	for text := range pc.cells {
		n += len(text)
	}
	return n
}
