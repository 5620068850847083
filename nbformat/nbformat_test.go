package nbformat

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/internal/testenv"
)

// Fixtures are made by testdata/make_fixtures.py. Each generated style comes
// from one writer, so re-encoding its own sources must reproduce it exactly;
// hand_edited.ipynb mixes conventions on purpose.
var (
	writerFixtures = []string{
		"nbformat.ipynb", "nbformat_v40.ipynb", "single_string.ipynb", "colab_crlf.ipynb",
		"vscode.ipynb", "go_tabs.ipynb", "minified.ipynb", "bom.ipynb", "realistic.ipynb",
	}
	allFixtures = append([]string{"hand_edited.ipynb"}, writerFixtures...)
)

// trickySources are new sources that stress the encoder: line breaks of
// every kind splitlines knows, characters some writers escape, and edges.
var trickySources = []string{
	"",
	"x",
	"x\n",
	"\n",
	"\n\n",
	"import keras\nkeras.layers.Dense(3)",
	"a\r\nb\r\n",
	"a\rb",
	"tab\there \\ back/slash \"quoted\" </script> & <b>",
	"é 日本 🚀\u2028LS\u2029PS\u0085NEL\x7fDEL\b\f\x01\x1b[0m\v\x1c\x1d\x1e",
	"\ufffd\uffff",
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseFixture(t testing.TB, name string) (*Notebook, []byte) {
	t.Helper()
	data := readFixture(t, name)
	nb, err := Parse(name, data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return nb, data
}

func TestRoundTripIsIdentity(t *testing.T) {
	for _, name := range allFixtures {
		t.Run(name, func(t *testing.T) {
			nb, data := parseFixture(t, name)
			if len(nb.Cells()) == 0 {
				t.Fatal("no cells")
			}
			if got := nb.Bytes(); !bytes.Equal(got, data) {
				t.Fatalf("Bytes() differs from the input at byte %d", firstDiff(got, data))
			}
			for _, c := range nb.Cells() {
				if err := nb.SetSource(c.Index, c.Source); err != nil {
					t.Fatal(err)
				}
			}
			if nb.Changed() {
				t.Error("Changed() after setting every cell to its own source")
			}
			if got := nb.Bytes(); !bytes.Equal(got, data) {
				t.Fatalf("setting sources to themselves changed byte %d", firstDiff(got, data))
			}
		})
	}
}

func TestCellsAndLanguage(t *testing.T) {
	nb, _ := parseFixture(t, "nbformat.ipynb")
	type plain struct {
		Index        int
		Type, Source string
	}
	view := func(c Cell) plain { return plain{c.Index, c.Type, c.Source} }
	want := []plain{
		{0, "markdown", "# MNIST classifier — Keras 2\n\nTrains a small *dense* net. Ünïcödé, 日本語, emoji 🚀.\n\nSee <https://keras.io/> & the guide."},
		{1, "code", "import tensorflow as tf\nfrom tensorflow import keras\nprint(tf.__version__)\n"},
		{2, "code", ""},
		{3, "code", "model = keras.Sequential([\n    keras.layers.Dense(10, activation=\"softmax\"),\n])\nmodel.summary()"},
		{4, "raw", "raw\ttext with \\backslash and \"quotes\""},
		{5, "code", "x = 1"},
		{6, "markdown", "![dot](attachment:dot.png)"},
		{7, "code", "path = 'data/train/'  # slashes\nlabel = \"naïve\"\n"},
	}
	got := nb.Cells()
	if len(got) != len(want) {
		t.Fatalf("got %d cells, want %d", len(got), len(want))
	}
	for i := range want {
		if view(got[i]) != want[i] {
			t.Errorf("cell %d:\n got %#v\nwant %#v", i, view(got[i]), want[i])
		}
	}
	if lang := nb.Language(); lang != "python" {
		t.Errorf("Language() = %q, want python", lang)
	}

	// The same notebook in other styles reads the same.
	for _, name := range []string{"single_string.ipynb", "colab_crlf.ipynb", "go_tabs.ipynb", "minified.ipynb", "bom.ipynb"} {
		other, _ := parseFixture(t, name)
		for i, c := range other.Cells() {
			if view(c) != want[i] {
				t.Errorf("%s cell %d:\n got %#v\nwant %#v", name, i, view(c), want[i])
			}
		}
	}

	hand, _ := parseFixture(t, "hand_edited.ipynb")
	if lang := hand.Language(); lang != "python" {
		t.Errorf("hand_edited: Language() = %q, want python (from kernelspec)", lang)
	}
	if src := hand.Cells()[0].Source; src != "# Hand-edited Éè notebook\nwith / escaped slashes and a tab:\t." {
		t.Errorf("hand_edited cell 0 = %q", src)
	}
}

func TestLanguage(t *testing.T) {
	for _, tc := range []struct{ metadata, want string }{
		{`{}`, ""},
		{`{"kernelspec": {"language": "R"}}`, "R"},
		{`{"language_info": {"name": "julia"}, "kernelspec": {"language": "python"}}`, "julia"},
		{`{"kernelspec": {"language": "python"}, "language_info": {"name": "julia"}}`, "julia"},
		{`{"language_info": {"name": 3}, "kernelspec": []}`, ""},
		{`{"language_info": {"n\u0061me": "sc\u0061la"}}`, "scala"},
	} {
		nb, err := Parse("t.ipynb", []byte(`{"metadata": `+tc.metadata+`, "nbformat": 4, "nbformat_minor": 5, "cells": []}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := nb.Language(); got != tc.want {
			t.Errorf("metadata %s: Language() = %q, want %q", tc.metadata, got, tc.want)
		}
	}
}

// TestSetSourceMatchesWriter edits the cells listed in edits.json and expects
// exactly the bytes that the fixture's own writer produced for the same edit.
func TestSetSourceMatchesWriter(t *testing.T) {
	var manifest map[string]struct {
		Expected string
		Sources  map[string]string
	}
	if err := json.Unmarshal(readFixture(t, "edits.json"), &manifest); err != nil {
		t.Fatal(err)
	}
	if len(manifest) < 7 {
		t.Fatalf("edits.json lists %d styles; regenerate it", len(manifest))
	}
	for name, edit := range manifest {
		t.Run(name, func(t *testing.T) {
			nb, _ := parseFixture(t, name)
			for index, src := range edit.Sources {
				i, err := strconv.Atoi(index)
				if err != nil {
					t.Fatal(err)
				}
				if err := nb.SetSource(i, src); err != nil {
					t.Fatal(err)
				}
			}
			got, want := nb.Bytes(), readFixture(t, edit.Expected)
			if !bytes.Equal(got, want) {
				at := firstDiff(got, want)
				t.Fatalf("differs from %s at byte %d:\n got …%q…\nwant …%q…", edit.Expected, at, around(got, at), around(want, at))
			}
		})
	}
}

// TestReencodeReproducesFile checks the style detection: encoding each cell's
// own source in the detected style must give back the bytes its writer wrote.
func TestReencodeReproducesFile(t *testing.T) {
	for _, name := range writerFixtures {
		nb, data := parseFixture(t, name)
		for i := range nb.cells {
			c := &nb.cells[i]
			if got, want := nb.encodeSource(c, c.orig), data[c.start:c.end]; !bytes.Equal(got, want) {
				t.Errorf("%s cell %d:\n got %q\nwant %q", name, i, got, want)
			}
		}
	}
}

// TestSetSourceChangesOnlySource sets every cell of every fixture to each
// tricky source: outside the source value no byte may move, and the result
// must read back with exactly the new source.
func TestSetSourceChangesOnlySource(t *testing.T) {
	for _, name := range allFixtures {
		nb, data := parseFixture(t, name)
		orig := nb.Cells()
		for i := range orig {
			for _, src := range trickySources {
				if err := nb.SetSource(i, src); err != nil {
					t.Fatal(err)
				}
				checkEdit(t, name, nb, data, orig, i, src)
				if err := nb.SetSource(i, orig[i].Source); err != nil {
					t.Fatal(err)
				}
			}
		}
		if got := nb.Bytes(); !bytes.Equal(got, data) {
			t.Errorf("%s: restoring every source did not restore the file", name)
		}
	}
}

// checkEdit verifies nb, in which only cell i was set (to src), against the
// original bytes and cells.
func checkEdit(t testing.TB, name string, nb *Notebook, data []byte, orig []Cell, i int, src string) {
	t.Helper()
	out := nb.Bytes()
	c := nb.cells[i]
	tail := len(data) - c.end
	if len(out) < c.start+tail || !bytes.Equal(out[:c.start], data[:c.start]) || !bytes.Equal(out[len(out)-tail:], data[c.end:]) {
		t.Fatalf("%s: setting cell %d changed bytes outside its source", name, i)
	}
	again, err := Parse(name, out)
	if err != nil {
		t.Fatalf("%s: after setting cell %d to %q: %v", name, i, src, err)
	}
	cells := again.Cells()
	if len(cells) != len(orig) {
		t.Fatalf("%s: %d cells after the edit, want %d", name, len(cells), len(orig))
	}
	for j, got := range cells {
		want := orig[j]
		if j == i {
			want.Source = src
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: after setting cell %d to %q, cell %d reads back as %#v, want %#v", name, i, src, j, got, want)
		}
	}
}

func TestSetSourceErrors(t *testing.T) {
	nb, data := parseFixture(t, "nbformat.ipynb")
	for _, i := range []int{-1, len(nb.Cells())} {
		if err := nb.SetSource(i, "x"); err == nil || !strings.Contains(err.Error(), "no cell") {
			t.Errorf("SetSource(%d): err = %v, want 'no cell'", i, err)
		}
	}
	if err := nb.SetSource(1, "bad \xff byte"); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("SetSource with invalid UTF-8: err = %v", err)
	}
	if !bytes.Equal(nb.Bytes(), data) {
		t.Error("a failed SetSource changed the notebook")
	}
}

// TestCellsReflectEdits: Cells shows the sources as they are now.
func TestCellsReflectEdits(t *testing.T) {
	nb, _ := parseFixture(t, "nbformat.ipynb")
	if err := nb.SetSource(5, "y = 2\n"); err != nil {
		t.Fatal(err)
	}
	if got := nb.Cells()[5].Source; got != "y = 2\n" {
		t.Errorf("Cells()[5].Source = %q after SetSource", got)
	}
	if !nb.Changed() {
		t.Error("Changed() = false after SetSource")
	}
}

// TestNbformatReadsOutput has the real nbformat read and validate every
// fixture and every notebook SetSource produced from them, and compares the
// sources it sees with ours.
func TestNbformatReadsOutput(t *testing.T) {
	python := testenv.Python(t, "nbformat")
	dir := t.TempDir()
	want := map[string][]string{}
	add := func(path string, nb *Notebook) {
		if err := os.WriteFile(path, nb.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		var sources []string
		for _, c := range nb.Cells() {
			sources = append(sources, c.Source)
		}
		want[path] = sources
	}
	for _, name := range allFixtures {
		if name == "bom.ipynb" {
			continue // Python's json refuses a byte order mark
		}
		nb, _ := parseFixture(t, name)
		add(filepath.Join(dir, name), nb)
		for k := range trickySources {
			for i := range nb.Cells() {
				// Spread the sources over the cells so every cell and
				// every source is covered in a few files.
				if err := nb.SetSource(i, trickySources[(i+k)%len(trickySources)]); err != nil {
					t.Fatal(err)
				}
			}
			add(filepath.Join(dir, strconv.Itoa(k)+"-"+name), nb)
		}
	}
	args := []string{"-c", nbformatCheck}
	for path := range want {
		args = append(args, path)
	}
	out, err := exec.Command(python, args...).Output()
	if err != nil {
		t.Fatalf("nbformat check: %v\n%s", err, exitStderr(err))
	}
	var got map[string][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("nbformat check printed %q: %v", out, err)
	}
	for path, sources := range want {
		if !slices.Equal(got[path], sources) {
			t.Errorf("%s: nbformat reads sources\n%q\nwe have\n%q", filepath.Base(path), got[path], sources)
		}
	}
}

// nbformatCheck reads each notebook with nbformat, validates it against the
// schema (raising on any error) and prints every cell's source as JSON.
const nbformatCheck = `
import json, sys, nbformat
result = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        nb = nbformat.read(f, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    result[path] = [cell.source for cell in nb.cells]
json.dump(result, sys.stdout)
`

func exitStderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, at int) []byte {
	return b[max(0, at-40):min(len(b), at+40)]
}

// TestListLayoutInference covers lists that show too little of their own
// layout: the layout comes from the file's indentation or spacing.
func TestListLayoutInference(t *testing.T) {
	for _, tc := range []struct{ name, before, after string }{
		{"empty list, 2-space CRLF, no other list",
			"{\r\n  \"nbformat\": 4,\r\n  \"cells\": [\r\n    {\r\n      \"cell_type\": \"code\",\r\n      \"source\": []\r\n    }\r\n  ]\r\n}\r\n",
			"{\r\n  \"nbformat\": 4,\r\n  \"cells\": [\r\n    {\r\n      \"cell_type\": \"code\",\r\n      \"source\": [\r\n        \"a\\n\",\r\n        \"b\"\r\n      ]\r\n    }\r\n  ]\r\n}\r\n"},
		{"empty list, tabs, donor with one item on its own line",
			"{\n\t\"nbformat\": 4,\n\t\"cells\": [\n\t\t{\"cell_type\": \"code\", \"source\": [\n\t\t\t\"x\"\n\t\t]},\n\t\t{\"cell_type\": \"code\",\n\t\t \"source\": []}\n\t]\n}",
			"{\n\t\"nbformat\": 4,\n\t\"cells\": [\n\t\t{\"cell_type\": \"code\", \"source\": [\n\t\t\t\"x\"\n\t\t]},\n\t\t{\"cell_type\": \"code\",\n\t\t \"source\": [\n\t\t \t\"a\\n\",\n\t\t \t\"b\"\n\t\t ]}\n\t]\n}"},
		{"empty list, minified",
			`{"nbformat":4,"cells":[{"cell_type":"code","source":[]}]}`,
			`{"nbformat":4,"cells":[{"cell_type":"code","source":["a\n","b"]}]}`},
		{"one item, inline",
			`{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["x"]}]}`,
			`{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a\n", "b"]}]}`},
		{"one item, padded",
			`{"nbformat":4,"cells":[{"cell_type":"code","source":[ "x" ]}]}`,
			`{"nbformat":4,"cells":[{"cell_type":"code","source":[ "a\n", "b" ]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nb, err := Parse("t.ipynb", []byte(tc.before))
			if err != nil {
				t.Fatal(err)
			}
			last := len(nb.Cells()) - 1
			if err := nb.SetSource(last, "a\nb"); err != nil {
				t.Fatal(err)
			}
			if got := string(nb.Bytes()); got != tc.after {
				t.Errorf("\n got %q\nwant %q", got, tc.after)
			}
		})
	}
}

// surrogateNotebooks has Python's json write a notebook whose code cell
// holds a lone surrogate, which JSON allows as an escape (json.dumps keeps
// it as \ud800) but UTF-8 cannot hold, and then the same notebook with the
// cell's first line changed; once with the source as nbformat's list of
// lines, once as one string.
const surrogateNotebooks = `
import json, sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell
from nbformat.v4.rwbase import split_lines
src = "from tensorflow import keras\nx = '\ud800'  # lone\ny = 'caf\u00e9 \ud83d\ude80 \udc00'\n"
for form in ("list", "string"):
    nb = new_notebook(cells=[new_markdown_cell("# t"), new_code_cell(src)])
    for suffix, source in ((".ipynb", src), (".edited.ipynb", src.replace("from tensorflow import keras", "import keras"))):
        nb.cells[1].source = source
        d = nbformat.from_dict(json.loads(json.dumps(nb)))
        if form == "list":
            split_lines(d)
        with open(sys.argv[1] + "/" + form + suffix, "w") as f:
            f.write(json.dumps(d, sort_keys=True, indent=1) + "\n")
`

// A changed cell differs only where its text changed: the lines it keeps
// keep their bytes, even a lone surrogate escape, which reads as U+FFFD.
// What Python's json writes for the same edit is the reference.
func TestChangedCellKeepsUntouchedLines(t *testing.T) {
	python := testenv.Python(t, "nbformat")
	dir := t.TempDir()
	if out, err := exec.Command(python, "-c", surrogateNotebooks, dir).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, form := range []string{"list", "string"} {
		data, err := os.ReadFile(filepath.Join(dir, form+".ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(dir, form+".edited.ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(`x = '\ud800'`)) {
			t.Fatalf("%s: Python did not write the lone surrogate as an escape:\n%s", form, data)
		}
		nb, err := Parse(form+".ipynb", data)
		if err != nil {
			t.Fatal(err)
		}
		src := nb.Cells()[1].Source
		if !strings.Contains(src, "x = '\ufffd'") {
			t.Fatalf("%s: cell reads %q, want the lone surrogate as U+FFFD", form, src)
		}
		if err := nb.SetSource(1, strings.Replace(src, "from tensorflow import keras", "import keras", 1)); err != nil {
			t.Fatal(err)
		}
		if got := nb.Bytes(); !bytes.Equal(got, want) {
			t.Errorf("%s: after the edit\n%s\nwant (Python's json)\n%s", form, got, want)
		}
	}
}

// A cell's raw id, execution_count and metadata are the cell's own values
// (not those of its outputs), as encoding/json reads them, in every style.
func TestCellRawMembers(t *testing.T) {
	for _, name := range []string{"nbformat.ipynb", "single_string.ipynb", "colab_crlf.ipynb", "go_tabs.ipynb", "minified.ipynb"} {
		nb, data := parseFixture(t, name)
		var doc struct {
			Cells []map[string]json.RawMessage `json:"cells"`
		}
		if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\ufeff")), &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cells := nb.Cells()
		if len(cells) != len(doc.Cells) {
			t.Fatalf("%s: %d cells, encoding/json reads %d", name, len(cells), len(doc.Cells))
		}
		for i, c := range cells {
			for key, got := range map[string][]byte{"id": c.ID, "execution_count": c.ExecutionCount, "metadata": c.Metadata} {
				want, ok := doc.Cells[i][key]
				if !ok {
					if got != nil {
						t.Errorf("%s cell %d: %s = %q, want absent", name, i, key, got)
					}
					continue
				}
				var g, w bytes.Buffer
				if err := json.Compact(&g, got); err != nil {
					t.Errorf("%s cell %d: %s = %q: %v", name, i, key, got, err)
					continue
				}
				json.Compact(&w, want)
				if g.String() != w.String() {
					t.Errorf("%s cell %d: %s = %s, want %s", name, i, key, g.String(), w.String())
				}
			}
		}
	}
}
