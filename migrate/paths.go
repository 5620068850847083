package migrate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// StdinPath is the PATH argument that stands for Python source on stdin.
const StdinPath = "-"

var errStdinTwice = errors.New("-: stdin can be read only once")

// kinds of file the migrator reads, by extension.
const (
	notebookExt = ".ipynb"
	scriptExt   = ".py"
)

// DefaultExclude is what a directory walk skips unless --exclude replaces
// it: Ruff's default exclude list, folders of tools, caches, builds and
// installed packages, never the user's own code.
var DefaultExclude = []string{
	".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg",
	".ipynb_checkpoints", ".mypy_cache", ".nox", ".pants.d", ".pyenv",
	".gokmig_cache", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv",
	".vscode", "__pypackages__", "_build", "buck-out", "build", "dist",
	"node_modules", "site-packages", "venv",
}

// envMarkers are entries that make a folder a Python environment, whatever
// its name: a venv's pyvenv.cfg, a conda environment's conda-meta.
var envMarkers = []string{"pyvenv.cfg", "conda-meta"}

// Discovery says which files a directory walk leaves out. Paths named on
// the command line are always processed; these rules apply to what the
// walk finds under a directory.
type Discovery struct {
	// Exclude replaces DefaultExclude when not nil.
	Exclude []string
	// ExtendExclude adds to Exclude.
	ExtendExclude []string
	// Settings, when not nil, supply exclude and extend-exclude patterns
	// relative to their file's folder; Exclude above still replaces theirs.
	Settings *Settings
}

// Expand is Discovery{}.Expand: the default rules.
func Expand(paths []string) (files []string, errs []error) {
	return Discovery{}.Expand(paths)
}

// Expand turns PATH arguments into the files to process, in order:
// notebooks and scripts as given, and every .ipynb and .py file under a
// directory, sorted, skipping hidden files and folders, Python
// environments, what the exclude patterns match and what .gitignore files
// ignore. Exclude patterns are gitignore-style globs, as Ruff's: one
// without a slash matches a name at any depth, one with a slash a path
// relative to the working directory. "-" is kept as is. A path that cannot
// be used gives an error naming it; the others are still returned.
func (d Discovery) Expand(paths []string) (files []string, errs []error) {
	exclude, err := d.patterns()
	if err != nil {
		return nil, []error{err}
	}
	seenStdin := false
	for _, p := range paths {
		if p == StdinPath {
			if seenStdin {
				errs = append(errs, errStdinTwice)
				continue
			}
			seenStdin = true
			files = append(files, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: cannot read: %w", p, pathCause(err)))
			continue
		}
		if !info.IsDir() {
			if !isSource(p) {
				errs = append(errs, fmt.Errorf("%s: not a notebook (.ipynb) or Python script (.py)", p))
				continue
			}
			files = append(files, p)
			continue
		}
		w, err := newWalker(p, exclude)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		w.dir(p, w.rootSegments, w.inherited)
		files = append(files, w.files...)
		errs = append(errs, w.errs...)
	}
	return files, errs
}

// patterns parses the exclude patterns: the command line's against the
// working directory, the configuration's against its file's folder (as
// Ruff's).
func (d Discovery) patterns() ([]gitignore.Pattern, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("find the working directory for --exclude: %w", err)
	}
	cli := segments(wd)
	file := cli
	if d.Settings != nil && d.Settings.File != "" {
		dir, err := filepath.Abs(d.Settings.root())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Settings.File, err)
		}
		file = segments(dir)
	}
	var out []gitignore.Pattern
	add := func(list []string, domain []string) {
		for _, p := range list {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, gitignore.ParsePattern(filepath.ToSlash(p), domain))
			}
		}
	}
	switch {
	case d.Exclude != nil:
		add(d.Exclude, cli)
	case d.Settings != nil && d.Settings.Exclude != nil:
		add(d.Settings.Exclude, file)
	default:
		add(DefaultExclude, cli)
	}
	if d.Settings != nil {
		add(d.Settings.ExtendExclude, file)
	}
	add(d.ExtendExclude, cli)
	return out, nil
}

// walker lists the notebooks and scripts under one directory.
type walker struct {
	exclude []gitignore.Pattern
	// base is the directory .gitignore paths are relative to: the git
	// repository's top, or the walk's root outside a repository.
	base string
	// rootSegments is the root's path below base; inherited the .gitignore
	// patterns of the folders between base and the root.
	rootSegments []string
	inherited    []gitignore.Pattern
	files        []string
	errs         []error
}

func newWalker(root string, exclude []gitignore.Pattern) (*walker, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	w := &walker{exclude: exclude, base: abs}
	if top, ok := repositoryTop(abs); ok {
		w.base = top
		rel, err := filepath.Rel(top, abs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", root, err)
		}
		if rel != "." {
			w.rootSegments = strings.Split(filepath.ToSlash(rel), "/")
		}
		// The folders above the root, down from the top, may ignore it or
		// what it holds.
		w.inherited = w.readIgnores(filepath.Join(gitCommonDir(top), "info", "exclude"), nil)
		for i := range w.rootSegments {
			dir := filepath.Join(append([]string{top}, w.rootSegments[:i]...)...)
			w.inherited = append(w.inherited, w.readIgnores(filepath.Join(dir, ".gitignore"), w.rootSegments[:i])...)
		}
	}
	return w, nil
}

// repositoryTop finds the git repository holding dir, if any.
func repositoryTop(dir string) (string, bool) {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// gitCommonDir is the folder holding the repository's info/exclude. In a
// linked worktree or a submodule .git is a file ("gitdir: PATH"), and a
// worktree's git dir names the shared one in its commondir file.
func gitCommonDir(top string) string {
	dotGit := filepath.Join(top, ".git")
	data, err := os.ReadFile(dotGit)
	if err != nil {
		return dotGit // a directory, or unreadable: readIgnores copes
	}
	gitDir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
	if !ok {
		return dotGit
	}
	dir := relativeTo(top, strings.TrimSpace(gitDir))
	if common, err := os.ReadFile(filepath.Join(dir, "commondir")); err == nil {
		return relativeTo(dir, strings.TrimSpace(string(common)))
	}
	return dir
}

// relativeTo resolves path against base unless it is absolute.
func relativeTo(base, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(base, path)
}

// dir adds the sources under path, whose segments below base are rel, with
// the .gitignore patterns of the folders above it. The root of a walk is
// always searched: the user named it.
func (w *walker) dir(path string, rel []string, ignores []gitignore.Pattern) {
	entries, err := os.ReadDir(path)
	if err != nil {
		w.errs = append(w.errs, fmt.Errorf("%s: cannot read: %w", path, pathCause(err)))
		return
	}
	own := w.readIgnores(filepath.Join(path, ".gitignore"), rel)
	if len(own) > 0 {
		ignores = append(ignores[:len(ignores):len(ignores)], own...)
	}
	for _, e := range entries {
		name := e.Name()
		child := filepath.Join(path, name)
		childRel := append(rel[:len(rel):len(rel)], name)
		// Hidden files and folders are editor and tool droppings, not the
		// user's code.
		if strings.HasPrefix(name, ".") || w.skips(child, childRel, e.IsDir(), ignores) {
			continue
		}
		if e.IsDir() {
			if !isEnvironment(child) && !isCache(child) {
				w.dir(child, childRel, ignores)
			}
			continue
		}
		if (e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0) && isSource(name) {
			w.files = append(w.files, child)
		}
	}
}

// skips reports whether an exclude pattern or a .gitignore leaves out the
// entry at path.
func (w *walker) skips(path string, rel []string, isDir bool, ignores []gitignore.Pattern) bool {
	if excluded(ignores, rel, isDir) {
		return true
	}
	abs, err := filepath.Abs(path)
	return err == nil && excluded(w.exclude, segments(abs), isDir)
}

// excluded applies patterns as git does: the last one that matches decides.
// go-git's patterns also match a path whose parent they match; such a
// match is skipped, since the walk never enters a folder it excludes, so
// it comes from a folder at or above the root the user named.
func excluded(patterns []gitignore.Pattern, path []string, isDir bool) bool {
	parent := path[:len(path)-1]
	for i := len(patterns) - 1; i >= 0; i-- {
		m := patterns[i].Match(path, isDir)
		if m == gitignore.NoMatch || len(parent) > 0 && patterns[i].Match(parent, true) == m {
			continue
		}
		return m == gitignore.Exclude
	}
	return false
}

// readIgnores parses one .gitignore-format file, if it exists, with its
// patterns relative to domain.
func (w *walker) readIgnores(path string, domain []string) []gitignore.Pattern {
	data, err := os.ReadFile(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission) {
			w.errs = append(w.errs, fmt.Errorf("%s: cannot read: %w", path, pathCause(err)))
		}
		return nil
	}
	var out []gitignore.Pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, gitignore.ParsePattern(line, domain))
	}
	return out
}

// isEnvironment reports whether dir is a Python environment (a venv or a
// conda environment), which holds installed packages, not the user's code.
func isEnvironment(dir string) bool {
	for _, marker := range envMarkers {
		if _, err := os.Lstat(filepath.Join(dir, marker)); err == nil {
			return true
		}
	}
	return false
}

// isCache reports whether dir is marked as a cache by a CACHEDIR.TAG, as
// gokmig's own cache is wherever --cache-dir puts it.
func isCache(dir string) bool {
	data := make([]byte, len(cacheDirTagSignature))
	f, err := os.Open(filepath.Join(dir, "CACHEDIR.TAG"))
	if err != nil {
		return false
	}
	defer f.Close()
	n, _ := io.ReadFull(f, data)
	return string(data[:n]) == cacheDirTagSignature
}

// segments splits an absolute path into its names, the form gitignore
// patterns match.
func segments(abs string) []string {
	abs = filepath.ToSlash(abs)
	if vol := filepath.VolumeName(abs); vol != "" {
		abs = abs[len(vol):]
	}
	var out []string
	for _, s := range strings.Split(abs, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func isSource(path string) bool {
	ext := filepath.Ext(path)
	return ext == notebookExt || ext == scriptExt
}

// pathCause strips the path and operation from an *fs.PathError, since the
// message names the path already.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
