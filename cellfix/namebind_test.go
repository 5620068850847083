package cellfix

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBindingsOf(t *testing.T) {
	doc, err := NewDocument([]Source{{Text: `import tensorflow as tf
import os.path
from numpy import pi
scale = 2.0
a, (b, c) = 1, (2, 3)
for i in range(3):
    total = i
with open("f") as fh:
    pass
try:
    pass
except ValueError as err:
    pass
def f(x):
    global scale
    scale = x
print(tf, pi, scale.real, x)
`}, {Text: "from m import *\nscale += 1\n"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		want []bool // Once of each site
	}{
		{"tf", []bool{true}},
		{"os", []bool{true}},
		{"pi", []bool{true}},
		{"scale", []bool{true, false, false, true}},
		{"c", []bool{true}},
		{"i", []bool{false}},
		{"total", []bool{false}},
		{"fh", []bool{true}},
		{"err", []bool{true}},
		{"f", []bool{true}},
		{"x", nil},
		{"print", nil},
	}
	for _, tc := range cases {
		sites, star := doc.BindingsOf(tc.name)
		if !star {
			t.Errorf("%s: the star import was missed", tc.name)
		}
		var got []bool
		for _, s := range sites {
			got = append(got, s.Once)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d bindings %v, want %v", tc.name, len(got), got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: Once = %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

// The bindings nameBindings lists for a name are the ones walking the
// document for that name finds, for every identifier of the runtime
// programs, joined into one cell and each a cell of their own.
func TestBindingIndexMatchesScan(t *testing.T) {
	cells, joined := runtimePrograms(t)
	for _, sources := range [][]Source{{{Text: joined}}, cells} {
		doc, err := NewDocument(sources, len(sources) == 1)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, c := range doc.Cells {
			for _, id := range c.NodesOf("identifier") {
				names[c.Masked[id.Start():id.End()]] = true
			}
		}
		bound := 0
		for name := range names {
			sites, star := doc.BindingsOf(name)
			scanned, scannedStar := doc.scanBindings(name)
			if star != scannedStar || !slices.Equal(sites, scanned) {
				t.Errorf("%d cells, %s: indexed %v %v, scanned %v %v", len(sources), name, sites, star, scanned, scannedStar)
			}
			bound += len(sites)
		}
		if bound < 100 {
			t.Errorf("%d cells: only %d bindings of %d names compared", len(sources), bound, len(names))
		}
	}
}

// runtimePrograms returns the runtime programs (tests/runtime/programs),
// each as a cell, and joined into one script.
func runtimePrograms(t *testing.T) (cells []Source, joined string) {
	t.Helper()
	files, err := filepath.Glob("../tests/runtime/programs/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no runtime programs: %v", err)
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cells = append(cells, Source{Text: string(data)})
		b.Write(data)
		b.WriteString("\n")
	}
	return cells, b.String()
}
