package nbformat

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
)

// isStop is the set of bytes stopsInWord looks for, written out apart from
// the scanner's own table.
func isStop(c byte) bool { return c < 0x20 || c == '"' || c == '\\' }

// firstStop is the index of the first stop byte in b, or -1.
func firstStop(b []byte) int {
	for i, c := range b {
		if isStop(c) {
			return i
		}
	}
	return -1
}

// lowestMark is the byte stopsInWord marks first in b, or -1.
func lowestMark(b []byte) int {
	m := stopsInWord(binary.LittleEndian.Uint64(b))
	if m == 0 {
		return -1
	}
	return bits.TrailingZeros64(m) / 8
}

// TestStopsInWordEachByte puts every byte value at every position of a word
// of plain letters: it is marked exactly when it stops a run.
func TestStopsInWordEachByte(t *testing.T) {
	for c := range 256 {
		for k := range 8 {
			b := []byte("aaaaaaaa")
			b[k] = byte(c)
			if got, want := lowestMark(b), firstStop(b); got != want {
				t.Errorf("first mark in %q at %d, want %d", b, got, want)
			}
		}
	}
}

// TestStopsInWordRandom checks words of mixed bytes, where a borrow from one
// byte into the next marks bytes after a stop: the first mark is exact.
func TestStopsInWordRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pool := []byte("\x00\x01\x1f\x20\x21\"#/[\\]az~\x7f\x80\xbf\xc0\xff")
	for range 200000 {
		b := make([]byte, 8)
		for i := range b {
			b[i] = pool[r.IntN(len(pool))]
		}
		if got, want := lowestMark(b), firstStop(b); got != want {
			t.Fatalf("first mark in %q at %d, want %d", b, got, want)
		}
	}
}

// scanStyle scans data, one JSON value, and tallies its strings' style.
func scanStyle(t *testing.T, data []byte) styleStats {
	t.Helper()
	s := &scanner{data: data}
	if err := s.value(); err != nil {
		t.Fatalf("scanning %q: %v", data, err)
	}
	s.style.countRaw(data)
	return s.style
}

// TestStyleCountsRawCharacters compares the tallies with counts over the
// values of strings that encoding/json wrote (it escapes < > & and the line
// separators, and writes / and other non-ASCII raw). The special characters
// stand at every offset from the eight-byte steps of skipRaw.
func TestStyleCountsRawCharacters(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"x", "xyz", "/", "<", ">", "&", "é", "€", "\u2028", "\n", `"`, `\`, "\x01", "𝔸"}
	var values []string
	for range 300 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		values = append(values, b.String())
	}
	data, err := json.Marshal(values)
	if err != nil {
		t.Fatal(err)
	}
	var want styleStats
	for _, v := range values {
		for _, c := range v {
			switch {
			case c == '/':
				// Not counted: no string escapes one, so decide
				// does not weigh the raw ones.
			case c == '<' || c == '>' || c == '&':
				want.escHTML++
			case c == '\u2028':
				want.escLineSep++
				want.escNonASCII++
			case c >= 0x80:
				want.rawNonASCII++
			}
		}
	}
	got := scanStyle(t, data)
	got.lowerHex, got.upperHex, got.shortBF, got.longBF = 0, 0, 0, 0 // \u0001, \u003c: not compared here
	if got != want {
		t.Errorf("style of encoding/json's output\n got %+v\nwant %+v", got, want)
	}
}

// TestStyleCountsWriterChoices covers the raw forms encoding/json does not
// write: an escaped slash next to raw ones and raw line separators.
func TestStyleCountsWriterChoices(t *testing.T) {
	data := []byte("{\"a/b\": [\"\\/\", \"\\\\/\", \"x\u2028y\u2029\", \"<&>\\u0026\", \"\\u00e9\", 1, null]}")
	want := styleStats{rawSlash: 2, escSlash: 1, rawHTML: 3, escHTML: 1, rawNonASCII: 2, escNonASCII: 1, rawLineSep: 2, lowerHex: 1}
	if got := scanStyle(t, data); got != want {
		t.Errorf("style of %s\n got %+v\nwant %+v", data, got, want)
	}
}

// TestStrRejectsControlAtEveryOffset moves a raw tab and a raw line break
// through a string: each is refused wherever it stands, at its own offset
// or at the string's start.
func TestStrRejectsControlAtEveryOffset(t *testing.T) {
	for before := range 20 {
		for _, tc := range []struct{ raw, msg string }{
			{"\t", "U+0009"},
			{"\n", "not closed on its line"},
		} {
			data := []byte(`"` + strings.Repeat("x", before) + tc.raw + `xxxxxxxxxx"`)
			s := &scanner{data: data}
			_, _, _, err := s.str()
			se, _ := err.(*syntaxError)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("str(%q): error %v, want %q", data, err, tc.msg)
			} else if wantOff := bytes.IndexAny(data, "\t"); tc.raw == "\t" && (se == nil || se.off != wantOff) {
				t.Errorf("str(%q): error at %v, want offset %d", data, err, wantOff)
			}
		}
	}
}
