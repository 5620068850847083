package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"
	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/internal/testenv"
)

// Fix mode runs a fixed cell laid out on the original's lines
// (cellfix.LinePreserving). Over the rules' test inputs, the runtime
// programs and the example notebooks, each a kernel session's cells, every
// cell whose safe fixes (either target) change its line count, and that
// parses, is laid out on its lines; the others are listed.
func TestLinePreservingCorpus(t *testing.T) {
	root := testenv.ModuleRoot()
	var sessions [][]string
	add := func(pattern string, notebook bool) {
		files, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, f := range files {
			if strings.HasSuffix(f, ".golden") || strings.Contains(f, ".converted.") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !notebook {
				// A script's "# %%" lines start the cells a kernel would run.
				var cells []string
				var cell []string
				for _, line := range strings.SplitAfter(string(data), "\n") {
					if strings.HasPrefix(line, "# %%") && len(cell) > 0 {
						cells = append(cells, strings.Join(cell, ""))
						cell = nil
					}
					cell = append(cell, line)
				}
				sessions = append(sessions, append(cells, strings.Join(cell, "")))
				continue
			}
			var nb struct {
				Cells []struct {
					Type   string          `json:"cell_type"`
					Source json.RawMessage `json:"source"`
				} `json:"cells"`
			}
			if err := json.Unmarshal(data, &nb); err != nil {
				t.Fatal(f, err)
			}
			var cells []string
			for _, c := range nb.Cells {
				if c.Type != "code" {
					continue
				}
				var s string
				var parts []string
				if json.Unmarshal(c.Source, &parts) == nil {
					s = strings.Join(parts, "")
				} else {
					json.Unmarshal(c.Source, &s)
				}
				cells = append(cells, s)
			}
			sessions = append(sessions, cells)
		}
	}
	add("cellfix/rules/testdata/*/*.py", false)
	add("tests/runtime/programs/*.py", false)
	add("examples/notebooks/*.ipynb", true)
	changed, kept, failed, preludes := 0, 0, 0, 0
	for _, target := range []cellfix.Target{cellfix.TargetTF, cellfix.TargetMulti} {
		for _, cells := range sessions {
			s := cellfix.NewSession(All)
			for _, code := range cells {
				fixed, findings, err := s.Fix(code, target)
				if err != nil || fixed == code {
					s.Record(code)
					continue
				}
				if strings.Count(fixed, "\n") == strings.Count(code, "\n") {
					s.Record(fixed)
					continue
				}
				changed++
				l := cellfix.LinePreserving(code, fixed)
				run := l.Run
				if l.Prelude != "" {
					preludes++
				}
				if !l.Preserved {
					failed++
					// Only a cell that does not parse may keep them.
					unparsed := false
					for _, f := range findings {
						unparsed = unparsed || strings.Contains(f.Message, "does not parse")
					}
					if !unparsed {
						t.Errorf("a cell that parses is not laid out on its lines")
					}
					d, _ := udiff.ToUnified("before", "fixed", code, udiff.Lines(code, fixed), 1)
					t.Logf("not line-preserving (%s):\n%s", target, d)
					s.Record(fixed)
					continue
				}
				kept++
				if got, want := strings.Count(run, "\n"), strings.Count(code, "\n"); got != want {
					t.Errorf("run has %d line breaks, the cell %d:\n%s\n---\n%s", got, want, code, run)
				}
				s.Record(run)
			}
		}
	}
	t.Logf("cells whose fixes change the line count: %d; laid out on their lines: %d (%d with imports run first); not: %d", changed, kept, preludes, failed)
}
