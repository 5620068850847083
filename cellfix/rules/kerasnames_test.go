package rules

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// The four naming rules split every Keras name between them: each name a
// notebook can spell lands with exactly one (or none, for a Keras 3 name
// spelled keras.X). This table test runs the real rules over every name of
// the Keras 3 API table and of the tf.keras compatibility table, under each
// spelling, and checks which rule reports it.
//
// The expected owner comes from data, not from classifyKerasName: both
// tables are generated from keras 3.15.1 by scripts/gen-kerasapi.py
// (api.txt from keras, tf_keras_api.txt from keras._tf_keras.keras, which
// TensorFlow 2.16+ serves as tf.keras), and the removed classes are the
// ones the Keras 3 migration guide lists under "Removed features".
func TestEveryKerasNameHasOneOwner(t *testing.T) {
	keras3 := readAPITable(t, "../kerasapi/api.txt")
	compat := readAPITable(t, "../kerasapi/tf_keras_api.txt")
	// "Removed features" in the Keras 3 migration guide.
	removed := []string{
		"keras.layers.ThresholdedReLU", "keras.layers.LocallyConnected1D", "keras.layers.LocallyConnected2D",
		"keras.layers.experimental.RandomFourierFeatures", "keras.constraints.RadialConstraint",
	}
	// Keras 3 keeps keras.optimizers.legacy only to raise ImportError on
	// use ("`keras.optimizers.legacy` is not supported in Keras 3", checked
	// with keras 3.15.1): its names count as moved to keras.optimizers.
	raisesOnUse := []string{"keras.optimizers.legacy"}
	under := func(name string, prefixes []string) bool {
		for _, p := range prefixes {
			if name == p || strings.HasPrefix(name, p+".") {
				return true
			}
		}
		return false
	}
	// Every name in the tables is a module member, so membership is exact.
	inKeras3 := func(name string) bool { return keras3[name] && !under(name, raisesOnUse) }
	want := func(name string, tfSpelling bool) string {
		switch {
		case under(name, removed):
			return RemovedAPI.Name
		case tfSpelling && (inKeras3(name) || under(name, raisesOnUse)):
			return TFKerasImport.Name
		case tfSpelling:
			return ShimOnlyAPI.Name
		case inKeras3(name):
			return ""
		}
		return UnknownKerasName.Name
	}

	names := map[string]bool{}
	for n := range keras3 {
		names[n] = true
	}
	for n := range compat {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	slices.Sort(sorted)

	naming := []*cellfix.Rule{TFKerasImport, ShimOnlyAPI, UnknownKerasName, RemovedAPI}
	for _, spelling := range []struct {
		imports, prefix string
		tf              bool
	}{
		{"import keras\n", "keras", false},
		{"import tensorflow as tf\n", "tf.keras", true},
		{"import tensorflow\n", "tensorflow.keras", true},
		{"import tensorflow\n", "tensorflow.python.keras", true},
	} {
		t.Run(spelling.prefix, func(t *testing.T) {
			var src strings.Builder
			src.WriteString(spelling.imports)
			first := strings.Count(spelling.imports, "\n") + 1
			for _, n := range sorted {
				src.WriteString(spelling.prefix + strings.TrimPrefix(n, "keras") + "\n")
			}
			doc, err := cellfix.NewDocument([]cellfix.Source{{Text: src.String()}}, true)
			if err != nil {
				t.Fatal(err)
			}
			diags, err := cellfix.Check(doc, cellfix.Options{Target: cellfix.TargetTF, Rules: naming})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int][]string{}
			for _, d := range diags {
				f := doc.Find(d)
				if !slices.Contains(got[f.Line], f.Rule) {
					got[f.Line] = append(got[f.Line], f.Rule)
				}
			}
			wrong := 0
			for i, n := range sorted {
				w := want(n, spelling.tf)
				g := got[first+i]
				if (w == "" && len(g) == 0) || (len(g) == 1 && g[0] == w) {
					continue
				}
				if wrong++; wrong <= 20 {
					t.Errorf("%s%s: reported by %v, want %s", spelling.prefix, strings.TrimPrefix(n, "keras"), g, describe(w))
				}
			}
			if wrong > 20 {
				t.Errorf("... and %d more", wrong-20)
			}
		})
	}
}

func describe(rule string) string {
	if rule == "" {
		return "no rule"
	}
	return fmt.Sprintf("only %s", rule)
}

// readAPITable reads the names of a table written by scripts/gen-kerasapi.py.
func readAPITable(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		_, name, _ := strings.Cut(line, " ")
		names[name] = true
	}
	if len(names) < 1000 {
		t.Fatalf("%s: only %d names", path, len(names))
	}
	return names
}
