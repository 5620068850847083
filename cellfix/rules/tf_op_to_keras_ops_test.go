package rules

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/cellfixtest"
	"github.com/gokmig/gokmig/internal/testenv"
)

// tf-keras-import runs alongside: it removes `import tensorflow` once the
// rewrites leave it unused.
func TestTFOpToKerasOps(t *testing.T) {
	cellfixtest.Run(t, "testdata/tf-op-to-keras-ops", TFOpToKerasOps, TFKerasImport)
}

var (
	tfUse    = regexp.MustCompile(`\btf\.`)
	tfImport = regexp.MustCompile(`(?m)^\s*(import tensorflow|from tensorflow)`)
)

// convertForMulti applies every rule's safe fixes for target multi, as
// `convert --target multi` does.
func convertForMulti(t *testing.T, path string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fixture := cellfixtest.Split(string(src))
	doc, err := cellfix.NewDocument(fixture.Sources(), false)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cellfix.FixDocument(doc, cellfix.Options{Target: cellfix.TargetMulti, Rules: All})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rejected {
		t.Errorf("fix rejected: [%s] %s", r.Rule, r.Message)
	}
	for _, d := range res.Remaining {
		if d.Rule == TFOpToKerasOps {
			t.Errorf("left over: %s", res.Doc.Find(d).Message)
		}
	}
	return fixture.Join(res.Doc.Sources())
}

// A notebook whose layers only use mapped ops converts to code with no tf.
// left and no TensorFlow import; run with the venv's Keras (NumPy
// backend, no TensorFlow installed), the converted layers compute what
// NumPy says they should.
func TestMultiConversionLeavesNoTensorFlow(t *testing.T) {
	got := convertForMulti(t, "testdata/multi-conversion/notebook.py")
	for i, line := range strings.Split(got, "\n") {
		code, _, _ := strings.Cut(line, "#")
		if tfUse.MatchString(code) {
			t.Errorf("line %d still uses TensorFlow: %s", i+1, line)
		}
	}
	if m := tfImport.FindString(got); m != "" {
		t.Errorf("TensorFlow is still imported (%q):\n%s", m, got)
	}
	if t.Failed() {
		t.Logf("converted notebook:\n%s", got)
		return
	}
	root, python := testenv.ModuleRoot(), testenv.Python(t, "keras")
	script := filepath.Join(t.TempDir(), "converted.py")
	if err := os.WriteFile(script, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "KERAS_BACKEND=numpy")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "converted notebook ok") {
		t.Fatalf("running the converted notebook: %v\n%s\n--- converted ---\n%s", err, out, got)
	}
}

// The guide's backend-agnostic code must draw no finding from any rule
// under target multi.
func TestGuideFixedCodeIsCleanForMulti(t *testing.T) {
	cellfixtest.Run(t, "testdata/guide-fixed-multi", All...)
}
