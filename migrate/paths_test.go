package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTree(t *testing.T, root string, files ...string) {
	t.Helper()
	for _, f := range files {
		path := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("x = 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExpandWalksDirectories(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root,
		"a.ipynb", "b.py", "notes.txt", ".hidden.py",
		"sub/c.ipynb", "sub/deeper/d.py",
		".git/e.py", ".venv/lib/f.py", "sub/.ipynb_checkpoints/c-checkpoint.ipynb", ".ipynb_checkpoints/a-checkpoint.ipynb",
	)
	files, errs := Expand([]string{root})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	var rel []string
	for _, f := range files {
		r, _ := filepath.Rel(root, f)
		rel = append(rel, filepath.ToSlash(r))
	}
	want := "a.ipynb b.py sub/c.ipynb sub/deeper/d.py"
	if got := strings.Join(rel, " "); got != want {
		t.Errorf("Expand found %q, want %q", got, want)
	}
}

// A hidden directory named on the command line is searched: the rule about
// hidden folders is for what the walk finds, not for what the user asks.
func TestExpandSearchesAHiddenRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), ".work")
	writeTree(t, root, "a.py")
	files, errs := Expand([]string{root})
	if len(errs) != 0 || len(files) != 1 {
		t.Fatalf("Expand(%s) = %v, %v; want the one script", root, files, errs)
	}
}

func TestExpandReportsBadPathsAndKeepsTheOthers(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, "ok.py", "data.csv")
	missing := filepath.Join(root, "missing.ipynb")
	files, errs := Expand([]string{missing, filepath.Join(root, "data.csv"), filepath.Join(root, "ok.py"), "-", "-"})
	if len(files) != 2 || files[0] != filepath.Join(root, "ok.py") || files[1] != "-" {
		t.Errorf("files = %v, want ok.py and -", files)
	}
	wants := []string{
		missing + ": cannot read: no such file or directory",
		filepath.Join(root, "data.csv") + ": not a notebook (.ipynb) or Python script (.py)",
		"-: stdin can be read only once",
	}
	if len(errs) != len(wants) {
		t.Fatalf("errors = %v, want %d", errs, len(wants))
	}
	for i, want := range wants {
		if errs[i].Error() != want {
			t.Errorf("error %d = %q, want %q", i, errs[i], want)
		}
	}
}
