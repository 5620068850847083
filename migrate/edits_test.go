package migrate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// applyReportedEdits applies a report's edits to cell sources, locating
// lines and (character) columns independently of the engine.
func applyReportedEdits(t *testing.T, cells []string, edits []Edit) []string {
	t.Helper()
	offset := func(text string, line, col int) int {
		off := 0
		for n := 1; n < line; n++ {
			nl := strings.IndexByte(text[off:], '\n')
			if nl < 0 {
				t.Fatalf("line %d beyond %q", line, text)
			}
			off += nl + 1
		}
		for n := 1; n < col; n++ {
			_, size := utf8.DecodeRuneInString(text[off:])
			off += size
		}
		return off
	}
	out := append([]string(nil), cells...)
	// Apply from the last edit back so earlier positions stay valid.
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		text := out[*e.Cell-1] // cells are numbered from 1
		start, end := offset(text, e.Line, e.Column), offset(text, e.EndLine, e.EndColumn)
		out[*e.Cell-1] = text[:start] + e.Content + text[end:]
	}
	return out
}

func codeSources(t *testing.T, data []byte) []string {
	t.Helper()
	var nb struct {
		Cells []struct {
			Source any `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range nb.Cells {
		switch s := c.Source.(type) {
		case string:
			out = append(out, s)
		case []any:
			var b strings.Builder
			for _, l := range s {
				b.WriteString(l.(string))
			}
			out = append(out, b.String())
		}
	}
	return out
}

// A fix's edits in the JSON report, applied to the cells, give what
// convert writes, companion import (in an earlier cell) included.
func TestJSONFixEditsAreWhatConvertDoes(t *testing.T) {
	const notebook = `{"cells": [
  {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": ["import tensorflow as tf\n", "print(\"é\")\n"]},
  {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "é = 1; m = tf.keras.Sequential()\nx = tf.constant(1)\n"}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
`
	dir := writeFiles(t, map[string]string{"n.ipynb": notebook})
	path := filepath.Join(dir, "n.ipynb")
	_, stdout, stderr := runFor(t, Config{Mode: Check, Format: JSON, Options: tfKerasOnly(t)}, "", path)
	var findings []Finding
	if err := json.Unmarshal([]byte(stdout), &findings); err != nil || stderr != "" {
		t.Fatalf("%v %s\n%s", err, stderr, stdout)
	}
	if len(findings) != 1 || findings[0].Fix == nil {
		t.Fatalf("want one fixable finding, got %s", stdout)
	}
	edits := findings[0].Fix.Edits
	sawImport := false
	for _, e := range edits {
		if e.Cell == nil {
			t.Fatalf("edit without a cell in a notebook: %+v", e)
		}
		if *e.Cell == 1 && strings.Contains(e.Content, "import keras") {
			sawImport = true
		}
	}
	if !sawImport {
		t.Errorf("no companion import edit in cell 1: %+v", edits)
	}
	got := applyReportedEdits(t, codeSources(t, []byte(notebook)), edits)

	if code, _, stderr := runFor(t, Config{Mode: Convert, Options: tfKerasOnly(t)}, "", path); code != StatusClean {
		t.Fatalf("convert: exit %d, %s", code, stderr)
	}
	converted, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := codeSources(t, converted)
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("edits give %q, convert wrote %q", got, want)
	}
}
