package rules

import (
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

// Where several rules touch one statement, every rule runs and the
// statement gets one coherent change (cellfix/compose.go).
func TestCoherentFixes(t *testing.T) {
	cellfixtest.Run(t, "testdata/coherent-fixes", All...)
}

// The findings of one statement show one fix: the same text, the same
// safety. A respelling whose result another rule says fails is unsafe.
func TestOneStatementOneFix(t *testing.T) {
	for _, c := range []struct {
		src    string
		safety cellfix.Safety
	}{
		{"from tensorflow.keras.layers import Input, Dense, ThresholdedReLU\ny = ThresholdedReLU()(Input((4,)))\n", cellfix.Safe},
		{"import tensorflow as tf\nrestored = tf.keras.models.load_model(\"saved_models/regressor\")\nrestored(x)\n", cellfix.Unsafe},
		{"import tensorflow as tf\nm = tf.keras.models.load_model(\"saved_models/regressor\")\nm.fit(x)\n", cellfix.Unsafe},
	} {
		doc, err := cellfix.NewDocument([]cellfix.Source{{Text: c.src}}, true)
		if err != nil {
			t.Fatal(err)
		}
		diags, err := cellfix.Check(doc, cellfix.Options{Target: cellfix.TargetTF, Rules: All})
		if err != nil {
			t.Fatal(err)
		}
		byLine := map[int][]cellfix.Finding{}
		for _, d := range diags {
			f := doc.Find(d)
			if f.Line <= 2 {
				byLine[f.Line] = append(byLine[f.Line], f)
			}
		}
		shared := false
		for line, fs := range byLine {
			if len(fs) < 2 {
				continue
			}
			shared = true
			for _, f := range fs {
				if f.Fix == nil || *f.Fix != *fs[0].Fix {
					t.Errorf("%q line %d: findings show different fixes: %+v and %+v", c.src, line, fs[0].Fix, f.Fix)
				} else if f.Fix.Safety != c.safety.String() {
					t.Errorf("%q line %d: [%s] fix is %s, want %s", c.src, line, f.Rule, f.Fix.Safety, c.safety)
				}
			}
		}
		if !shared {
			t.Errorf("%q: no statement with findings of two rules", c.src)
		}
	}
}

// A fix carrying a definition that the composed plan picks up in a later
// round (removed-api dropping a name from the import tf-keras-import
// split) has its use's offset in the planned copy, where the statement has
// changed and the fix's imports were added: the definition still goes
// before the first use.
func TestComposedDefinitionBeforeUse(t *testing.T) {
	src := "import numpy as np\nfrom tensorflow.keras.layers import Dense, LocallyConnected1D, RandomFourierFeatures\n" +
		"lc = LocallyConnected1D(4, 3)\nrff = RandomFourierFeatures(8)\nb = 1\nc = 2\n"
	doc, err := cellfix.NewDocument([]cellfix.Source{{Text: src}}, true)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cellfix.FixDocument(doc, cellfix.Options{Target: cellfix.TargetTF, UnsafeFixes: true, Rules: All})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Doc.Sources()[0].Text
	for _, c := range []struct{ def, use string }{
		{"class LocallyConnected1D(", "lc = LocallyConnected1D(4, 3)"},
		{"class RandomFourierFeatures(", "rff = RandomFourierFeatures(8)"},
	} {
		d, u := strings.Index(got, c.def), strings.Index(got, c.use)
		if d < 0 || u < 0 || d > u {
			t.Errorf("%q must be defined before %q:\n%s", c.def, c.use, got)
		}
	}
}
