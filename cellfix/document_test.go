package cellfix

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// naivePosition is the definition Position must agree with: lines are
// counted by newlines before off, columns by characters (as
// utf8.RuneCountInString counts them) from the line's start.
func naivePosition(text string, off int) (line, col int) {
	off = min(off, len(text))
	start := strings.LastIndexByte(text[:off], '\n') + 1
	return strings.Count(text[:off], "\n") + 1, utf8.RuneCountInString(text[start:off]) + 1
}

// randomText mixes ASCII, newlines, multi-byte characters, and bytes that
// are not UTF-8 (a stray continuation byte, a truncated sequence), on lines
// short and long enough to span several marks of the column index.
func randomText(r *rand.Rand, size int) string {
	pieces := []string{"a", "x = f(1)", " ", "\n", "é", "€", "𝔘", "\x80", "\xe2\x82", "\xff", "tf.keras.layers.Dense(3), "}
	var b strings.Builder
	for b.Len() < size {
		p := pieces[r.Intn(len(pieces))]
		if p == "\n" && r.Intn(4) > 0 {
			continue // long lines are the interesting ones
		}
		b.WriteString(p)
	}
	return b.String()
}

func TestPositionMatchesNaiveCount(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	for round := 0; round < 40; round++ {
		size := 1 + r.Intn(3000)
		text := randomText(r, size)
		if round%5 == 0 {
			text = strings.Map(func(c rune) rune { // an ASCII-only cell
				if c >= utf8.RuneSelf || c == utf8.RuneError {
					return 'z'
				}
				return c
			}, text)
		}
		c, err := parseCell(0, text, 0)
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off <= len(text)+2; off++ {
			line, col := c.Position(off)
			wantLine, wantCol := naivePosition(text, off)
			if line != wantLine || col != wantCol {
				t.Fatalf("round %d, offset %d of %q: Position = %d:%d, want %d:%d", round, off, text, line, col, wantLine, wantCol)
			}
		}
		for off := 0; off <= len(text); off++ {
			want := len(text)
			if nl := strings.IndexByte(text[off:], '\n'); nl >= 0 {
				want = off + nl
			}
			if got := c.lineEnd(off); got != want {
				t.Fatalf("round %d: lineEnd(%d) = %d, want %d", round, off, got, want)
			}
		}
		// LineStart agrees with the newline before the offset.
		for off := 0; off < len(text); off += 1 + r.Intn(50) {
			if got, want := c.LineStart(off), strings.LastIndexByte(text[:off], '\n')+1; got != want {
				t.Fatalf("round %d: LineStart(%d) = %d, want %d", round, off, got, want)
			}
		}
	}
}

// TestInErrorMatchesScan checks the binary search of inError against a scan
// of every error range, on broken code with many errors.
func TestInErrorMatchesScan(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	pieces := []string{"x = f(", ")", "]", "def g(:\n", "\n", "y = 1\n", "if a\n", "  ", "'s", "é", "[[", "lambda:", ",", "tf.keras.Model()\n"}
	withErrors := 0
	for round := 0; round < 200; round++ {
		var b strings.Builder
		for n := r.Intn(60); n >= 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		text := b.String()
		c, err := parseCell(0, text, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.errors) > 1 {
			withErrors++
		}
		for k := 0; k < 50; k++ {
			from := r.Intn(len(text) + 1)
			to := from + r.Intn(len(text)+1-from)
			want := false
			for _, e := range c.errors {
				if from <= e[1] && e[0] <= to {
					want = true
				}
			}
			if got := c.inError(from, to); got != want {
				t.Fatalf("%q: inError(%d, %d) = %v, want %v (errors %v)", text, from, to, got, want, c.errors)
			}
		}
	}
	if withErrors < 20 {
		t.Fatalf("only %d texts had several errors", withErrors)
	}
}
