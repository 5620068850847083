package cellfix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// joinedScript is the files of a glob pattern joined into one script, as a
// large script whose statements depend on one another across programs.
func joinedScript(t *testing.T, pattern string) string {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no files for %s: %v", pattern, err)
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteString("\n")
	}
	return b.String()
}

// pathSpellingScript is a script that saves, reloads and trains models in
// .h5 files and checkpoints n times, naming some of the files again
// elsewhere by a shorter or a longer spelling ("model_1.h5" for
// "out1/model_1.h5", or "runs/out1/model_1.h5").
func pathSpellingScript(n int) string {
	var b strings.Builder
	b.WriteString("import os\nimport tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(1)])\nm.compile(optimizer=\"adam\", loss=\"mse\")\n")
	for i := range n {
		file := fmt.Sprintf("model_%d.h5", i%5)
		path := fmt.Sprintf("out%d/%s", i%2, file)
		fmt.Fprintf(&b, "m.save(%q)\nr%d = tf.keras.models.load_model(%q)\nr%d.fit(x, y)\n", path, i, path, i)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "os.remove(%q)\n", file)
		case 1:
			fmt.Fprintf(&b, "print(%q)\n", "runs/"+path)
		case 2:
			fmt.Fprintf(&b, "m.save_weights(%q)\nm.load_weights(%q)\n", fmt.Sprintf("w_%d.h5", i%3), fmt.Sprintf("w_%d.h5", i%3))
		case 3:
			fmt.Fprintf(&b, "cb%d = tf.keras.callbacks.ModelCheckpoint(%q)\nm.fit(x, y, callbacks=[cb%d])\nprint(%q)\n", i, fmt.Sprintf("ck%d_{epoch}.h5", i%2), i, fmt.Sprintf("ck%d_7.h5", i%2))
		}
	}
	return b.String()
}

// checkCells is checkSource on src cut into cells of about twenty lines,
// each cut before a line that starts a top-level statement, so that what
// the rules follow runs across cells.
func checkCells(t *testing.T, src string, opts cellfix.Options) []string {
	t.Helper()
	var cells []cellfix.Source
	var cell []string
	for _, line := range strings.SplitAfter(src, "\n") {
		if len(cell) >= 20 && line != "" && !strings.ContainsAny(line[:1], " \t\n#)]}") {
			cells = append(cells, cellfix.Source{Text: strings.Join(cell, "")})
			cell = nil
		}
		cell = append(cell, line)
	}
	cells = append(cells, cellfix.Source{Text: strings.Join(cell, "")})
	return checkDocument(t, cells, opts)
}

// Finding string literals, calls and identifiers by name, another rule's
// fixes and a name's bindings in the per-document indexes, and a name's
// assignment by a search, gives exactly the findings
// and fixes that walking the document for them each time gives: on the
// rule fixtures, the runtime programs, the programs joined into one large
// script and a script naming its model files in several spellings, the
// last two checked as one cell and cut into cells.
func TestDocumentIndexesMatchScans(t *testing.T) {
	sources := map[string]string{
		"joined programs": joinedScript(t, "../tests/runtime/programs/*.py"),
		"generated":       pathSpellingScript(24),
	}
	sourcesMatching(t, sources, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	uses0 := cellfix.DocumentIndexUses()
	sameEitherWay(t, sources, "indexed", "scanned", cellfix.ScanDocumentEachTime, checkSource)
	joined := map[string]string{"joined programs": sources["joined programs"], "generated": sources["generated"]}
	sameEitherWay(t, joined, "indexed, in cells", "scanned, in cells", cellfix.ScanDocumentEachTime, checkCells)
	for what, n := range cellfix.DocumentIndexUses() {
		if n-uses0[what] < 10 {
			t.Errorf("the indexes answered %d %s lookups: a comparison compared nothing", n-uses0[what], what)
		}
	}
}
