package migrate

import (
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// A script keeps its byte order mark and CRLF line endings through a fix,
// while the engine sees plain "\n" text.
func TestScriptKeepsBOMAndCRLF(t *testing.T) {
	data := []byte("\ufeffimport numpy as np\r\nx = np.zeros(3)\r\n")
	f, err := ParseFile("s.py", data)
	if err != nil {
		t.Fatal(err)
	}
	if src := f.sources(); len(src) != 1 || src[0].Text != "import numpy as np\nx = np.zeros(3)\n" {
		t.Fatalf("engine text = %+v", src)
	}
	if got := f.Bytes(); string(got) != string(data) {
		t.Fatalf("unchanged script bytes = %q, want %q", got, data)
	}
	changes, err := f.apply([]cellfix.Source{{Index: 0, Text: "import numpy as np\ny = 1\nx = np.zeros(3)\n"}})
	if err != nil || len(changes) != 1 || changes[0].Index != -1 {
		t.Fatalf("apply = %v, %v", changes, err)
	}
	if got, want := string(f.Bytes()), "\ufeffimport numpy as np\r\ny = 1\r\nx = np.zeros(3)\r\n"; got != want {
		t.Errorf("fixed script bytes = %q, want %q", got, want)
	}
}

func TestScriptMustBeUTF8(t *testing.T) {
	_, err := ParseFile("bad.py", []byte("x = 1\ny = '\xff'\n"))
	if err == nil || err.Error() != "bad.py: not UTF-8 text: invalid byte at line 2, column 6" {
		t.Errorf("error = %v", err)
	}
}

func TestNotebookInAnotherLanguageIsSkipped(t *testing.T) {
	nb := `{"cells": [{"cell_type": "code", "metadata": {}, "source": "library(keras)", "outputs": [], "execution_count": null}],
 "metadata": {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}}, "nbformat": 4, "nbformat_minor": 5}`
	f, err := ParseFile("r.ipynb", []byte(nb))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.Skipped, `"R"`) {
		t.Errorf("Skipped = %q, want it to name the language", f.Skipped)
	}
}

// Only code cells reach the engine, each with its index in the notebook.
func TestNotebookSourcesAreCodeCells(t *testing.T) {
	nb := `{"cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
  {"cell_type": "code", "metadata": {}, "source": ["import keras\n", "x = 1"], "outputs": [], "execution_count": null},
  {"cell_type": "raw", "metadata": {}, "source": "raw text"},
  {"cell_type": "code", "metadata": {}, "source": "y = 2", "outputs": [], "execution_count": null}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
	f, err := ParseFile("n.ipynb", []byte(nb))
	if err != nil {
		t.Fatal(err)
	}
	got := f.sources()
	want := []cellfix.Source{{Index: 1, Text: "import keras\nx = 1"}, {Index: 3, Text: "y = 2"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("sources = %+v, want %+v", got, want)
	}
}
