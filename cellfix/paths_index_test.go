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

// Finding the writes of a path in the per-cell index gives exactly the
// findings that asking every later or earlier call gives: on the rule
// fixtures, the runtime programs, and a script of many saves and loads.
func TestIndexedModelWritesMatchScan(t *testing.T) {
	sources := map[string]string{"generated": saveLoadScript(30)}
	sourcesMatching(t, sources, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	later0, last0 := cellfix.WritesIndexed()
	sameEitherWay(t, sources, "indexed", "scanned", cellfix.ScanModelWrites, checkSource)
	later, last := cellfix.WritesIndexed()
	if later-later0 < 10 || last-last0 < 10 {
		t.Errorf("only %d later and %d last writes found in the index: the comparison compared nothing", later-later0, last-last0)
	}
}
