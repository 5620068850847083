package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestJITCompileXLA(t *testing.T) {
	cellfixtest.Run(t, "testdata/jit-compile-xla", JITCompileXLA)
}

func TestXLAUnsupportedTable(t *testing.T) {
	for q, want := range map[string]bool{
		"tensorflow.strings.as_string":    true,
		"tensorflow.strings.regex.x":      true,
		"tensorflow.py_function":          true,
		"tensorflow.io.decode_raw":        true,
		"tensorflow.reduce_sum":           false,
		"tensorflow.stringsx.as_string":   false,
		"tensorflow.image.resize":         false,
		"tensorflow.image.decode_jpeg":    true,
		"tensorflow.compat.v1.py_func":    true,
		"tensorflow.compat.v1.reduce_sum": false,
	} {
		if got := isXLAUnsupported(q); got != want {
			t.Errorf("isXLAUnsupported(%q) = %v, want %v", q, got, want)
		}
	}
}

// In the kernel, the class has already run when its compile call comes;
// the finding and its fix must then appear on the compile cell.
func TestJITCompileXLAInKernelSession(t *testing.T) {
	s := cellfix.NewSession([]*cellfix.Rule{JITCompileXLA})
	s.Record("import keras\nimport tensorflow as tf\n")
	s.Record("class Words(keras.Model):\n    def call(self, x):\n        return tf.strings.length(x)\n")
	got, err := s.Check("model = Words()\nmodel.compile(loss=\"mse\")\n", cellfix.TargetTF)
	if err != nil || len(got) != 1 {
		t.Fatalf("want 1 finding on the compile cell, got %+v", got)
	}
	f := got[0]
	if f.Line != 2 || f.Fix == nil || f.Fix.Safety != "unsafe" || f.Fix.Text != "model.compile(loss=\"mse\", jit_compile=False)" {
		t.Errorf("finding = %+v, fix = %+v", f, f.Fix)
	}
}
