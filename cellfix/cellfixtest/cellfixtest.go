// Package cellfixtest runs a rule over fixture files and checks its
// findings and fixes, in the manner of golang.org/x/tools/go/analysis/analysistest.
//
// A fixture is a .py file under the rule's testdata folder. Lines starting
// with "# %%" split it into notebook cells, so cross-cell behaviour is
// tested in the same format (the separator line belongs to no cell). A line
// that must be flagged carries a comment `# want "regexp"` (several quoted
// patterns for several findings); every other line must stay quiet, so an
// unexpected finding fails the test. Near-misses are written under a
// "# OK" comment with no want.
//
// A fixture whose findings offer a fix must have NAME.py.golden: the fixes
// are applied and the result must equal it byte for byte; fixing the golden
// text again must change nothing. -update writes the goldens, creating the
// missing ones, for review.
// File names choose options: ".multi." in the name selects target multi,
// ".unsafe." allows unsafe fixes, ".latest." checks for the newest Keras
// instead of 3.0.
package cellfixtest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// Run checks every fixture in dir against rules (usually one rule).
func Run(t *testing.T, dir string, rules ...*cellfix.Rule) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) { runFile(t, file, rules) })
	}
}

func options(file string, rules []*cellfix.Rule) cellfix.Options {
	// Fixtures check for Keras 3.0, which has every problem a rule knows,
	// unless named NAME.latest.py: those check for the newest Keras, where
	// problems a later release fixed are not reported.
	opts := cellfix.Options{Target: cellfix.TargetTF, Rules: rules, KerasVersion: cellfix.KerasVersion{Major: 3, Minor: 0}}
	base := filepath.Base(file)
	if strings.Contains(base, ".latest.") {
		opts.KerasVersion = cellfix.LatestKeras
	}
	if strings.Contains(base, ".multi.") {
		opts.Target = cellfix.TargetMulti
	}
	opts.UnsafeFixes = strings.Contains(base, ".unsafe.")
	return opts
}

func runFile(t *testing.T, file string, rules []*cellfix.Rule) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	fixture := Split(src)
	doc, err := cellfix.NewDocument(fixture.Sources(), false)
	if err != nil {
		t.Fatal(err)
	}
	opts := options(file, rules)
	diags, err := cellfix.Check(doc, opts)
	if err != nil {
		t.Error(err)
	}
	checkWants(t, file, src, fixture, doc, diags)

	golden := file + ".golden"
	want, err := os.ReadFile(golden)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		t.Fatal(err)
	}
	if missing && !*update {
		// Without a golden no fix would ever be applied, so a fixture whose
		// findings offer one must have it.
		if hasFix(diags) {
			t.Errorf("%s: findings carry fixes but %s is missing; create it with -update and review it", file, filepath.Base(golden))
		}
		return
	}
	got := fix(t, fixture, opts)
	if *update {
		if missing && !hasFix(diags) {
			return
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != string(want) {
		t.Errorf("fixed %s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", file, golden, got, want)
		return
	}
	if again := fix(t, Split(got), opts); again != got {
		t.Errorf("fixing %s again changed it (fixes are not idempotent):\n%s", golden, again)
	}
}

func hasFix(diags []cellfix.Diagnostic) bool {
	for _, d := range diags {
		if d.Fix != nil {
			return true
		}
	}
	return false
}

func fix(t *testing.T, fixture *Fixture, opts cellfix.Options) string {
	t.Helper()
	doc, err := cellfix.NewDocument(fixture.Sources(), false)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cellfix.FixDocument(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rejected {
		t.Errorf("fix rejected (it would break the syntax): %s", r.Message)
	}
	return fixture.Join(res.Doc.Sources())
}

var wantRE = regexp.MustCompile(`# want ((?:"(?:[^"\\]|\\.)*"\s*)+)`)
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

type expectation struct {
	line    int // 1-based line in the fixture file
	pattern *regexp.Regexp
	matched bool
}

func checkWants(t *testing.T, file, src string, fixture *Fixture, doc *cellfix.Document, diags []cellfix.Diagnostic) {
	t.Helper()
	var wants []*expectation
	for i, text := range strings.Split(src, "\n") {
		m := wantRE.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		for _, q := range quotedRE.FindAllString(m[1], -1) {
			pat, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("%s:%d: bad want %s: %v", file, i+1, q, err)
			}
			wants = append(wants, &expectation{line: i + 1, pattern: regexp.MustCompile(pat)})
		}
	}
	for _, d := range diags {
		f := doc.Find(d)
		line := fixture.FileLine(*f.Cell, f.Line)
		found := false
		for _, w := range wants {
			if !w.matched && w.line == line && w.pattern.MatchString(f.Message) {
				w.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s:%d:%d: unexpected finding [%s] %s", file, line, f.Column, f.Rule, f.Message)
		}
	}
	for _, w := range wants {
		if !w.matched {
			t.Errorf("%s:%d: no finding matched %q", file, w.line, w.pattern)
		}
	}
}

// Fixture is a .py file split into cells at "# %%" lines.
type Fixture struct {
	cells []string
	// firstLine[i] is the file line (1-based) of cell i's first line.
	firstLine []int
	// separators[i] is the separator line before cell i ("" for cell 0
	// when the file does not start with one).
	separators []string
}

// Split cuts a fixture into cells.
func Split(src string) *Fixture {
	f := &Fixture{}
	lines := strings.SplitAfter(src, "\n")
	var cur strings.Builder
	start, sep := 1, ""
	flush := func() {
		f.cells = append(f.cells, cur.String())
		f.firstLine = append(f.firstLine, start)
		f.separators = append(f.separators, sep)
		cur.Reset()
	}
	for i, ln := range lines {
		if strings.HasPrefix(ln, "# %%") {
			if i > 0 {
				flush()
			}
			start, sep = i+2, ln
			continue
		}
		cur.WriteString(ln)
	}
	flush()
	return f
}

// Sources returns the cells for the engine, indexed from 0.
func (f *Fixture) Sources() []cellfix.Source {
	out := make([]cellfix.Source, len(f.cells))
	for i, c := range f.cells {
		out[i] = cellfix.Source{Index: i, Text: c}
	}
	return out
}

// Join puts fixed cells back together with the original separators.
func (f *Fixture) Join(cells []cellfix.Source) string {
	var b strings.Builder
	for i, c := range cells {
		b.WriteString(f.separators[i])
		b.WriteString(c.Text)
	}
	return b.String()
}

// FileLine maps a cell line to a file line.
func (f *Fixture) FileLine(cell, line int) int {
	if cell < 0 || cell >= len(f.firstLine) {
		panic(fmt.Sprintf("cell %d out of range", cell))
	}
	return f.firstLine[cell] + line - 1
}
