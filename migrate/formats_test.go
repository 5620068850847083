package migrate

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

// prettyNotebook is laid out as Jupyter writes notebooks (one source line
// per list item), plus a single-string source and a list item holding two
// lines, so each way a source can sit in the file is mapped.
const prettyNotebook = `{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Keras 2\n",
    "tf.keras.Model in prose is not code"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "import tensorflow as tf\n",
    "\n",
    "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n",
    "model.compile()"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": "x = 1\ny = tf.keras.layers.Dense(2)\n"
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "a = 1\nb = tf.keras.Input(3)\n",
    "c = tf.keras.Model(b, b)"
   ]
  }
 ],
 "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
`

// tfKerasOnly runs only tf-keras-import, whose message quotes the flagged
// expression first: what a test looks for on the annotated line.
func tfKerasOnly(t *testing.T) cellfix.Options {
	t.Helper()
	selected, err := SelectRules(rules.All, []string{"tf-keras-import"}, nil, cellfix.TargetTF)
	if err != nil {
		t.Fatal(err)
	}
	return cellfix.Options{Target: cellfix.TargetTF, Rules: selected}
}

var quoted = regexp.MustCompile("`([^`]+)`")

// unescapeGitHub undoes the workflow-command escaping GitHub documents.
var unescapeGitHub = strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",")

// A github annotation for a notebook points at the line of the .ipynb that
// holds the flagged code: reading that line of the file back finds the
// flagged expression, JSON-encoded as the file writes it.
func TestGitHubAnnotationsPointAtTheFlaggedLine(t *testing.T) {
	dir := writeFiles(t, map[string]string{"n,1:x.ipynb": prettyNotebook, "s.py": keras2Script})
	code, stdout, stderr := runFor(t, Config{Mode: Check, Format: GitHub, Options: tfKerasOnly(t)}, "", dir)
	if code != StatusFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	command := regexp.MustCompile(`^::error ([^:]*)::(.*)$`)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	perFile := map[string]int{}
	for _, l := range lines {
		m := command.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not a workflow command: %q", l)
		}
		props := map[string]string{}
		for _, p := range strings.Split(m[1], ",") {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				t.Fatalf("property %q in %q", p, l)
			}
			props[k] = unescapeGitHub.Replace(v)
		}
		file, message := props["file"], unescapeGitHub.Replace(m[2])
		perFile[filepath.Base(file)]++
		line, err := strconv.Atoi(props["line"])
		if err != nil {
			t.Fatalf("line in %q: %v", l, err)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("annotated file %q: %v", file, err)
		}
		fileLines := strings.Split(string(data), "\n")
		if line < 1 || line > len(fileLines) {
			t.Fatalf("line %d outside %s", line, file)
		}
		q := quoted.FindStringSubmatch(message)
		if q == nil {
			t.Fatalf("no quoted expression in %q", message)
		}
		want := q[1]
		if strings.HasSuffix(file, ".ipynb") {
			if _, ok := props["col"]; ok {
				t.Errorf("notebook annotation has a column, which would count within the JSON line: %q", l)
			}
		} else {
			col, _ := strconv.Atoi(props["col"])
			if !strings.HasPrefix(fileLines[line-1][col-1:], want) {
				t.Errorf("%s:%d:%d does not start %q: %q", file, line, col, want, fileLines[line-1])
			}
		}
		if !strings.Contains(fileLines[line-1], want) {
			t.Errorf("%s line %d is %q; the annotation %q flags %q", file, line, fileLines[line-1], message, want)
		}
		if props["title"] != "gokmig (K301)" || props["endLine"] == "" {
			t.Errorf("properties %v", props)
		}
	}
	// Five in the notebook (none in the markdown cell), two in the script.
	if perFile["n,1:x.ipynb"] != 5 || perFile["s.py"] != 2 {
		t.Errorf("annotations per file %v, want 5 and 2\n%s", perFile, stdout)
	}
}

// convert's annotations are for what remains, on the lines of the written
// file.
func TestGitHubAfterConvertNamesOnlyWhatRemains(t *testing.T) {
	dir := writeFiles(t, map[string]string{"n.ipynb": prettyNotebook})
	code, stdout, stderr := runFor(t, Config{Mode: Convert, Format: GitHub, Options: tfKerasOnly(t)}, "", dir)
	if code != StatusClean || stderr != "" || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want every tf.keras use fixed", code, stdout, stderr)
	}
}

func jsonFindings(t *testing.T, opts cellfix.Options, paths ...string) []map[string]any {
	t.Helper()
	_, stdout, stderr := runFor(t, Config{Mode: Check, Format: JSON, Options: opts}, "", paths...)
	if stderr != "" {
		t.Fatalf("stderr %q", stderr)
	}
	var out []map[string]any
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkIn writes files, checks them in format and returns the folder, the
// JSON report's findings (what the format is compared with) and the output.
func checkIn(t *testing.T, files map[string]string, format Format) (dir string, findings []map[string]any, stdout string) {
	t.Helper()
	dir = writeFiles(t, files)
	findings = jsonFindings(t, defaultOptions(), dir)
	_, stdout, stderr := runFor(t, Config{Mode: Check, Format: format}, "", dir)
	if stderr != "" {
		t.Fatal(stderr)
	}
	return dir, findings, stdout
}

// json-lines holds the JSON report's objects, one per line.
func TestJSONLinesMatchesJSON(t *testing.T) {
	_, want, stdout := checkIn(t, map[string]string{"n.ipynb": prettyNotebook, "s.py": keras2Script}, JSONLines)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(want) || len(want) < 6 {
		t.Fatalf("%d lines for %d findings:\n%s", len(lines), len(want), stdout)
	}
	for i, l := range lines {
		var got map[string]any
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(want[i])
		if !bytes.Equal(a, b) {
			t.Errorf("line %d is %s, JSON has %s", i+1, a, b)
		}
	}
}

// The SARIF log validates against the official SARIF 2.1.0 schema, and
// carries each finding with its rule and location.
func TestSARIFMatchesTheSchema(t *testing.T) {
	_, findings, stdout := checkIn(t, map[string]string{"n.ipynb": prettyNotebook, "my script.py": keras2Script}, SARIF)
	schema, err := jsonschema.NewCompiler().Compile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("SARIF output breaks the schema: %v", err)
	}
	// So does the log of a clean run.
	clean := filepath.Join(t.TempDir(), "clean.py")
	if err := os.WriteFile(clean, []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, cleanLog, _ := runFor(t, Config{Mode: Check, Format: SARIF}, "", clean)
	if doc, err := jsonschema.UnmarshalJSON(strings.NewReader(cleanLog)); err != nil || schema.Validate(doc) != nil {
		t.Errorf("clean run's SARIF: %v %v\n%s", err, schema.Validate(doc), cleanLog)
	}
	// The schema does reject what SARIF forbids (a level outside its enum).
	broken, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(stdout, `"level": "error"`, `"level": "fatal"`, 1)))
	if schema.Validate(broken) == nil {
		t.Fatal("the schema accepted level \"fatal\"; is it the SARIF schema?")
	}

	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID, Name, HelpURI string
						Help              struct{ Text string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct {
							StartLine, StartColumn, EndLine, EndColumn int
							Properties                                 map[string]int
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(rules.All) {
		t.Errorf("%d rules, want the %d selected", len(run.Tool.Driver.Rules), len(rules.All))
	}
	for i, r := range run.Tool.Driver.Rules {
		rule := rules.All[i]
		if r.ID != rule.Code || r.Name != rule.Name || r.HelpURI != "" || r.Help.Text != rule.Doc {
			t.Errorf("rule %d is %+v, want %s", i, r, rule.Name)
		}
	}
	if len(run.Results) != len(findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(findings))
	}
	for i, res := range run.Results {
		f := findings[i]
		loc := res.Locations[0].PhysicalLocation
		path, err := url.PathUnescape(loc.ArtifactLocation.URI)
		if err != nil || !strings.HasSuffix(path, "/"+filepath.Base(f["path"].(string))) {
			t.Errorf("result %d uri %q, finding in %v", i, loc.ArtifactLocation.URI, f["path"])
		}
		if res.RuleID != f["code"] || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID || !strings.Contains(res.Message.Text, f["message"].(string)) {
			t.Errorf("result %d: %+v for finding %v", i, res, f)
		}
		line, col := int(f["line"].(float64)), int(f["column"].(float64))
		if f["cell"] == nil {
			if loc.Region.StartLine != line || loc.Region.StartColumn != col {
				t.Errorf("script result %d at %d:%d, finding at %d:%d", i, loc.Region.StartLine, loc.Region.StartColumn, line, col)
			}
			continue
		}
		p := loc.Region.Properties
		if p["cell"] != int(f["cell"].(float64)) || p["cellLine"] != line || p["cellColumn"] != col {
			t.Errorf("notebook result %d has cell position %v, finding %v", i, p, f)
		}
		data, _ := os.ReadFile(f["path"].(string))
		fileLine := strings.Split(string(data), "\n")[loc.Region.StartLine-1]
		if q := quoted.FindStringSubmatch(res.Message.Text); res.RuleID == "K301" && !strings.Contains(fileLine, q[1]) {
			t.Errorf("notebook result %d at line %d %q, flags %q", i, loc.Region.StartLine, fileLine, q[1])
		}
	}
}

// JUnit XML: one testsuite per file with findings, one failing testcase per
// finding; a clean run is one passing testcase.
func TestJUnitReport(t *testing.T) {
	dir, findings, stdout := checkIn(t, map[string]string{"n.ipynb": prettyNotebook, "s.py": keras2Script, "clean.py": "x = 1\n"}, JUnit)
	type testcase struct {
		Name      string `xml:"name,attr"`
		ClassName string `xml:"classname,attr"`
		Failure   *struct {
			Message string `xml:"message,attr"`
			Text    string `xml:",chardata"`
		} `xml:"failure"`
	}
	var doc struct {
		XMLName  xml.Name
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name     string     `xml:"name,attr"`
			Tests    int        `xml:"tests,attr"`
			Failures int        `xml:"failures,attr"`
			Cases    []testcase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, stdout)
	}
	if doc.XMLName.Local != "testsuites" || doc.Tests != len(findings) || doc.Failures != len(findings) {
		t.Fatalf("<%s tests=%d failures=%d>, want %d findings", doc.XMLName.Local, doc.Tests, doc.Failures, len(findings))
	}
	i := 0
	for _, s := range doc.Suites {
		if s.Tests != len(s.Cases) || s.Failures != len(s.Cases) {
			t.Errorf("suite %s: tests=%d failures=%d for %d cases", s.Name, s.Tests, s.Failures, len(s.Cases))
		}
		for _, c := range s.Cases {
			f := findings[i]
			i++
			if s.Name != f["path"] || c.ClassName != f["path"] || c.Name != "org.gokmig."+f["code"].(string) || c.Failure == nil || c.Failure.Message != f["message"] {
				t.Errorf("suite %s case %+v for finding %v", s.Name, c, f)
			}
		}
	}
	if i != len(findings) || len(doc.Suites) != 2 {
		t.Errorf("%d cases in %d suites for %d findings in 2 files", i, len(doc.Suites), len(findings))
	}

	_, clean, _ := runFor(t, Config{Mode: Check, Format: JUnit}, "", filepath.Join(dir, "clean.py"))
	doc.Suites = nil
	if err := xml.Unmarshal([]byte(clean), &doc); err != nil || doc.Failures != 0 || len(doc.Suites) != 1 || doc.Suites[0].Cases[0].Failure != nil {
		t.Errorf("clean run: %v\n%s", err, clean)
	}
}

// --statistics counts the findings per rule as the JSON report lists them.
func TestStatisticsCountPerRule(t *testing.T) {
	dir := writeFiles(t, map[string]string{"n.ipynb": prettyNotebook, "s.py": keras2Script})
	findings := jsonFindings(t, defaultOptions(), dir)
	want := map[string]int{}
	fixable := map[string]bool{}
	for _, f := range findings {
		want[f["code"].(string)]++
		if fix, ok := f["fix"].(map[string]any); ok && fix["safety"] == "safe" {
			fixable[f["code"].(string)] = true
		}
	}
	_, stdout, _ := runFor(t, Config{Mode: Check, Format: JSON, Statistics: true}, "", dir)
	var rows []ruleCount
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows for %d rules: %s", len(rows), len(want), stdout)
	}
	for i, r := range rows {
		if r.Count != want[r.Code] || r.Fixable != fixable[r.Code] || (i > 0 && r.Count > rows[i-1].Count) {
			t.Errorf("row %+v, want count %d fixable %v, most frequent first", r, want[r.Code], fixable[r.Code])
		}
	}
	_, text, _ := runFor(t, Config{Mode: Check, Statistics: true}, "", dir)
	row := regexp.MustCompile(`^ *(\d+) +(K\d+) +(\[\*\]|   ) ([a-z-]+)$`)
	for i, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		m := row.FindStringSubmatch(l)
		if m == nil || i >= len(rows) || m[1] != strconv.Itoa(rows[i].Count) || m[2] != rows[i].Code || (m[3] == "[*]") != rows[i].Fixable || m[4] != rows[i].Name {
			t.Errorf("text row %q", l)
		}
	}
}

// --exit-zero turns findings into exit 0 but not errors; --output-file
// takes the report off stdout.
func TestExitZeroAndOutputFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.py": keras2Script, "bad.ipynb": "{"})
	report := filepath.Join(t.TempDir(), "report.json")
	code, stdout, stderr := runFor(t, Config{Mode: Check, Format: JSON, ExitZero: true, OutputFile: report}, "", filepath.Join(dir, "s.py"))
	if code != StatusClean || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(report)
	var findings []Finding
	if err != nil || json.Unmarshal(data, &findings) != nil || len(findings) < 2 {
		t.Fatalf("report file: %v\n%s", err, data)
	}
	if code, _, _ := runFor(t, Config{Mode: Check, ExitZero: true}, "", dir); code != StatusError {
		t.Errorf("exit %d with a bad file and --exit-zero, want %d", code, StatusError)
	}
	code, _, stderr = runFor(t, Config{Mode: Check, OutputFile: dir}, "", filepath.Join(dir, "s.py"))
	if code != StatusError || !strings.HasPrefix(stderr, dir+": cannot write the report") {
		t.Errorf("output file a directory: exit %d, stderr %q", code, stderr)
	}
}

// A fix that must change something the program can see (here the names of
// the checkpoint files) says so in the text report and in JSON.
func TestFixedFindingNamesItsVisibleChange(t *testing.T) {
	script := "from tensorflow import keras\n" +
		"cb = keras.callbacks.ModelCheckpoint(\"w.{epoch:02d}.h5\", save_weights_only=True)\n"
	dir := writeFiles(t, map[string]string{"s.py": script})
	path := filepath.Join(dir, "s.py")
	_, stdout, _ := runFor(t, Config{Mode: Convert}, "", path)
	if !strings.Contains(stdout, "(fixed; visible: the weights files are named `….weights.h5`)") {
		t.Errorf("text report lacks the visible change:\n%s", stdout)
	}
	if strings.Count(stdout, "visible:") != 1 {
		t.Errorf("only the rename changes what the program sees:\n%s", stdout)
	}
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ = runFor(t, Config{Mode: Check, Format: JSON}, "", path)
	var findings []Finding
	if err := json.Unmarshal([]byte(stdout), &findings); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	visible := 0
	for _, f := range findings {
		if f.Fix != nil && f.Fix.Visible != "" {
			visible++
		}
	}
	if visible != 1 {
		t.Errorf("%d findings with a visible change in JSON, want 1:\n%s", visible, stdout)
	}
}
