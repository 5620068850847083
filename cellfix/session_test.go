package cellfix_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

func TestSessionKnowsEarlierCells(t *testing.T) {
	s := cellfix.NewSession(rules.All)
	s.Record("import tensorflow as tf\n")
	s.Record("x = 1\n")
	findings, err := s.Check("model = tf.keras.Sequential()\n", cellfix.TargetTF)
	if err != nil || len(findings) != 1 || findings[0].Rule != "tf-keras-import" || findings[0].Line != 1 || findings[0].Cell != nil {
		t.Fatalf("findings = %+v, want one tf-keras-import finding on line 1 with no cell index", findings)
	}
	if got, err := s.Check("y = 2\n", cellfix.TargetTF); err != nil || len(got) != 0 {
		t.Errorf("clean cell got findings: %+v", got)
	}
}

func TestSessionFixTouchesOnlyTheNewCell(t *testing.T) {
	s := cellfix.NewSession(rules.All)
	s.Record("import tensorflow as tf\n")
	code, findings, err := s.Fix("model = tf.keras.Sequential()\n", cellfix.TargetTF)
	if err != nil {
		t.Fatal(err)
	}
	// The import cannot go into the cell that already ran, so it goes here.
	if code != "import keras\nmodel = keras.Sequential()\n" {
		t.Errorf("fixed code = %q", code)
	}
	if len(findings) == 0 || !findings[0].Fixed {
		t.Errorf("findings = %+v, want the applied fix first", findings)
	}
	s.Record(code)
	if code, _, _ := s.Fix("layer = tf.keras.layers.Dense(1)\n", cellfix.TargetTF); code != "layer = keras.layers.Dense(1)\n" {
		t.Errorf("keras was imported by an earlier cell; got %q", code)
	}
}

func TestSessionTargetPerCall(t *testing.T) {
	s := cellfix.NewSession(rules.All)
	s.Record("import keras\nimport tensorflow as tf\n")
	// TensorFlow ops are fine on the TensorFlow backend: the multi-only
	// rule tf-op-to-keras-ops speaks up only when asked for target multi.
	cell := "x = tf.reduce_sum(keras.ops.ones((2,)))\n"
	rulesOf := func(target cellfix.Target) map[string]bool {
		findings, err := s.Check(cell, target)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, f := range findings {
			seen[f.Rule] = true
		}
		return seen
	}
	if tf, multi := rulesOf(cellfix.TargetTF), rulesOf(cellfix.TargetMulti); tf["tf-op-to-keras-ops"] || !multi["tf-op-to-keras-ops"] {
		t.Errorf("tf-op-to-keras-ops for tf: %v, for multi: %v; want only multi", tf, multi)
	}
}

// Repeated identical cells share one parse in the cache; each must still
// count as a cell of its own.
func TestSessionWithRepeatedCells(t *testing.T) {
	s := cellfix.NewSession(rules.All)
	s.Record("import tensorflow as tf\n")
	for i := 0; i < 50; i++ {
		s.Record("x = tf.constant(1)\n")
	}
	f, _ := s.Check("m = tf.keras.Model()\n", cellfix.TargetTF)
	if len(f) != 1 || !strings.Contains(f[0].Message, "keras.Model") {
		t.Errorf("findings = %+v", f)
	}
}

// historyCells cycles through the kinds of cell a real session runs.
var historyCells = []string{
	"import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n",
	"x = np.random.rand(100, 32).astype('float32')\ny = np.random.rand(100, 1)\n",
	"class Block(layers.Layer):\n    def __init__(self, units):\n        super().__init__()\n        self.dense = layers.Dense(units)\n    def call(self, inputs):\n        return tf.nn.relu(self.dense(inputs))\n",
	"inputs = keras.Input(shape=(32,))\nh = Block(16)(inputs)\nmodel = keras.Model(inputs, layers.Dense(1)(h))\n",
	"model.compile(optimizer='adam', loss='mse')\nhistory = model.fit(x, y, epochs=1, verbose=0)\n",
	"print(history.history['loss'][-1])\n",
	"pass\n",
}

// BenchmarkSessionCheck measures checking a trivial cell after a session
// of n cells: the kernel does this on every execution, before idle. The
// aim is that history=2000 costs no more than 1.5 times history=10.
func BenchmarkSessionCheck(b *testing.B) {
	for _, n := range []int{10, 2000} {
		b.Run(fmt.Sprintf("history=%d", n), func(b *testing.B) {
			s := cellfix.NewSession(rules.All)
			for i := 0; i < n; i++ {
				s.Record(historyCells[i%len(historyCells)])
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.Check("pass\n", cellfix.TargetTF); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSessionFix is BenchmarkSessionCheck in fix mode, with a cell
// that has a fix to apply: re-parsing after the fix must reuse the
// history's cached cells.
func BenchmarkSessionFix(b *testing.B) {
	for _, n := range []int{10, 2000} {
		b.Run(fmt.Sprintf("history=%d", n), func(b *testing.B) {
			s := cellfix.NewSession(rules.All)
			for i := 0; i < n; i++ {
				s.Record(historyCells[i%len(historyCells)])
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if code, _, _ := s.Fix("m = tf.keras.Sequential()\n", cellfix.TargetTF); code != "m = keras.Sequential()\n" {
					b.Fatalf("fixed code = %q", code)
				}
			}
		})
	}
}
