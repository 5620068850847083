package migrate

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gokmig/gokmig/cellfix"
)

const keras2Script = "import tensorflow as tf\n\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(1)])\nmodel.save(\"out\")\n"

const keras2Notebook = `{"cells": [
  {"cell_type": "markdown", "metadata": {}, "source": "# intro"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["from tensorflow import keras\n", "m = keras.Sequential()\n", "m.save(\"dir\")"]}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runFor(t *testing.T, cfg Config, stdin string, paths ...string) (code Status, stdout, stderr string) {
	t.Helper()
	if cfg.Options.Rules == nil {
		cfg.Options = defaultOptions()
	}
	if cfg.Format == "" {
		cfg.Format = Text
	}
	var out, errOut bytes.Buffer
	code = Run(paths, cfg, Streams{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

func keys(m map[string]json.RawMessage) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

// The JSON report is part of the contract: one array of objects with
// exactly these keys, cell null for scripts and otherwise the cell's number
// counting every cell from 1, as Ruff.
func TestJSONReport(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.py": keras2Script, "n.ipynb": keras2Notebook})
	code, stdout, stderr := runFor(t, Config{Mode: Check, Format: JSON}, "", filepath.Join(dir, "n.ipynb"), filepath.Join(dir, "s.py"))
	if code != StatusFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var findings []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &findings); err != nil {
		t.Fatalf("stdout is not one JSON array: %v\n%s", err, stdout)
	}
	if len(findings) < 2 {
		t.Fatalf("want findings in both files, got %s", stdout)
	}
	const wantKeys = "cell cell_id code column end_column end_line execution_count fix fixed line message path rule"
	sawScript, sawNotebook := false, false
	for _, f := range findings {
		if got := keys(f); got != wantKeys {
			t.Errorf("finding keys %q, want %q", got, wantKeys)
		}
		var path string
		json.Unmarshal(f["path"], &path)
		switch filepath.Base(path) {
		case "s.py":
			sawScript = true
			for _, key := range []string{"cell", "cell_id", "execution_count"} {
				if string(f[key]) != "null" {
					t.Errorf("script finding has %s %s, want null", key, f[key])
				}
			}
		case "n.ipynb":
			sawNotebook = true
			if string(f["cell"]) != "2" {
				t.Errorf("notebook finding has cell %s, want 2 (the code cell after one markdown cell)", f["cell"])
			}
		}
		if string(f["fixed"]) != "false" {
			t.Errorf("check reported fixed=%s", f["fixed"])
		}
		if string(f["fix"]) != "null" {
			var fix map[string]json.RawMessage
			if err := json.Unmarshal(f["fix"], &fix); err != nil || keys(fix) != "edits safety text title" {
				t.Errorf("fix = %s, want an object with edits, safety, text and title", f["fix"])
			}
		}
	}
	if !sawScript || !sawNotebook {
		t.Errorf("findings lack a file: %s", stdout)
	}

	// convert marks what it applied.
	code, stdout, _ = runFor(t, Config{Mode: Convert, Format: JSON}, "", filepath.Join(dir, "s.py"))
	if code != StatusClean {
		t.Errorf("convert exit %d, want 0", code)
	}
	if !strings.Contains(stdout, `"fixed": true`) || strings.Contains(stdout, `"fixed": false`) {
		t.Errorf("convert JSON should mark every finding fixed:\n%s", stdout)
	}

	// No findings is an empty array, not null.
	_, stdout, _ = runFor(t, Config{Mode: Check, Format: JSON}, "", filepath.Join(dir, "s.py"))
	if strings.TrimSpace(stdout) != "[]" {
		t.Errorf("clean file JSON = %q, want []", stdout)
	}
}

// When stdout carries a diff or a fixed file, the report moves to stderr.
func TestReportStream(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.py": keras2Script})
	path := filepath.Join(dir, "s.py")
	_, stdout, stderr := runFor(t, Config{Mode: Diff}, "", path)
	if !strings.HasPrefix(stdout, "--- "+path+"\n+++ "+path+"\n@@ ") || strings.Contains(stdout, "K310") {
		t.Errorf("diff stdout:\n%s", stdout)
	}
	if !strings.Contains(stderr, "K310") || !strings.Contains(stderr, "would fix") {
		t.Errorf("diff stderr lacks the report:\n%s", stderr)
	}
	_, stdout, stderr = runFor(t, Config{Mode: Convert}, keras2Script, "-")
	if !strings.HasPrefix(stdout, "import keras\n") || !strings.Contains(stderr, "-:4:1: K310") {
		t.Errorf("convert -: stdout\n%s\nstderr\n%s", stdout, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != keras2Script {
		t.Errorf("--diff wrote the file")
	}
}

// convert does not rewrite a file it does not change, so tools watching
// timestamps see nothing.
func TestConvertLeavesUnchangedFilesAlone(t *testing.T) {
	dir := writeFiles(t, map[string]string{"clean.py": "import keras\nx = keras.ops.ones((2,))\n"})
	path := filepath.Join(dir, "clean.py")
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runFor(t, Config{Mode: Convert}, "", path); code != StatusClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().Equal(old) {
		t.Errorf("convert rewrote an unchanged file (mtime %v)", info.ModTime())
	}
}

func TestExitCodes(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"dirty.py": keras2Script,
		"clean.py": "import keras\n",
		// A finding without a fix: the path is not a literal.
		"nofix.py": "import keras\n\nmodel = keras.Sequential()\n\ndef save(path):\n    model.save(path)\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name  string
		mode  Mode
		paths []string
		want  Status
	}{
		{"check clean", Check, []string{p("clean.py")}, StatusClean},
		{"check findings", Check, []string{p("dirty.py")}, StatusFindings},
		{"check unreadable and dirty", Check, []string{p("missing.py"), p("dirty.py")}, StatusError},
		{"dry run would change", DryRun, []string{p("dirty.py")}, StatusFindings},
		{"dry run unfixable only", DryRun, []string{p("nofix.py")}, StatusClean},
		{"diff would change", Diff, []string{p("dirty.py")}, StatusFindings},
		{"diff unfixable remains", Diff, []string{p("nofix.py")}, StatusFindings},
		{"diff clean", Diff, []string{p("clean.py")}, StatusClean},
		{"convert unfixable remains", Convert, []string{p("nofix.py")}, StatusFindings},
		{"convert fixes everything", Convert, []string{p("dirty.py")}, StatusClean},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, stdout, stderr := runFor(t, Config{Mode: tt.mode}, "", tt.paths...); code != tt.want {
				t.Errorf("status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, stdout, stderr)
			}
		})
	}
}

// panicRule is a rule with a bug: it panics on any cell that holds "BOOM".
var panicRule = &cellfix.Rule{Name: "panics-on-boom", Code: "K999", Title: "test rule", Run: func(p *cellfix.Pass) {
	if strings.Contains(p.Cell.Text, "BOOM") {
		panic("boom:\nrule bug")
	}
}}

// malformedNotebooks once panicked the parser (a string cut short or broken
// by a raw line break where it reads the value), aborting the whole batch.
var malformedNotebooks = map[string]string{
	"truncated-type.ipynb":  `{"cells": [{"cell_type": "co`,
	"newline-in-lang.ipynb": "{\"cells\": [], \"metadata\": {\"language_info\": {\"name\": \"pyt\nhon\"}}, \"nbformat\": 4}",
}

// One file that panics, whether in the parser or in a rule, gets one error
// line naming it and stays as it was; the files after it are still done.
func TestOneFileCannotStopTheOthers(t *testing.T) {
	for _, mode := range []Mode{Check, Convert} {
		files := map[string]string{"boom.py": "BOOM = 1\n" + keras2Script, "train.py": keras2Script}
		for name, text := range malformedNotebooks {
			files[name] = text
		}
		dir := writeFiles(t, files)
		p := func(name string) string { return filepath.Join(dir, name) }
		opts := defaultOptions()
		opts.Rules = append(slices.Clip(opts.Rules), panicRule)
		code, stdout, stderr := runFor(t, Config{Mode: mode, Options: opts}, "",
			p("truncated-type.ipynb"), p("boom.py"), p("newline-in-lang.ipynb"), p("train.py"))
		if code != StatusError {
			t.Errorf("mode %d: exit %d, want %d", mode, code, StatusError)
		}
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		want := []string{
			regexp.QuoteMeta(p("truncated-type.ipynb")) + `: invalid JSON at line 1, column 26: string is never closed$`,
			regexp.QuoteMeta(p("boom.py")) + `: internal error, file left as it was \(please report this bug\): boom: rule bug at run_test\.go:\d+$`,
			regexp.QuoteMeta(p("newline-in-lang.ipynb")) + `: invalid JSON at line 1, column 54: string is not closed on its line`,
		}
		if len(lines) != len(want) {
			t.Fatalf("mode %d: stderr has %d lines, want %d:\n%s", mode, len(lines), len(want), stderr)
		}
		for i, re := range want {
			if !regexp.MustCompile(re).MatchString(lines[i]) {
				t.Errorf("mode %d: stderr line %d = %q, want match for %q", mode, i+1, lines[i], re)
			}
		}
		if !strings.Contains(stdout, p("train.py")+":4:1: K310") {
			t.Errorf("mode %d: train.py was not processed:\n%s", mode, stdout)
		}
		for name, text := range files {
			got, _ := os.ReadFile(p(name))
			if wantChanged := mode == Convert && name == "train.py"; (string(got) != text) != wantChanged {
				t.Errorf("mode %d: %s changed: %v, want %v", mode, name, string(got) != text, wantChanged)
			}
		}
	}
}

// An nbformat 4.5 cell's id and its execution_count are in the JSON
// report; a cell without them gives null.
func TestJSONReportCellIdentity(t *testing.T) {
	nb := `{"cells": [
  {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "# intro"},
  {"cell_type": "code", "id": "a1b2", "execution_count": 7, "metadata": {}, "outputs": [], "source": "from tensorflow import keras\n"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "from tensorflow import keras\n"}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	dir := writeFiles(t, map[string]string{"n.ipynb": nb})
	_, stdout, _ := runFor(t, Config{Mode: Check, Format: JSON}, "", filepath.Join(dir, "n.ipynb"))
	var findings []struct {
		Cell           int     `json:"cell"`
		CellID         *string `json:"cell_id"`
		ExecutionCount *int    `json:"execution_count"`
	}
	if err := json.Unmarshal([]byte(stdout), &findings); err != nil || len(findings) != 2 {
		t.Fatalf("want two findings, got %v: %s", err, stdout)
	}
	first, second := findings[0], findings[1]
	if first.Cell != 2 || first.CellID == nil || *first.CellID != "a1b2" || first.ExecutionCount == nil || *first.ExecutionCount != 7 {
		t.Errorf("first finding = %+v, want cell 2, id a1b2, execution_count 7", first)
	}
	if second.Cell != 3 || second.CellID != nil || second.ExecutionCount != nil {
		t.Errorf("second finding = %+v, want cell 3 with null id and count", second)
	}
}

// --stdin-filename x.ipynb reads stdin as a notebook and reports it under
// that name; a .py name reads it as a script.
func TestStdinFilename(t *testing.T) {
	code, stdout, stderr := runFor(t, Config{Mode: Check, StdinFilename: "x.ipynb"}, keras2Notebook, StdinPath)
	if code != StatusFindings || !strings.Contains(stdout, "x.ipynb:cell 2:1:24: K301 ") {
		t.Errorf("notebook on stdin: exit %d, stdout %q, stderr %q; want a K301 finding in x.ipynb:cell 2", code, stdout, stderr)
	}
	code, stdout, _ = runFor(t, Config{Mode: Check, StdinFilename: "sub/y.py"}, keras2Script, StdinPath)
	if code != StatusFindings || !strings.HasPrefix(stdout, "sub/y.py:") {
		t.Errorf("script on stdin: exit %d, stdout %q; want findings in sub/y.py", code, stdout)
	}
}

// manyFiles writes a folder of n files of every kind the run reports on
// differently: scripts and notebooks with and without findings, a notebook
// in another language (skipped), malformed notebooks and a file that makes
// a rule panic, spread over nested folders.
func manyFiles(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	kinds := []struct{ name, text string }{
		{"train.py", keras2Script},
		{"model.ipynb", keras2Notebook},
		{"clean.py", "print('no keras here')\n"},
		{"r.ipynb", `{"cells": [], "metadata": {"kernelspec": {"language": "R"}}, "nbformat": 4, "nbformat_minor": 5}`},
		{"truncated.ipynb", `{"cells": [{"cell_type": "co`},
		{"boom.py", "BOOM = 1\n" + keras2Script},
		{"twice.py", keras2Script + keras2Script},
	}
	for i := range n {
		k := kinds[i%len(kinds)]
		sub := filepath.Join(dir, "group"+strconv.Itoa(i%5), "sub"+strconv.Itoa(i%3))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, strconv.Itoa(i)+"_"+k.name), []byte(k.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Files are processed in parallel, yet a folder of many files gives, byte
// for byte and line for line across stdout and stderr, what processing
// them one after the other gives, in every mode and format, errors and
// panics included.
func TestParallelOutputIsSequentialOutput(t *testing.T) {
	const n = 70
	type run struct {
		mode   Mode
		format Format
		stats  bool
	}
	runs := []run{{Check, Text, false}, {Check, JSON, false}, {Check, GitHub, false}, {Check, Text, true},
		{Diff, Text, false}, {DryRun, JSONLines, false}, {Convert, Text, false}}
	for _, rn := range runs {
		var outputs [2]string
		var statuses [2]Status
		for i, jobs := range []int{1, 7} {
			dir := manyFiles(t, n) // convert rewrites the files: a fresh folder each time
			opts := defaultOptions()
			opts.Rules = append(slices.Clip(opts.Rules), panicRule)
			var both bytes.Buffer // one stream, so that the interleaving counts too
			cfg := Config{Mode: rn.mode, Format: rn.format, Statistics: rn.stats, Options: opts, Jobs: jobs}
			statuses[i] = Run([]string{dir}, cfg, Streams{Stdout: &both, Stderr: &both})
			out := strings.ReplaceAll(both.String(), dir, "DIR")
			// The panic's site names a line of this file; it is the same in both.
			outputs[i] = out
		}
		if statuses[0] != statuses[1] {
			t.Errorf("%+v: status %d with 1 job, %d with 7", rn, statuses[0], statuses[1])
		}
		if outputs[0] != outputs[1] {
			t.Errorf("%+v: output differs between 1 and 7 jobs\n--- 1 job:\n%s\n--- 7 jobs:\n%s", rn, outputs[0], outputs[1])
		}
		// Every file is reported, in the walk's order (sorted by path).
		if rn.format == Text && !rn.stats && rn.mode == Check {
			var named []string
			for _, line := range strings.Split(outputs[1], "\n") {
				if name, _, ok := strings.Cut(line, ":"); ok && strings.HasPrefix(name, "DIR") && !slices.Contains(named, name) {
					named = append(named, name)
				}
			}
			if !slices.IsSorted(named) || len(named) < n*5/7 {
				t.Errorf("files reported out of order or missing (%d of %d):\n%s", len(named), n, strings.Join(named, "\n"))
			}
		}
	}
}
