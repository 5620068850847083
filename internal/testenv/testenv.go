// Package testenv finds what the project's tests need outside Go: the
// module root, where scripts live, and the Python environment that
// scripts/setup builds in .venv.
//
// Outside CI a test whose dependency is missing is skipped, so `go test`
// works on a machine with only Go; with CI=true it fails, because a
// missing dependency there is a broken set-up, not a reason to test less.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// ModuleRoot returns the directory holding go.mod.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Python returns the venv's interpreter (or $GOKMIG_TEST_PYTHON), checked
// by importing the given modules with it.
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	python := os.Getenv("GOKMIG_TEST_PYTHON")
	if python == "" {
		python = filepath.Join(ModuleRoot(), ".venv", "bin", "python")
	}
	// Keras has no TensorFlow to load here; its numpy backend needs none.
	check := []string{"-c", "import os; os.environ.setdefault('KERAS_BACKEND', 'numpy')"}
	for _, m := range modules {
		check[1] += "; import " + m
	}
	if out, err := exec.Command(python, check...).CombinedOutput(); err != nil {
		Missing(t, "%s cannot import %v (run scripts/setup): %v\n%s", python, modules, err, out)
	}
	return python
}

// Missing skips the test, or fails it under CI=true.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and a test dependency is missing: "+format, args...)
	}
	t.Skipf(format, args...)
}
