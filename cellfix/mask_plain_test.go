package cellfix_test

import (
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// Where MayHoldIPython says no, masking gives the text back as it is and
// parseCell skips it: on every rule fixture and runtime program, whole and
// line by line, and on lines that start like automagics, with and without
// the characters of other IPython syntax.
func TestNoIPythonMeansNothingMasked(t *testing.T) {
	files := map[string]string{}
	sourcesMatching(t, files, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	var sources []string
	for _, src := range files {
		sources = append(sources, src)
		sources = append(sources, strings.Split(src, "\n")...)
	}
	for _, first := range []string{"pip install keras", "cd data", "ls", "ls -la", "history = model.fit(x)", "run_all = 1", "  cd data", "cat(x)", "reset\t1", "pip = 3"} {
		for _, rest := range []string{"", "\nx = 1", "\ny = a % b", "\nif a != b: pass", "\nq = 'why?'", "\r\n%%time"} {
			sources = append(sources, first+rest, rest+"\n"+first)
		}
	}
	plain := 0
	for _, src := range sources {
		if cellfix.MayHoldIPython(src) {
			continue
		}
		plain++
		if out, skip := cellfix.MaskIPython(src); string(out) != src || skip {
			t.Errorf("MayHoldIPython(%q) is false, but masking gives %q (skip %v)", src, out, skip)
		}
	}
	if plain == 0 || plain == len(sources) {
		t.Errorf("%d of %d sources may hold IPython syntax: one way was not compared", len(sources)-plain, len(sources))
	}
}
