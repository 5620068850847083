package cellfix

import (
	"math/rand"
	"testing"
)

// TestTakenEditsMatchesScan picks fixes as selectFixes does, once with
// takenEdits and once comparing each fix with every edit taken before, on
// random fixes with insertions, replacements and shared end points.
func TestTakenEditsMatchesScan(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for round := 0; round < 300; round++ {
		var taken takenEdits
		var all []TextEdit
		picks := 0
		for f := 0; f < 80; f++ {
			// One fix: up to three edits in order, each valid for
			// applyEdits (starting at or after the previous end).
			var edits []TextEdit
			pos := r.Intn(60)
			for k := r.Intn(3); k >= 0; k-- {
				start := pos + r.Intn(4)
				end := start
				if r.Intn(3) > 0 {
					end += 1 + r.Intn(5)
				}
				edits = append(edits, TextEdit{Start: start, End: end})
				pos = end
			}
			want := false
			for _, e := range edits {
				for _, x := range all {
					if overlaps(e, x) {
						want = true
					}
				}
			}
			if got := taken.overlapsAny(edits); got != want {
				t.Fatalf("round %d: overlapsAny(%v) = %v, want %v; taken %v", round, edits, got, want, all)
			}
			if !want {
				taken.add(edits)
				all = append(all, edits...)
				picks++
			}
		}
		if picks < 3 {
			t.Fatalf("round %d: only %d fixes picked", round, picks)
		}
	}
}
