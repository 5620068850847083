package nbformat

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// dirNames lists a folder, so tests can see that no temporary file is left.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileKeepsMode(t *testing.T) {
	for _, mode := range []fs.FileMode{0o600, 0o640, 0o755, 0o604, 0o200, fs.ModeSetgid | 0o750} {
		dir := t.TempDir()
		path := filepath.Join(dir, "nb.ipynb")
		if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		// Chmod after creating: the umask must not decide the mode here.
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(path, []byte("new contents")); err != nil {
			t.Fatalf("mode %v: %v", mode, err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != "new contents" {
			t.Fatalf("mode %v: read back %q, %v", mode, got, err)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != mode {
			t.Errorf("mode %v became %v", mode, info.Mode())
		}
		if names := dirNames(t, dir); !slices.Equal(names, []string{"nb.ipynb"}) {
			t.Errorf("folder holds %q, want only nb.ipynb", names)
		}
	}
}

func TestWriteFileNewFileFollowsUmask(t *testing.T) {
	dir := t.TempDir()
	// os.WriteFile with 0666 shows what the umask makes of a new file.
	ref := filepath.Join(dir, "ref")
	if err := os.WriteFile(ref, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "new.ipynb")
	if err := WriteFile(path, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	want, err := os.Stat(ref)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Mode() != want.Mode() {
		t.Errorf("new file has mode %v, want %v", got.Mode(), want.Mode())
	}
}

func TestWriteFileThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.ipynb")
	link := filepath.Join(dir, "link.ipynb")
	if err := os.WriteFile(target, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.ipynb", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", info, err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("target holds %q, want new", got)
	}
}

func TestWriteFileRefusesNonFiles(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder.ipynb")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(folder, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("writing over a folder: err = %v", err)
	}
	err = WriteFile(filepath.Join(dir, "no", "such", "dir.ipynb"), []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("writing into a missing folder: err = %v", err)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"folder.ipynb"}) {
		t.Errorf("folder holds %q, want only folder.ipynb", names)
	}
}

// TestEditAndWrite is the whole cycle a caller runs: read, change a cell,
// write atomically, read again.
func TestEditAndWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nb.ipynb")
	if err := os.WriteFile(path, readFixture(t, "colab_crlf.ipynb"), 0o600); err != nil {
		t.Fatal(err)
	}
	nb, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := nb.SetSource(1, "import keras\n"); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, nb.Bytes()); err != nil {
		t.Fatal(err)
	}
	again, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Cells()[1].Source; got != "import keras\n" {
		t.Errorf("cell 1 reads back as %q", got)
	}
	if info, _ := os.Stat(path); info.Mode() != 0o600 {
		t.Errorf("mode changed to %v", info.Mode())
	}
}

// The temporary file's name is short and fixed, so a file whose name has
// the most bytes a folder allows (255 on common file systems) can be
// written; a name built from the file's own name would be too long.
func TestWriteFileLongestName(t *testing.T) {
	dir := t.TempDir()
	name := strings.Repeat("n", 255-len(".ipynb")) + ".ipynb"
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("file holds %q", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{name}) {
		t.Errorf("folder holds %q", names)
	}
}
