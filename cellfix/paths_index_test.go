package cellfix_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// saveLoadScript is a script that saves and loads models at a few paths
// many times over, so that every save's later reads end at a later save
// of the same path.
func saveLoadScript(n int) string {
	var b strings.Builder
	b.WriteString("import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n")
	for i := range n {
		path := fmt.Sprintf("\"model_%d\"", i%3)
		fmt.Fprintf(&b, "m.save(%s)\n", path)
		fmt.Fprintf(&b, "r%d = tf.keras.models.load_model(%s)\n", i, path)
		if i%4 == 1 {
			fmt.Fprintf(&b, "tf.keras.models.save_model(r%d, %s)\nm.save_weights(\"w_%d.h5\")\nm.load_weights(\"w_%d.h5\")\n", i, path, i%2, i%2)
		}
	}
	return b.String()
}

// Finding the writes of a path in the per-cell index, by the path's key,
// gives exactly the findings that ranging over the cell's listed writes
// gives and that asking every later or earlier call gives: on the rule
// fixtures, the runtime programs, a script of many saves and loads and a
// script naming its model files in several spellings (with checkpoints
// that fit() writes).
func TestIndexedModelWritesMatchScan(t *testing.T) {
	sources := map[string]string{"generated": saveLoadScript(30), "spellings": pathSpellingScript(24)}
	sourcesMatching(t, sources, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	later0, last0 := cellfix.WritesIndexed()
	sameEitherWay(t, sources, "by key", "listed", cellfix.ListModelWrites, checkSource)
	sameEitherWay(t, sources, "by key", "scanned", cellfix.ScanModelWrites, checkSource)
	later, last := cellfix.WritesIndexed()
	if later-later0 < 10 || last-last0 < 10 {
		t.Errorf("only %d later and %d last writes found in the index: the comparison compared nothing", later-later0, last-last0)
	}
}
