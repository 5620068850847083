package rules

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/backendmap"
	"github.com/gokmig/gokmig/cellfix/kerasapi"
	"github.com/gokmig/gokmig/internal/testenv"
)

const backendExampleHeader = "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import backend as K\n"

// Every row of the backend table is converted by the real rules (with
// unsafe fixes, as `convert --unsafe-fixes` does), and
// scripts/verify-backendmap.py runs the example before (Keras 2) and after
// (Keras 3 on TensorFlow and JAX) and compares the results: the expected
// values come from Keras 2 itself.
func TestBackendMap(t *testing.T) {
	type pair struct{ Name, Safety, Old, New string }
	var pairs []pair
	for _, r := range backendmap.All() {
		if _, ok := kerasapi.Check(r.Name); ok {
			t.Errorf("backend.tsv:%d: Keras 3 has %s: it needs no row", r.Line, r.Name)
		}
		old := backendExampleHeader + r.Example + "\n"
		doc, err := cellfix.NewDocument([]cellfix.Source{{Text: old}}, true)
		if err != nil {
			t.Fatal(err)
		}
		res, err := cellfix.FixDocument(doc, cellfix.Options{Target: cellfix.TargetTF, UnsafeFixes: true, Rules: []*cellfix.Rule{ShimOnlyAPI, TFKerasImport}})
		if err != nil {
			t.Fatal(err)
		}
		got := res.Doc.Sources()[0].Text
		if strings.Contains(got, "K.") || strings.Contains(got, "tf.keras") || strings.Contains(got, "tensorflow.keras") {
			t.Errorf("backend.tsv:%d: %s: the fixed example still uses tf.keras:\n%s", r.Line, r.Name, got)
			continue
		}
		safety := "safe"
		if r.Safety == cellfix.Unsafe {
			safety = "unsafe"
		}
		pairs = append(pairs, pair{r.Name, safety, old, got})
	}
	if len(pairs) < 20 {
		t.Fatalf("only %d rows converted", len(pairs))
	}
	python := testenv.Python(t, "keras", "tensorflow", "tf_keras", "jax")
	data, err := json.Marshal(pairs)
	if err != nil {
		t.Fatal(err)
	}
	// The script reads lower-case keys.
	data = bytes.NewBufferString(strings.NewReplacer(`"Name"`, `"name"`, `"Safety"`, `"safety"`, `"Old"`, `"old"`, `"New"`, `"new"`).Replace(string(data))).Bytes()
	cmd := exec.Command(python, filepath.Join(testenv.ModuleRoot(), "scripts", "verify-backendmap.py"))
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("verify-backendmap.py: %v\n%s", err, out)
	}
}
