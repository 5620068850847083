package install

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/internal/testenv"
)

// The Jupyter paths come from the Python's own jupyter_core, which knows
// its sys.prefix even when no VIRTUAL_ENV says where it is.
func TestDataDirsOfAskJupyterCore(t *testing.T) {
	python := testenv.Python(t, "jupyter_core")
	t.Setenv("JUPYTER_PATH", "/first-path")
	t.Setenv("JUPYTER_DATA_DIR", "/user-data")
	t.Setenv("VIRTUAL_ENV", "")
	t.Setenv("CONDA_PREFIX", "")
	t.Setenv("JUPYTER_PREFER_ENV_PATH", "")
	out, err := exec.Command(python, "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := filepath.Join(strings.TrimSpace(string(out)), "share", "jupyter")

	dirs := DataDirsOf(python)
	// jupyter_core 5 puts a venv's directory before the user's: the test
	// Python is a venv's.
	if len(dirs) < 3 || dirs[0] != "/first-path" || dirs[1] != env || dirs[2] != "/user-data" {
		t.Errorf("DataDirsOf = %v, want $JUPYTER_PATH, the Python's own %s, then $JUPYTER_DATA_DIR", dirs, env)
	}
	if got := UserDataDirOf(python); got != "/user-data" {
		t.Errorf("UserDataDirOf = %s, want /user-data", got)
	}
	// Without a usable Python: Jupyter's rules, in Go.
	if got, want := DataDirsOf(filepath.Join(t.TempDir(), "no-python")), DataDirs(); !slices.Equal(got, want) {
		t.Errorf("DataDirsOf(no python) = %v, want DataDirs() %v", got, want)
	}
}

// The Go fallback for the user directory agrees with jupyter_core.
func TestUserDataDirAgreesWithJupyterCore(t *testing.T) {
	python := testenv.Python(t, "jupyter_core")
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, env := range []map[string]string{
		{"JUPYTER_DATA_DIR": "", "XDG_DATA_HOME": ""},
		{"JUPYTER_DATA_DIR": "", "XDG_DATA_HOME": filepath.Join(home, "xdg")},
		{"JUPYTER_DATA_DIR": filepath.Join(home, "jdd"), "XDG_DATA_HOME": filepath.Join(home, "xdg")},
	} {
		for k, v := range env {
			t.Setenv(k, v)
		}
		user, _, err := jupyterPaths(python)
		if err != nil {
			t.Fatal(err)
		}
		if got := UserDataDir(); got != user {
			t.Errorf("with %v: UserDataDir = %s, jupyter_core says %s", env, got, user)
		}
	}
}
