package cellfix

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// OneLine and dotted give back text that is already joined as they join
// it without splitting it: on text of every kind (spaces and dots doubled,
// leading, trailing; tabs, newlines, Unicode spaces and other non-ASCII
// characters, invalid UTF-8) they give what splitting and joining gives,
// and both ways are taken.
func TestJoinedAsIsMatchesSplitAndJoin(t *testing.T) {
	pieces := []string{"tf", "keras", ".", ".", " ", " ", "  ", "\t", "\n", "\v", "\f", "\r", "\x1c", "\u0085", "\u00a0", "\u2003", "\u3000", "é", "→", "\xff", "_1", "(x)"}
	inputs := []string{"", " ", ".", "a", "a b", "a  b", " a", "a ", "a.b", "a..b", ".a", "a.", "tensorflow . keras", "a\u00a0b", "a\u2028b", "x → y"}
	r := rand.New(rand.NewPCG(13, 1))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(7) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	fast := map[rune]int{}
	for _, s := range inputs {
		if got, want := OneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", s, got, want)
		}
		if got, want := dotted(s), strings.Join(strings.Fields(strings.ReplaceAll(s, ".", " ")), "."); got != want {
			t.Errorf("dotted(%q) = %q, want %q", s, got, want)
		}
		for _, sep := range []rune{' ', '.'} {
			if joinedAsIs(s, sep) {
				fast[sep]++
			}
		}
	}
	for _, sep := range []rune{' ', '.'} {
		if fast[sep] == 0 || fast[sep] == len(inputs) {
			t.Errorf("separator %q: %d of %d inputs joined as they are: one way was not compared", sep, fast[sep], len(inputs))
		}
	}
}
