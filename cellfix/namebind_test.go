package cellfix

import "testing"

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
