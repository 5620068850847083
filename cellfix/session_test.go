package cellfix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/cellfixtest"
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

// BenchmarkSessionCheck measures checking a cell after a session of n
// cells: the kernel does this on every execution, before idle. The aim is
// that history=2000 costs no more than 1.5 times history=10, for any cell:
// "pass" needs only the session's own model, the others also what rules
// index across the document (a SavedModel save, a layer class under
// target multi).
func BenchmarkSessionCheck(b *testing.B) {
	cells := []struct {
		name, code string
		target     cellfix.Target
	}{
		{"pass", "pass\n", cellfix.TargetTF},
		{"save", "model.save('saved_model_dir')\n", cellfix.TargetTF},
		{"layer", historyCells[2], cellfix.TargetMulti},
	}
	for _, cell := range cells {
		for _, n := range []int{10, 2000} {
			b.Run(fmt.Sprintf("cell=%s/history=%d", cell.name, n), func(b *testing.B) {
				s := cellfix.NewSession(rules.All)
				for i := 0; i < n; i++ {
					s.Record(historyCells[i%len(historyCells)])
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, err := s.Check(cell.code, cell.target); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
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

// The session analyses its history once and extends it by each new cell;
// that must give what analysing the whole document from scratch gives.
// Every rule fixture, split into cells, is replayed through a session and
// each cell's findings and fixed code are compared with a fresh document's.
func TestSessionMatchesAFreshDocument(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("rules", "testdata", "*", "*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		replayThroughSession(t, file, cellfixtest.Split(string(src)).Sources())
	}
}

// The facts a session keeps incrementally reach across cells: a function
// traced because a traced function of an earlier cell calls it, a
// tf.function, tf.Module or Keras class of an earlier cell used later, a
// model built by an earlier function and saved later.
func TestSessionMatchesAFreshDocumentAcrossCells(t *testing.T) {
	for name, cells := range map[string][]string{
		"traced helper defined later": {
			"import tensorflow as tf\nimport keras\n",
			"@tf.function\ndef step(x):\n    return helper(x) + tf.reduce_sum(x)\n",
			"def helper(x):\n    return tf.reduce_mean(x)\n",
			"def other(x):\n    return tf.reduce_max(x)\n",
			"ds = tf.data.Dataset.range(3).map(other)\n",
			"def late(x):\n    return tf.reduce_min(x)\n",
		},
		"tf objects of earlier cells": {
			"import tensorflow as tf\nimport keras\n",
			"f = tf.function(lambda x: x)\nclass Counter(tf.Module):\n    pass\n",
			"class Sub(Counter):\n    def bump(self, x):\n        return tf.reduce_sum(x)\n",
			"y = f(tf.reduce_sum([1.0]))\nv = tf.Variable(tf.zeros(3))\nz = tf.abs(v)\n",
			"t = tf.ones(3)\n",
			"print(t.numpy())\n",
		},
		"pure TensorFlow, then Keras": {
			"import tensorflow as tf\n",
			"x = tf.reduce_sum(tf.ones(3))\n",
			"y = tf.nn.relu(x)\n",
			"from tensorflow import keras\n",
			"z = tf.reduce_mean(tf.ones(3))\n",
		},
		"keras roles across cells": {
			"import tensorflow as tf\nfrom tensorflow import keras\n",
			"class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.head = keras.layers.Dense(1)\n    def call(self, x):\n        return tf.nn.relu(self.head(x))\n",
			"def build():\n    return Net()\n",
			"net = build()\nnet.compile(loss='mse')\n",
			"net.save('saved_dir')\n",
			"class Block(keras.layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.d = keras.layers.Dense(2)\n    def call(self, x):\n        return tf.random.uniform(tf.shape(x))\n",
			"m = keras.Sequential([Block()])\nm.save('other_dir')\n",
		},
	} {
		var sources []cellfix.Source
		for i, c := range cells {
			sources = append(sources, cellfix.Source{Index: i, Text: c})
		}
		replayThroughSession(t, name, sources)
	}
}

// replayThroughSession checks and fixes each of sources as the next cell
// of a session and of a fresh document, and compares the two.
func replayThroughSession(t *testing.T, name string, sources []cellfix.Source) {
	t.Helper()
	for _, target := range []cellfix.Target{cellfix.TargetTF, cellfix.TargetMulti} {
		s := cellfix.NewSession(rules.All)
		for k, cell := range sources {
			got, err := s.Check(cell.Text, target)
			if err != nil {
				t.Fatal(err)
			}
			gotCode, gotFixed, err := s.Fix(cell.Text, target)
			if err != nil {
				t.Fatal(err)
			}
			want, wantCode, wantFixed := freshCheck(t, sources[:k+1], target)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s cell %d (%s): session found\n%+v\nfresh document found\n%+v", name, k, target, got, want)
			}
			if gotCode != wantCode || !reflect.DeepEqual(gotFixed, wantFixed) {
				t.Errorf("%s cell %d (%s): session fixed to %q with\n%+v\nfresh document to %q with\n%+v", name, k, target, gotCode, gotFixed, wantCode, wantFixed)
			}
			s.Record(cell.Text)
		}
	}
}

// freshCheck checks and fixes the last of sources as a kernel would, on a
// document parsed and analysed from scratch.
func freshCheck(t *testing.T, sources []cellfix.Source, target cellfix.Target) (found []cellfix.Finding, code string, fixed []cellfix.Finding) {
	t.Helper()
	last := len(sources) - 1
	doc := func() *cellfix.Document {
		var renumbered []cellfix.Source
		for i, s := range sources {
			renumbered = append(renumbered, cellfix.Source{Index: i, Text: s.Text})
		}
		d, err := cellfix.NewDocument(renumbered, false)
		if err != nil {
			t.Fatal(err)
		}
		d.FirstEditable = last
		return d
	}
	opts := cellfix.Options{Target: target, Rules: rules.All}
	d := doc()
	diags, err := cellfix.Check(d, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, diag := range diags {
		f := d.Find(diag)
		f.Cell = nil
		found = append(found, f)
	}
	res, err := cellfix.FixDocument(doc(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.AppliedInFixed() {
		f.Cell = nil
		fixed = append(fixed, f)
	}
	for _, diag := range res.Remaining {
		f := res.Doc.Find(diag)
		if f.Cell != nil && *f.Cell == last {
			f.Cell = nil
			fixed = append(fixed, f)
		}
	}
	return found, res.Doc.Cells[last].Text, fixed
}

// The kernel's session honours "# noqa" as the command line does: the
// finding is not shown and its fix is not applied.
func TestSessionHonoursNoqa(t *testing.T) {
	s := cellfix.NewSession(rules.All)
	s.Record("import tensorflow as tf\n")
	if got, err := s.Check("m = tf.keras.Sequential()  # noqa: K301\n", cellfix.TargetTF); err != nil || len(got) != 0 {
		t.Errorf("Check of a noqa line = %+v, %v; want nothing", got, err)
	}
	code := "m = tf.keras.Sequential()  # NOQA\nn = tf.keras.Sequential()\n"
	fixed, findings, err := s.Fix(code, cellfix.TargetTF)
	if err != nil {
		t.Fatal(err)
	}
	if fixed != "import keras\nm = tf.keras.Sequential()  # NOQA\nn = keras.Sequential()\n" {
		t.Errorf("Fix = %q, want only the second line fixed", fixed)
	}
	for _, f := range findings {
		if f.Line == 1 && !f.Fixed {
			t.Errorf("finding on the noqa line: %+v", f)
		}
	}
}

// Fixes that take more than one round (an import split, then the removed
// name rewritten) are all placed in the fixed text, where the cell, once
// replaced, shows them: each line holds the code its finding is about.
func TestSessionFixPlacesFindingsInTheFixedText(t *testing.T) {
	s := cellfix.NewSession(rules.All)
	code := "from tensorflow.keras.layers import Input, Dense, ThresholdedReLU\n" +
		"x = Input(shape=(4,))\n" +
		"y = ThresholdedReLU(theta=0.5)(x)\n" +
		"print(y)\n"
	fixed, findings, err := s.Fix(code, cellfix.TargetTF)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(fixed, "\n")
	applied := 0
	for _, f := range findings {
		if !f.Fixed {
			continue
		}
		applied++
		if f.Line < 1 || f.Line > len(lines) || f.EndLine < f.Line {
			t.Fatalf("%s at lines %d-%d, outside the %d-line fixed cell:\n%s", f.Rule, f.Line, f.EndLine, len(lines), fixed)
		}
		if got := lines[f.Line-1]; !strings.Contains(got, "ReLU") && !strings.Contains(got, "keras.layers") {
			t.Errorf("%s (%s) placed on line %d, %q, which is not about it", f.Rule, f.Message, f.Line, got)
		}
		if strings.Contains(f.Message, "`ThresholdedReLU` was removed") && !strings.Contains(lines[f.Line-1], "ReLU(threshold=0.5)") {
			t.Errorf("the rewritten call is on line %d: %q", f.Line, lines[f.Line-1])
		}
	}
	if applied < 2 {
		t.Fatalf("want the fixes of several rounds, got %+v", findings)
	}
}
