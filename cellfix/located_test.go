package cellfix_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

// A document's Located copy resolves every diagnostic to the finding the
// document itself gives, without keeping a syntax tree: on the runtime
// test programs as scripts, and on them as the cells of one notebook.
func TestLocatedFindsAsDocument(t *testing.T) {
	files, err := filepath.Glob("../tests/runtime/programs/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no runtime programs: %v", err)
	}
	var notebook []cellfix.Source
	documents := map[string]*cellfix.Document{}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		notebook = append(notebook, cellfix.Source{Index: 2 * i, Text: string(data)}) // as if markdown cells lay between
		if documents[f], err = cellfix.NewDocument([]cellfix.Source{{Text: string(data)}}, true); err != nil {
			t.Fatal(err)
		}
	}
	notebook = append(notebook, cellfix.Source{Index: 2 * len(files), Text: "x = 'é' ; import tensorflow as tf; tf.keras.layers.Dense(1)"})
	if documents["notebook"], err = cellfix.NewDocument(notebook, false); err != nil {
		t.Fatal(err)
	}
	found := 0
	for name, doc := range documents {
		diags, err := cellfix.Check(doc, cellfix.Options{Target: cellfix.TargetMulti, Rules: rules.All, UnsafeFixes: true})
		if err != nil {
			t.Fatal(err)
		}
		located := doc.Located()
		for _, c := range located.Cells {
			if c.Root != nil {
				t.Fatalf("%s: the located cell %d keeps its tree", name, c.Index)
			}
		}
		for _, d := range diags {
			if want, got := asJSON(t, doc.Find(d)), asJSON(t, located.Find(d)); got != want {
				t.Errorf("%s: located finding\n%s\nwant\n%s", name, got, want)
			}
			found++
		}
	}
	if found < 100 {
		t.Errorf("only %d findings compared", found)
	}
}
