package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A suppressed finding is neither reported nor fixed: noqa comments and
// cell tags keep convert away from their lines and cells.
func TestSuppressedFindingsAreNotFixed(t *testing.T) {
	const nb = `{"cells": [
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "from tensorflow import keras  # noqa: K301\n"},
  {"cell_type": "code", "execution_count": null, "metadata": {"tags": ["gokmig-skip"]}, "outputs": [], "source": "from tensorflow import keras\n"},
  {"cell_type": "code", "execution_count": null, "metadata": {"tags": ["gokmig-ignore:K3"]}, "outputs": [], "source": "from tensorflow import keras\n"},
  {"cell_type": "code", "execution_count": null, "metadata": {"tags": ["gokmig-ignore:K310"]}, "outputs": [], "source": "from tensorflow import keras\n"}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
	dir := writeFiles(t, map[string]string{"n.ipynb": nb})
	path := filepath.Join(dir, "n.ipynb")
	_, stdout, _ := runFor(t, Config{Mode: Check}, "", path)
	if got := strings.Count(stdout, " K301 "); got != 1 || !strings.Contains(stdout, "n.ipynb:cell 4:1:") {
		t.Fatalf("check reported %d K301 findings, want one, in cell 4:\n%s", got, stdout)
	}
	runFor(t, Config{Mode: Convert}, "", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile(path, data)
	if err != nil {
		t.Fatal(err)
	}
	for i, src := range f.sources() {
		fixed := !strings.Contains(src.Text, "from tensorflow import keras")
		if fixed != (i == 3) {
			t.Errorf("cell %d after convert: %q (only the last cell may change)", i+1, src.Text)
		}
	}
}
