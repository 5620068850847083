package migrate

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

var update = flag.Bool("update", false, "rewrite the examples' converted goldens")

const examplesDir = "../examples/notebooks"

// defaultOptions are what `gokmig-kernel convert` uses without flags.
func defaultOptions() cellfix.Options {
	return cellfix.Options{Target: cellfix.TargetTF, Rules: rules.All}
}

// exampleInputs lists the example notebooks, without their goldens.
func exampleInputs(tb testing.TB) []string {
	tb.Helper()
	all, err := filepath.Glob(filepath.Join(examplesDir, "*.ipynb"))
	if err != nil {
		tb.Fatal(err)
	}
	var inputs []string
	for _, p := range all {
		if !strings.HasSuffix(p, ".converted.ipynb") {
			inputs = append(inputs, p)
		}
	}
	if len(inputs) == 0 {
		tb.Fatalf("no example notebooks in %s", examplesDir)
	}
	return inputs
}

func convertBytes(t *testing.T, path string, data []byte) (*Outcome, []byte) {
	t.Helper()
	f, err := ParseFile(path, data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := FixFile(f, defaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return out, f.Bytes()
}

// Every example converts to its golden NAME.converted.ipynb, and
// converting the golden again changes nothing. Run with -update to rewrite
// the goldens after a rule changes, then review them by eye.
func TestExamples(t *testing.T) {
	for _, path := range exampleInputs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out, got := convertBytes(t, path, data)
			if out.Fixed() == 0 {
				t.Errorf("no fix applied: an example should show the migration")
			}
			golden := strings.TrimSuffix(path, ".ipynb") + ".converted.ipynb"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("converting %s does not give %s (run with -update, then review the diff)", path, golden)
			}
			again, regot := convertBytes(t, golden, want)
			if string(regot) != string(want) || again.Fixed() != 0 {
				t.Errorf("converting %s again changes it (%d fixes): fixing is not idempotent", golden, again.Fixed())
			}
		})
	}
}

// BenchmarkCheckExamples measures `check` over the example notebooks: read
// each notebook's JSON, parse every code cell and run every rule; with
// edits it also works out each fix's edits, as the JSON reports do.
func BenchmarkCheckExamples(b *testing.B) {
	b.Run("text", func(b *testing.B) { benchmarkCheck(b, false) })
	b.Run("with-edits", func(b *testing.B) { benchmarkCheck(b, true) })
}

func benchmarkCheck(b *testing.B, withEdits bool) {
	paths := exampleInputs(b)
	data := make([][]byte, len(paths))
	var size int64
	for i, p := range paths {
		var err error
		if data[i], err = os.ReadFile(p); err != nil {
			b.Fatal(err)
		}
		size += int64(len(data[i]))
	}
	opts := defaultOptions()
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, p := range paths {
			f, err := ParseFile(p, data[j])
			if err != nil {
				b.Fatal(err)
			}
			if _, err := checkFile(f, opts, withEdits); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestCheckLeavesFileAsIs: checking, with and without the fixes' edits,
// does not change a file's bytes, which is why the check mode of Run does
// not compare them before and after.
func TestCheckLeavesFileAsIs(t *testing.T) {
	paths := exampleInputs(t)
	scripts, err := filepath.Glob("../cellfix/rules/testdata/*/*.py")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no rule fixtures: %v", err)
	}
	findings := 0
	for _, p := range append(paths, scripts...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, withEdits := range []bool{false, true} {
			f, err := ParseFile(p, data)
			if err != nil {
				t.Fatal(err)
			}
			before := string(f.Bytes())
			out, err := checkFile(f, cellfix.Options{Target: cellfix.TargetMulti, Rules: rules.All, UnsafeFixes: true}, withEdits)
			if err != nil {
				t.Fatal(err)
			}
			findings += len(out.Findings)
			if after := string(f.Bytes()); after != before {
				t.Errorf("%s (edits %v): checking changed the file", p, withEdits)
			}
		}
	}
	if findings == 0 {
		t.Error("no findings: the check exercised no fix")
	}
}
