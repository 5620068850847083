// Package install writes, finds, lists and removes Jupyter kernelspecs, the
// kernel.json files through which Jupyter frontends start a kernel.
package install

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// UserDataDir is the per-user Jupyter data directory by jupyter_core's
// rules, for when no Python can be asked (see UserDataDirOf):
// $JUPYTER_DATA_DIR, else on macOS ~/Library/Jupyter, on Windows
// %APPDATA%\jupyter, elsewhere $XDG_DATA_HOME/jupyter or
// ~/.local/share/jupyter.
func UserDataDir() string {
	if dir := os.Getenv("JUPYTER_DATA_DIR"); dir != "" {
		return dir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = string(filepath.Separator)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter")
	case "windows":
		if appData := os.Getenv("APPDATA"); appData != "" {
			return filepath.Join(appData, "jupyter")
		}
		return filepath.Join(home, ".jupyter", "data")
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
		return filepath.Join(xdg, "jupyter")
	}
	return filepath.Join(home, ".local", "share", "jupyter")
}

// SystemDataDirs are the system-wide Jupyter data directories.
var SystemDataDirs = systemDataDirs()

func systemDataDirs() []string {
	if runtime.GOOS == "windows" {
		if programData := os.Getenv("PROGRAMDATA"); programData != "" {
			return []string{filepath.Join(programData, "jupyter")}
		}
	}
	return []string{"/usr/local/share/jupyter", "/usr/share/jupyter"}
}

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

// preferEnv is $JUPYTER_PREFER_ENV_PATH when set; otherwise, as in
// jupyter_core 5, true inside an activated venv.
func preferEnv() bool {
	v, set := os.LookupEnv("JUPYTER_PREFER_ENV_PATH")
	if !set {
		return os.Getenv("VIRTUAL_ENV") != ""
	}
	switch strings.ToLower(v) {
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

// jupyterPathsScript prints where a Python's jupyter_core looks for data:
// the user directory and the whole search path, in order.
const jupyterPathsScript = "import json, jupyter_core.paths as p; print(json.dumps({'user': p.jupyter_data_dir(), 'path': p.jupyter_path()}))"

// jupyterPaths asks python's jupyter_core where Jupyter's data lives. It
// knows what Go can only approximate: the platform's conventions, sys.prefix
// and the settings of that installation.
func jupyterPaths(python string) (user string, path []string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "-c", jupyterPathsScript).Output()
	if err != nil {
		return "", nil, fmt.Errorf("ask %s for Jupyter's paths: %w", python, err)
	}
	var got struct {
		User string   `json:"user"`
		Path []string `json:"path"`
	}
	if err := json.Unmarshal(out, &got); err != nil || got.User == "" || len(got.Path) == 0 {
		return "", nil, fmt.Errorf("ask %s for Jupyter's paths: unexpected answer %q", python, out)
	}
	return got.User, got.Path, nil
}

// UserDataDirOf is the user data directory of python's jupyter_core, or
// UserDataDir() when python is empty or cannot say.
func UserDataDirOf(python string) string {
	if python != "" {
		if user, _, err := jupyterPaths(python); err == nil {
			return user
		}
	}
	return UserDataDir()
}

// DataDirsOf is the search path of python's jupyter_core followed by the
// directories of DataDirs() it lacks (such as this binary's own prefix),
// or DataDirs() alone when python is empty or cannot say.
func DataDirsOf(python string) []string {
	if python == "" {
		return DataDirs()
	}
	_, path, err := jupyterPaths(python)
	if err != nil {
		return DataDirs()
	}
	return dedupe(append(path, DataDirs()...))
}
