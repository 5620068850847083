package migrate

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
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

// expectFiles checks that d expands args, from the working directory, to
// want: slash paths relative to base, separated by spaces.
func expectFiles(t *testing.T, d Discovery, base string, args []string, want string) {
	t.Helper()
	files, errs := d.Expand(args)
	if len(errs) != 0 {
		t.Fatalf("%+v.Expand(%q): errors: %v", d, args, errs)
	}
	if got := relFiles(t, base, files); got != want {
		t.Errorf("%+v.Expand(%q) found %q, want %q", d, args, got, want)
	}
}

// relFiles is Expand's result as slash paths relative to root.
func relFiles(t *testing.T, root string, files []string) string {
	t.Helper()
	var rel []string
	for _, f := range files {
		r, err := filepath.Rel(root, f)
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, filepath.ToSlash(r))
	}
	return strings.Join(rel, " ")
}

// Folders Ruff skips by default, and Python environments whatever their
// name, hold installed packages, not the user's code.
func TestExpandSkipsEnvironmentsAndRuffDefaults(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root,
		"app.py",
		"venv/lib/python3.11/site-packages/pkg/mod.py",
		"myenv/pyvenv.cfg", "myenv/lib/python3.11/site-packages/pkg/mod.py",
		"conda/conda-meta/history", "conda/lib/python3.11/pkg/mod.py",
		"tools/lib/site-packages/pkg/mod.py",
		"build/lib/app.py", "dist/app.py", "node_modules/x/y.py", "__pypackages__/3.11/lib/z.py",
		"_build/a.py", "buck-out/a.py", "sub/build/b.py", "sub/keep.py",
	)
	t.Chdir(root)
	expectFiles(t, Discovery{}, ".", []string{"."}, "app.py sub/keep.py")
}

// What .gitignore files ignore is skipped, with git's semantics: patterns
// relative to their file's folder, negation, files above the walk's root
// up to the repository's top, and .git/info/exclude.
func TestExpandFollowsGitignore(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root,
		"proj/a.py", "proj/scratch/b.py", "proj/gen_c.py", "proj/gen_keep.py",
		"proj/sub/d.py", "proj/sub/e.py", "proj/sub/deep/sub/f.py", "proj/local.py",
		"proj/other/scratch/g.py",
	)
	if err := os.MkdirAll(filepath.Join(root, ".git", "info"), 0o755); err != nil {
		t.Fatal(err)
	}
	for path, text := range map[string]string{
		".gitignore":          "# generated\n/proj/scratch/\ngen_*.py\n!gen_keep.py\n",
		"proj/sub/.gitignore": "e.py\n/deep/\n",
		".git/info/exclude":   "local.py\n",
	} {
		if err := os.WriteFile(filepath.Join(root, path), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	proj := filepath.Join(root, "proj")
	expectFiles(t, Discovery{}, proj, []string{proj}, "a.py gen_keep.py other/scratch/g.py sub/d.py")
}

// In a linked worktree .git is a file naming the git dir, whose commondir
// holds the shared info/exclude. Real git lays the worktree out.
func TestExpandInALinkedWorktree(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	main, linked := filepath.Join(root, "main"), filepath.Join(root, "linked")
	writeTree(t, main, "a.py", "local.py")
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command(gitPath, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(main, "init", "-q")
	git(main, "add", ".")
	git(main, "commit", "-qm", "files")
	git(main, "worktree", "add", "-q", linked)
	if err := os.WriteFile(filepath.Join(main, ".git", "info", "exclude"), []byte("local.py\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectFiles(t, Discovery{}, linked, []string{linked}, "a.py")
}

// --exclude replaces the default list, --extend-exclude adds to it; a
// pattern with a slash is a path from the working directory.
func TestDiscoveryExcludePatterns(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, "a.py", "test_a.py", "venv/v.py", "data/raw/r.py", "pkg/data/raw/p.py", "pkg/n.ipynb")
	t.Chdir(root)
	for _, c := range []struct {
		d    Discovery
		want string
	}{
		{Discovery{}, "a.py data/raw/r.py pkg/data/raw/p.py pkg/n.ipynb test_a.py"},
		{Discovery{ExtendExclude: []string{"test_*.py", "data/raw"}}, "a.py pkg/data/raw/p.py pkg/n.ipynb"},
		{Discovery{ExtendExclude: []string{"*.ipynb", "raw/"}}, "a.py test_a.py"},
		{Discovery{Exclude: []string{}}, "a.py data/raw/r.py pkg/data/raw/p.py pkg/n.ipynb test_a.py venv/v.py"},
		{Discovery{Exclude: []string{"pkg"}, ExtendExclude: []string{"a.py"}}, "data/raw/r.py test_a.py venv/v.py"},
	} {
		expectFiles(t, c.d, ".", []string{"."}, c.want)
	}
}

// A path named on the command line is processed even when the walk would
// skip it: the user asked for it.
func TestExpandKeepsNamedPaths(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, "venv/pyvenv.cfg", "venv/lib/v.py", "build/b.py", "ignored/i.py")
	if err := os.WriteFile(filepath.Join(root, ".gitignore"), []byte("ignored/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	expectFiles(t, Discovery{ExtendExclude: []string{"b.py"}}, ".", []string{"venv", "build/b.py", "ignored"}, "venv/lib/v.py build/b.py ignored/i.py")
}

// Acceptance: convert . in a project root that holds virtualenvs, a conda
// environment, a build folder and a .gitignored folder, all with Keras 2
// code, rewrites the user's own files and not one byte of anything else.
func TestConvertChangesOnlyTheUsersCode(t *testing.T) {
	root := t.TempDir()
	own := []string{"train.py", "notebooks/explore.ipynb", "src/model/net.py"}
	others := []string{
		"venv/lib/python3.11/site-packages/keras_thing/core.py",
		"env/lib/python3.11/site-packages/other/nb.ipynb",
		"envs/ml/lib/python3.11/site-packages/tfpkg/models.py",
		"build/lib/model/net.py",
		"outputs/run1/train_copy.py",
		"scratch/old.ipynb",
	}
	for _, f := range append(append([]string(nil), own...), others...) {
		text := keras2Script
		if strings.HasSuffix(f, ".ipynb") {
			text = keras2Notebook
		}
		writeFile(t, filepath.Join(root, f), text)
	}
	writeFile(t, filepath.Join(root, "env", "pyvenv.cfg"), "home = /usr/bin\n")
	writeFile(t, filepath.Join(root, "envs", "ml", "conda-meta", "history"), "")
	writeFile(t, filepath.Join(root, ".gitignore"), "outputs/\nscratch\n")

	before := snapshot(t, root)
	t.Chdir(root)
	code, _, stderr := runFor(t, Config{Mode: Convert}, "", ".")
	if code == StatusError {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	after := snapshot(t, root)
	var changed []string
	for path, data := range before {
		if !bytes.Equal(after[path], data) {
			changed = append(changed, path)
		}
	}
	if len(after) != len(before) {
		t.Errorf("convert made or removed files: %d before, %d after", len(before), len(after))
	}
	sort.Strings(changed)
	want := append([]string(nil), own...)
	sort.Strings(want)
	if strings.Join(changed, " ") != strings.Join(want, " ") {
		t.Errorf("convert changed %v, want exactly %v", changed, want)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot maps every file under root to its bytes.
func snapshot(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Inside a repository, a folder named on the command line is searched even
// when a .gitignore or an exclude pattern matches it; what lies below it is
// still judged on its own.
func TestExpandSearchesANamedIgnoredFolder(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, ".git/HEAD", "out/run/a.py", "out/run/b.py", "venv/lib/c.py")
	writeFile(t, filepath.Join(root, ".gitignore"), "out/\nb.py\n")
	t.Chdir(root)
	expectFiles(t, Discovery{}, ".", []string{"out", "venv"}, "out/run/a.py venv/lib/c.py")
}
