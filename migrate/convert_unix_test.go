//go:build unix

package migrate

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// convertNotebook is a notebook that convert changes.
const convertNotebook = keras2Notebook

// A file convert must not replace gets one line naming it and is left as it
// was; the other files are still converted, and the exit status is 2.
func TestConvertRefusesReadOnlyAndLinkedFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"ro.ipynb": convertNotebook, "linked.ipynb": convertNotebook, "train.py": keras2Script})
	p := func(name string) string { return filepath.Join(dir, name) }
	if err := os.Chmod(p("ro.ipynb"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(p("linked.ipynb"), p("other-name.ipynb")); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runFor(t, Config{Mode: Convert}, "", p("ro.ipynb"), p("linked.ipynb"), p("train.py"))
	if code != StatusError {
		t.Errorf("exit %d, want %d", code, StatusError)
	}
	want := []string{
		p("ro.ipynb") + ": cannot write: the file is read-only (mode 0444); left as it was (make it writable to convert it)",
		p("linked.ipynb") + ": cannot write: the file has 2 hard links, and replacing it would leave the other names with the old text; left as it was (convert a copy, or write elsewhere with -o)",
	}
	if got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); !slices.Equal(got, want) {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, strings.Join(want, "\n"))
	}
	for _, name := range []string{"ro.ipynb", "linked.ipynb", "other-name.ipynb"} {
		if got, _ := os.ReadFile(p(name)); string(got) != convertNotebook {
			t.Errorf("%s changed", name)
		}
	}
	if got, _ := os.ReadFile(p("train.py")); !strings.HasPrefix(string(got), "import keras\n") {
		t.Errorf("train.py was not converted:\n%s", got)
	}
	// Only what was written counts as changed.
	if !strings.Contains(stdout, "1 file changed") || !strings.Contains(stdout, "2 files could not be processed") {
		t.Errorf("summary: %s", stdout)
	}
}

// convert as root gives the file back to its owner, with its mode.
func TestConvertKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	dir := writeFiles(t, map[string]string{"nb.ipynb": convertNotebook})
	path := filepath.Join(dir, "nb.ipynb")
	if err := os.Chown(path, 1234, 5678); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runFor(t, Config{Mode: Convert}, "", path); code != StatusClean && code != StatusFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if got := fmt.Sprintf("%d:%d %v", st.Uid, st.Gid, info.Mode()); got != "1234:5678 -rw-------" {
		t.Errorf("converted file is %s, want 1234:5678 -rw-------", got)
	}
	if got, _ := os.ReadFile(path); string(got) == convertNotebook {
		t.Error("the notebook was not converted")
	}
}

// A notebook whose name has the most bytes a folder allows converts.
func TestConvertLongestName(t *testing.T) {
	name := strings.Repeat("n", 255-len(".ipynb")) + ".ipynb"
	dir := writeFiles(t, map[string]string{name: convertNotebook})
	path := filepath.Join(dir, name)
	if code, _, stderr := runFor(t, Config{Mode: Convert}, "", path); stderr != "" || code == StatusError {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got, _ := os.ReadFile(path); !strings.Contains(string(got), `"import keras\n"`) {
		t.Errorf("not converted:\n%s", got)
	}
}

// leftoverOf names the temporary copy that a run killed while writing path
// leaves, as the README documents it: .gokmig-<FNV-1a 64 of the name>.tmp.
func leftoverOf(path string) string {
	h := fnv.New64a()
	h.Write([]byte(filepath.Base(path)))
	return filepath.Join(filepath.Dir(path), fmt.Sprintf(".gokmig-%016x.tmp", h.Sum64()))
}

// The next convert of a file removes what a killed run left beside it,
// whether or not the file changes; other files' leftovers stay.
func TestConvertRemovesLeftovers(t *testing.T) {
	dir := writeFiles(t, map[string]string{"changes.ipynb": convertNotebook, "clean.py": "import keras\n", "other.py": "import keras\n"})
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, name := range []string{"changes.ipynb", "clean.py", "other.py"} {
		if !regexp.MustCompile(`^\.gokmig-[0-9a-f]{16}\.tmp$`).MatchString(filepath.Base(leftoverOf(p(name)))) {
			t.Fatalf("bad leftover name %s", leftoverOf(p(name)))
		}
		if err := os.WriteFile(leftoverOf(p(name)), []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := runFor(t, Config{Mode: Convert}, "", p("changes.ipynb"), p("clean.py")); code == StatusError {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for name, wantGone := range map[string]bool{"changes.ipynb": true, "clean.py": true, "other.py": false} {
		_, err := os.Stat(leftoverOf(p(name)))
		if gone := os.IsNotExist(err); gone != wantGone {
			t.Errorf("leftover of %s removed: %v, want %v (%v)", name, gone, wantGone, err)
		}
	}
}
