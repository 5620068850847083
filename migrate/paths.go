package migrate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// StdinPath is the PATH argument that stands for Python source on stdin.
const StdinPath = "-"

// kinds of file the migrator reads, by extension.
const (
	notebookExt = ".ipynb"
	scriptExt   = ".py"
)

// Expand turns PATH arguments into the files to process, in order:
// notebooks and scripts as given, and every .ipynb and .py file under a
// directory (sorted, skipping hidden folders and .ipynb_checkpoints).
// "-" is kept as is. A path that cannot be used gives an error naming it;
// the others are still returned.
func Expand(paths []string) (files []string, errs []error) {
	seenStdin := false
	for _, p := range paths {
		if p == StdinPath {
			if seenStdin {
				errs = append(errs, errors.New("-: stdin can be read only once"))
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
		found, walkErrs := walk(p)
		files = append(files, found...)
		errs = append(errs, walkErrs...)
	}
	return files, errs
}

// walk lists the notebooks and scripts under root.
func walk(root string) (files []string, errs []error) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: cannot read: %w", path, pathCause(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			// The root is searched even when it is hidden: the user named it.
			if path != root && (strings.HasPrefix(name, ".") || name == ".ipynb_checkpoints") {
				return fs.SkipDir
			}
			return nil
		}
		// Hidden files are editor and tool droppings, not the user's code.
		if strings.HasPrefix(name, ".") || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		if isSource(name) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", root, err))
	}
	return files, errs
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
