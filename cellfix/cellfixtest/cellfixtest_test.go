package cellfixtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// renameOld flags every identifier `old` and fixes it to `new`.
var renameOld = &cellfix.Rule{
	Name: "rename-old", Code: "T1", Fixable: true,
	Run: func(p *cellfix.Pass) {
		p.Walk(func(n *cellfix.Node) bool {
			if n.Type() == "identifier" && p.Text(n) == "old" {
				fix := &cellfix.Fix{Title: "rename", Edits: []cellfix.TextEdit{p.Replace(n, "new")}}
				p.Reportf(n, fix, "old is old")
			}
			return true
		})
	},
}

// fixturesEnv names the fixture folder when this test binary runs Run as
// a child: a failing Run must fail its own test, which the parent observes.
const fixturesEnv = "CELLFIXTEST_FIXTURES"

func TestRunInChild(t *testing.T) {
	dir := os.Getenv(fixturesEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestMissingGoldenFailsAndUpdateCreatesIt")
	}
	Run(t, dir, renameOld)
}

func runChild(t *testing.T, dir string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestRunInChild$"}, args...)...)
	cmd.Env = append(os.Environ(), fixturesEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if _, failed := err.(*exec.ExitError); err != nil && !failed {
		t.Fatal(err)
	}
	return string(out), err == nil
}

// A fixture whose findings offer a fix fails without a golden, since its
// fix would otherwise go untested; -update creates the golden, which then
// passes. A fixture without fixes needs none.
func TestMissingGoldenFailsAndUpdateCreatesIt(t *testing.T) {
	dir := t.TempDir()
	fixture := "x = old  # want \"old is old\"\n"
	if err := os.WriteFile(filepath.Join(dir, "fixable.py"), []byte(fixture), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "clean.py"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, ok := runChild(t, dir)
	if ok || !strings.Contains(out, "fixable.py.golden is missing") {
		t.Fatalf("without a golden: passed=%v, output:\n%s", ok, out)
	}
	if out, ok := runChild(t, dir, "-update"); !ok {
		t.Fatalf("-update failed:\n%s", out)
	}
	golden, err := os.ReadFile(filepath.Join(dir, "fixable.py.golden"))
	if err != nil {
		t.Fatalf("-update did not create the golden: %v", err)
	}
	if want := "x = new  # want \"old is old\"\n"; string(golden) != want {
		t.Errorf("golden = %q, want %q", golden, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "clean.py.golden")); err == nil {
		t.Error("-update created a golden for a fixture without fixes")
	}
	if out, ok := runChild(t, dir); !ok {
		t.Errorf("with the golden in place:\n%s", out)
	}
}
