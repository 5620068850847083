package nbformat

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRoundTrip: Parse never panics and fails only with a one-line
// *InputError; for any accepted input, writing back with no change, or with
// every cell set to its own source, gives the input; and a changed source
// touches nothing outside its value and reads back exactly.
//
//	go test -fuzz=FuzzRoundTrip ./nbformat
func FuzzRoundTrip(f *testing.F) {
	for _, name := range allFixtures {
		if name != "realistic.ipynb" { // too big to mutate usefully
			f.Add(readFixture(f, name), "import keras\n")
		}
	}
	f.Add([]byte(`{"nbformat":4,"cells":[{"cell_type":"code","source":[]},{"cell_type":"raw","source":"a\r\nb"}]}`), "é\u2028\n")
	f.Add([]byte("{\r\n  \"nbformat\": 4,\r\n  \"cells\": [\r\n    {\"cell_type\": \"code\", \"source\": [\"x\"]}\r\n  ]\r\n}\r\n"), "a\nb\n")
	f.Add([]byte(`{"nbformat":4,"cells":[{"cell_type":"code","source":"\u00e9\/\u003c\ud83d\ude80"}]}`), "</&>\x7f")

	// Lines with escapes a re-encoding would not reproduce, which an edit
	// of another line keeps.
	f.Add([]byte(`{"nbformat":4,"cells":[{"cell_type":"code","source":["a\n","x = '\ud800'\n","\u00e9\r","b"]},{"cell_type":"code","source":"l1\n\ud800\u2028\/l3\r\n\udc00"}]}`), "l1\n")
	for _, c := range crashers {
		f.Add([]byte(c), "x")
	}

	f.Fuzz(func(t *testing.T, data []byte, extra string) {
		nb, err := Parse("fuzz.ipynb", data)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), "fuzz.ipynb: ") || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("bad error: %q (%T)", err, err)
			}
			return
		}
		if !bytes.Equal(nb.Bytes(), data) {
			t.Fatal("Bytes() with no change differs from the input")
		}
		orig := nb.Cells()
		for _, c := range orig {
			if err := nb.SetSource(c.Index, c.Source); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(nb.Bytes(), data) {
			t.Fatal("setting every cell to its own source changed the bytes")
		}

		extra = strings.ToValidUTF8(extra, "\uFFFD")
		for i, c := range orig {
			src := mutate(c.Source, extra, i)
			if err := nb.SetSource(i, src); err != nil {
				t.Fatal(err)
			}
			checkEdit(t, "fuzz.ipynb", nb, data, orig, i, src)
			if err := nb.SetSource(i, c.Source); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(nb.Bytes(), data) {
			t.Fatal("restoring every source did not restore the input")
		}
	})
}

// crashers are inputs that once panicked Parse: a string it reads the value
// of (a cell's type, the notebook's language) cut short or broken by a raw
// line break.
var crashers = []string{
	`{"cells": [{"cell_type": "co`,
	"{\"cells\": [], \"metadata\": {\"language_info\": {\"name\": \"pyt\nhon\"}}, \"nbformat\": 4}",
	"{\"nbformat\": 4, \"cells\": [], \"metadata\": {\"kernelspec\": {\"language\": \"py\\",
}

// mutate derives a new source from src and the fuzzer's extra text, in one
// of a few ways chosen by the cell index so each shape gets exercised.
func mutate(src, extra string, i int) string {
	switch i % 4 {
	case 0:
		return extra + src
	case 1:
		return src + "\n" + extra
	case 2:
		cut := len(src) / 2
		for cut > 0 && !utf8.RuneStart(src[cut]) {
			cut--
		}
		return src[:cut] + extra + src[cut:]
	default:
		return extra
	}
}
