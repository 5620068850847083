package cellfix_test

import (
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

// A long session must not re-parse its history on every cell; this
// exercises the cache with repeated identical cells.
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

func BenchmarkSessionCheck(b *testing.B) {
	s := cellfix.NewSession(rules.All, cellfix.TargetTF)
	s.Record("import tensorflow as tf\nimport numpy as np\n")
	for i := 0; i < 100; i++ {
		s.Record("x = tf.constant(np.arange(10))\ny = x * 2\n")
	}
	cell := "model = tf.keras.Sequential([tf.keras.layers.Dense(10), tf.keras.layers.Dense(1)])\nmodel.compile(optimizer='adam', loss='mse')\n"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Check(cell)
	}
}
