package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestModuleRootHoldsGoMod(t *testing.T) {
	if _, err := os.Stat(filepath.Join(ModuleRoot(), "go.mod")); err != nil {
		t.Fatalf("ModuleRoot() = %s: %v", ModuleRoot(), err)
	}
}

// A missing interpreter must fail under CI and skip elsewhere.
func TestMissingPythonFailsUnderCI(t *testing.T) {
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		t.Setenv("GOKMIG_TEST_PYTHON", filepath.Join(t.TempDir(), "no-such-python"))
		rec := &recorder{TB: t}
		func() {
			defer func() { recover() }() // Fatalf and Skipf stop via Goexit in real tests
			Python(rec)
		}()
		if ci == "true" && !rec.failed {
			t.Error("CI=true: missing python did not fail")
		}
		if ci == "" && (!rec.skipped || rec.failed) {
			t.Error("CI unset: missing python did not skip")
		}
	}
}

// recorder notes Fatalf/Skipf instead of stopping the surrounding test.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(string, ...any) {
	r.failed = true
	panic("stop")
}
func (r *recorder) Skipf(string, ...any) {
	r.skipped = true
	panic("stop")
}
