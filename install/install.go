package install

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Scope selects where a kernelspec is installed, as in
// "python -m ipykernel install".
type Scope int

const (
	// ScopeSystem is the first system directory, /usr/local/share/jupyter.
	ScopeSystem Scope = iota
	// ScopeUser is the user's Jupyter data directory.
	ScopeUser
	// ScopeSysPrefix is sys.prefix/share/jupyter of the chosen python.
	ScopeSysPrefix
	// ScopePrefix is PREFIX/share/jupyter.
	ScopePrefix
)

// Defaults of install.
const (
	DefaultName        = "gokmig"
	DefaultDisplayName = "Python 3 (Keras 3 migration)"
)

// Options describe one installation.
type Options struct {
	Scope Scope
	// Prefix is the directory for ScopePrefix.
	Prefix string
	// Python is the interpreter whose sys.prefix ScopeSysPrefix uses.
	Python string

	Name        string
	DisplayName string
	// Replace allows overwriting a kernelspec of that name that gokmig did
	// not write; without it Install refuses with ErrForeignKernelspec.
	Replace bool
	// Argv is the command line that starts the kernel, ending in
	// "-f {connection_file}"; see KernelArgv.
	Argv []string
}

// KernelArgv is the kernelspec command line: the binary's absolute path,
// the kernel verb, how to reach the upstream kernel, the mode and target
// (each left out when ""), then "-f {connection_file}" last because VS
// Code looks for "-f" right before the placeholder.
func KernelArgv(executable, python, upstreamKernel, mode, target string) []string {
	argv := []string{executable, "kernel"}
	if upstreamKernel != "" {
		argv = append(argv, "--upstream-kernel", upstreamKernel)
	} else {
		argv = append(argv, "--python", python)
	}
	return append(sessionArgs(argv, mode, target), "-f", "{connection_file}")
}

// sessionArgs appends the --mode and --target flags that were given.
func sessionArgs(argv []string, mode, target string) []string {
	if mode != "" {
		argv = append(argv, "--mode", mode)
	}
	if target != "" {
		argv = append(argv, "--target", target)
	}
	return argv
}

// PythonModule is the Python package that the gokmig wheel installs;
// "python -m gokmig" runs the binary installed beside that Python.
const PythonModule = "gokmig"

// ModuleArgv is the command line of the kernelspec that the wheel ships:
// "python" is the first word, which Jupyter replaces with its own
// interpreter as for ipykernel's kernelspec, so the kernel runs in the
// environment it was installed into, with no path written down.
func ModuleArgv(mode, target string) []string {
	argv := []string{"python", "-m", PythonModule, "kernel"}
	return append(sessionArgs(argv, mode, target), "-f", "{connection_file}")
}

// DataDir returns the Jupyter data directory of the options' scope.
func (o Options) DataDir() (string, error) {
	switch o.Scope {
	case ScopeUser:
		return UserDataDirOf(o.Python), nil
	case ScopePrefix:
		if o.Prefix == "" {
			return "", errors.New("--prefix needs a directory")
		}
		abs, err := filepath.Abs(o.Prefix)
		if err != nil {
			return "", fmt.Errorf("prefix %s: %w", o.Prefix, err)
		}
		return filepath.Join(abs, "share", "jupyter"), nil
	case ScopeSysPrefix:
		prefix, err := sysPrefix(o.Python)
		if err != nil {
			return "", err
		}
		return filepath.Join(prefix, "share", "jupyter"), nil
	}
	return SystemDataDirs[0], nil
}

// marker is the metadata key that tells a gokmig kernelspec apart, so that
// uninstall never removes someone else's kernel.
const marker = "gokmig"

// IsGokmig reports whether spec was written by Install.
func (s *KernelSpec) IsGokmig() bool {
	_, ok := s.Metadata[marker]
	return ok
}

// ErrForeignKernelspec means the kernelspec directory Install would
// replace holds something gokmig did not write.
var ErrForeignKernelspec = errors.New("holds a kernelspec that gokmig-kernel did not install")

// writeFile is os.WriteFile; tests replace it to make a write fail, as a
// full disk would.
var writeFile = os.WriteFile

// Install writes DATADIR/kernels/NAME/{kernel.json,logo-32x32.png,logo-64x64.png}
// and returns that directory. A gokmig kernelspec of that name is
// replaced; anything else there only with o.Replace. The new kernelspec is
// complete before the old one goes, so a failure leaves the old one.
func Install(o Options) (string, error) {
	if err := CheckName(o.Name); err != nil {
		return "", err
	}
	if len(o.Argv) < 2 {
		return "", errors.New("install: kernel command line is empty")
	}
	data, err := o.DataDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(data, "kernels", o.Name)
	if !o.Replace {
		if err := checkReplaceable(dir); err != nil {
			return "", err
		}
	}
	spec := KernelSpec{
		Argv:          o.Argv,
		DisplayName:   o.DisplayName,
		Language:      "python",
		InterruptMode: "message",
		Metadata:      map[string]any{marker: map[string]any{"version": 1}},
	}
	body, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode kernel.json: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	// The new kernelspec is written beside its place, on the same file
	// system, so that a rename puts it in place whole.
	staging, err := os.MkdirTemp(filepath.Dir(dir), "."+o.Name+".new-")
	if err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	defer os.RemoveAll(staging) // nothing left once renamed
	if err := os.Chmod(staging, 0o755); err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	// kernel.json last: a directory is a kernelspec once it has one.
	for _, f := range []struct {
		name    string
		content []byte
	}{
		{"logo-32x32.png", Logo(32)},
		{"logo-64x64.png", Logo(64)},
		{"kernel.json", append(body, '\n')},
	} {
		if err := writeFile(filepath.Join(staging, f.name), f.content, 0o644); err != nil {
			return "", fmt.Errorf("install kernelspec: %w", err)
		}
	}
	if err := swapInto(staging, dir); err != nil {
		return "", fmt.Errorf("install kernelspec in %s: %w", dir, err)
	}
	return dir, nil
}

// checkReplaceable refuses to replace dir unless it is absent, empty or a
// kernelspec gokmig wrote.
func checkReplaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	foreign := fmt.Errorf("%s %w; pass --replace to overwrite it", dir, ErrForeignKernelspec)
	if err != nil {
		return foreign // a file, or unreadable
	}
	spec, err := Read(dir)
	if err != nil || !spec.IsGokmig() {
		return foreign
	}
	return nil
}

// swapInto moves the complete directory staging to dir. An old dir is
// first moved aside, and removed only once the new one is in place; if
// that fails, it is put back.
func swapInto(staging, dir string) error {
	if err := os.Rename(staging, dir); err == nil {
		return nil // there was nothing to replace
	} else if _, statErr := os.Lstat(dir); statErr != nil {
		return err
	}
	old := staging + ".old"
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("move the old kernelspec aside: %w", err)
	}
	if err := os.Rename(staging, dir); err != nil {
		if undo := os.Rename(old, dir); undo != nil {
			return fmt.Errorf("%w (the old kernelspec is left in %s: %v)", err, old, undo)
		}
		return err
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("remove the old kernelspec: %w", err)
	}
	return nil
}

// Uninstall removes the first kernelspec called name in dirs (DataDirs()
// when nil) and returns its directory. It refuses kernelspecs that gokmig
// did not write.
func Uninstall(name string, dirs []string) (string, error) {
	spec, err := Find(name, dirs)
	if err != nil {
		return "", err
	}
	if !spec.IsGokmig() {
		return "", fmt.Errorf("kernelspec %q in %s was not installed by gokmig-kernel; remove it with 'jupyter kernelspec uninstall %s'", spec.Name, spec.ResourceDir, spec.Name)
	}
	if err := os.RemoveAll(spec.ResourceDir); err != nil {
		return "", fmt.Errorf("uninstall: %w", err)
	}
	return spec.ResourceDir, nil
}
