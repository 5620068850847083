package cellfix_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

func TestSessionKnowsEarlierCells(t *testing.T) {
	s := cellfix.NewSession(rules.All, cellfix.TargetTF)
	s.Record("import tensorflow as tf\n")
	s.Record("x = 1\n")
	findings := s.Check("model = tf.keras.Sequential()\n")
	if len(findings) != 1 || findings[0].Rule != "tf-keras-import" || findings[0].Line != 1 || findings[0].Cell != nil {
		t.Fatalf("findings = %+v, want one tf-keras-import finding on line 1 with no cell index", findings)
	}
	if got := s.Check("y = 2\n"); len(got) != 0 {
		t.Errorf("clean cell got findings: %+v", got)
	}
}

func TestSessionFixTouchesOnlyTheNewCell(t *testing.T) {
	s := cellfix.NewSession(rules.All, cellfix.TargetTF)
	s.Record("import tensorflow as tf\n")
	code, findings := s.Fix("model = tf.keras.Sequential()\n")
	// The import cannot go into the cell that already ran, so it goes here.
	if err := s.LastError(); err != nil {
		t.Fatalf("LastError after a successful Fix: %v", err)
	}
	if code != "import keras\nmodel = keras.Sequential()\n" {
		t.Errorf("fixed code = %q", code)
	}
	if len(findings) == 0 || !findings[0].Fixed {
		t.Errorf("findings = %+v, want the applied fix first", findings)
	}
	s.Record(code)
	if code, _ := s.Fix("layer = tf.keras.layers.Dense(1)\n"); code != "layer = keras.layers.Dense(1)\n" {
		t.Errorf("keras was imported by an earlier cell; got %q", code)
	}
}

func TestSessionTargetSwitch(t *testing.T) {
	s := cellfix.NewSession(rules.All, cellfix.TargetTF)
	if s.Target() != cellfix.TargetTF {
		t.Fatal("default target")
	}
	s.SetTarget(cellfix.TargetMulti)
	if s.Target() != cellfix.TargetMulti {
		t.Error("SetTarget did not switch")
	}
}

// Repeated identical cells share one parse in the cache; each must still
// count as a cell of its own.
func TestSessionWithRepeatedCells(t *testing.T) {
	s := cellfix.NewSession(rules.All, cellfix.TargetTF)
	s.Record("import tensorflow as tf\n")
	for i := 0; i < 50; i++ {
		s.Record("x = tf.constant(1)\n")
	}
	f := s.Check("m = tf.keras.Model()\n")
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
// of n cells: the kernel does this on every execution, before idle.
func BenchmarkSessionCheck(b *testing.B) {
	for _, n := range []int{10, 100, 300, 600} {
		b.Run(fmt.Sprintf("history=%d", n), func(b *testing.B) {
			s := cellfix.NewSession(rules.All, cellfix.TargetTF)
			for i := 0; i < n; i++ {
				s.Record(historyCells[i%len(historyCells)])
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.Check("pass\n")
			}
		})
	}
}

// BenchmarkSessionFix is BenchmarkSessionCheck in fix mode, with a cell
// that has a fix to apply: re-parsing after the fix must reuse the
// history's cached cells.
func BenchmarkSessionFix(b *testing.B) {
	for _, n := range []int{10, 100, 600} {
		b.Run(fmt.Sprintf("history=%d", n), func(b *testing.B) {
			s := cellfix.NewSession(rules.All, cellfix.TargetTF)
			for i := 0; i < n; i++ {
				s.Record(historyCells[i%len(historyCells)])
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if code, _ := s.Fix("m = tf.keras.Sequential()\n"); code != "m = keras.Sequential()\n" {
					b.Fatalf("fixed code = %q", code)
				}
			}
		})
	}
}

// The kernel's session honours "# noqa" as the command line does: the
// finding is not shown and its fix is not applied.
func TestSessionHonoursNoqa(t *testing.T) {
	s := cellfix.NewSession(rules.All, cellfix.TargetTF)
	s.Record("import tensorflow as tf\n")
	if got := s.Check("m = tf.keras.Sequential()  # noqa: K301\n"); len(got) != 0 {
		t.Errorf("Check of a noqa line = %+v, want nothing", got)
	}
	code := "m = tf.keras.Sequential()  # NOQA\nn = tf.keras.Sequential()\n"
	fixed, findings := s.Fix(code)
	if fixed != "import keras\nm = tf.keras.Sequential()  # NOQA\nn = keras.Sequential()\n" {
		t.Errorf("Fix = %q, want only the second line fixed", fixed)
	}
	for _, f := range findings {
		if f.Line == 1 && !f.Fixed {
			t.Errorf("finding on the noqa line: %+v", f)
		}
	}
}
