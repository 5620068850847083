// Package install writes, finds, lists and removes Jupyter kernelspecs, the
// kernel.json files through which Jupyter frontends start a kernel.
package install

import (
	"os"
	"path/filepath"
	"strings"
)

// UserDataDir is the per-user Jupyter data directory, resolved as
// jupyter_core does on Linux: $JUPYTER_DATA_DIR, else
// $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter.
func UserDataDir() string {
	if dir := os.Getenv("JUPYTER_DATA_DIR"); dir != "" {
		return dir
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
		return filepath.Join(xdg, "jupyter")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "/"
	}
	return filepath.Join(home, ".local", "share", "jupyter")
}

// SystemDataDirs are the system-wide Jupyter data directories on Linux.
var SystemDataDirs = []string{"/usr/local/share/jupyter", "/usr/share/jupyter"}

// envDataDirs are data directories of active Python environments: an
// activated venv or conda env, and the prefix this binary is installed in
// (a binary in PREFIX/bin belongs to PREFIX/share/jupyter). jupyter_core
// uses sys.prefix, which a Go program can only approximate.
func envDataDirs() []string {
	var dirs []string
	for _, v := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(v); p != "" {
			dirs = append(dirs, filepath.Join(p, "share", "jupyter"))
		}
	}
	if exe, err := os.Executable(); err == nil {
		if bin := filepath.Dir(exe); filepath.Base(bin) == "bin" {
			dirs = append(dirs, filepath.Join(filepath.Dir(bin), "share", "jupyter"))
		}
	}
	return dirs
}

// DataDirs returns the Jupyter data directories in search order:
// $JUPYTER_PATH, the user directory, environment directories, then system
// directories ($JUPYTER_PREFER_ENV_PATH puts environments before the user).
// Duplicates are removed.
func DataDirs() []string {
	var dirs []string
	for _, p := range filepath.SplitList(os.Getenv("JUPYTER_PATH")) {
		if p != "" {
			dirs = append(dirs, p)
		}
	}
	user := []string{UserDataDir()}
	env := envDataDirs()
	if preferEnv() {
		dirs = append(append(dirs, env...), user...)
	} else {
		dirs = append(append(dirs, user...), env...)
	}
	dirs = append(dirs, SystemDataDirs...)
	return dedupe(dirs)
}

func preferEnv() bool {
	switch strings.ToLower(os.Getenv("JUPYTER_PREFER_ENV_PATH")) {
	case "", "0", "false", "no", "off", "n":
		return false
	}
	return true
}

func dedupe(dirs []string) []string {
	seen := map[string]bool{}
	out := dirs[:0]
	for _, d := range dirs {
		d = filepath.Clean(d)
		if seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, d)
	}
	return out
}
