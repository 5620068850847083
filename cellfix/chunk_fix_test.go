package cellfix_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// A script parsed in chunks gets exactly the findings and fixes it gets
// when parsed whole: on every rule fixture, the runtime test programs and
// generated scripts, cut before every statement where a cut is allowed.
func TestChunkedParseGivesSameFindings(t *testing.T) {
	sources := map[string]string{
		"composed":    manyComposed(40, true),
		"short lines": shortLines(2000),
	}
	sourcesMatching(t, sources, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	before := cellfix.ChunkedParses()
	sameEitherWay(t, sources, "parsed whole", "parsed in chunks", cellfix.ChunkEverything, findingsAndFix)
	if parsed := cellfix.ChunkedParses() - before; parsed < int64(len(sources)) {
		t.Errorf("only %d texts parsed in chunks for %d sources: the comparison compared too little", parsed, len(sources))
	}
}

// shortLines is a script of n short statements, one in 100 with a finding,
// like the short-lines case of bench/pathological.py.
func shortLines(n int) string {
	var b strings.Builder
	b.WriteString("import tensorflow as tf\nx = tf.zeros((1, 4))\n")
	for i := range n {
		if i%100 == 0 {
			b.WriteString("m = tf.keras.Model()\n")
		} else {
			fmt.Fprintf(&b, "y = f(x%d) + 1\n", i%1000)
		}
	}
	return b.String()
}

// findingsAndFix returns the findings of src as a script, with their
// positions and fixes, then the text fixing it gives and what remains.
func findingsAndFix(t *testing.T, src string, opts cellfix.Options) []string {
	t.Helper()
	doc, err := cellfix.NewDocument([]cellfix.Source{{Text: src}}, true)
	if err != nil {
		t.Fatal(err)
	}
	diags, err := cellfix.Check(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range diags {
		out = append(out, asJSON(t, doc.Find(d)))
	}
	doc, err = cellfix.NewDocument([]cellfix.Source{{Text: src}}, true)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cellfix.FixDocument(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Doc.Sources() {
		out = append(out, "fixed: "+s.Text)
	}
	for _, d := range res.Remaining {
		out = append(out, "remaining: "+asJSON(t, res.Doc.Find(d)))
	}
	return out
}

func asJSON(t *testing.T, f cellfix.Finding) string {
	t.Helper()
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
