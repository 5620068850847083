package migrate

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/internal/version"
	"github.com/gokmig/gokmig/nbformat"
)

// The report formats beyond text and JSON, shaped as Ruff's output formats
// are, so that tools reading Ruff's read ours.

const toolName = "gokmig"

// located is a finding with the lines of the file on disk that hold it: the
// same as its own lines for a script, the lines of the .ipynb's JSON that
// hold the cell's source lines for a notebook.
type located struct {
	Finding
	FileLine, FileEndLine int
}

// cellIndex is the position of a finding's cell in the notebook's cell list,
// the index nbformat knows the cell by. It reads the same field the text and
// JSON reports print, so a change to how cells are numbered there changes
// only this function.
func cellIndex(f Finding) int { return *f.Cell - 1 }

// locate resolves the file lines of out's findings. For a notebook whose
// cells the fixes changed, the lines are those of the fixed file (written by
// convert, or as it would be written), where the remaining findings lie.
func locate(f *File, findings []Finding) []located {
	nb := f.nb
	if nb != nil && nb.Changed() {
		var err error
		if nb, err = nbformat.Parse(f.Path, nb.Bytes()); err != nil {
			nb = nil // cannot happen for bytes we wrote; annotate line 1 then
		}
	}
	out := make([]located, len(findings))
	for i, fd := range findings {
		out[i] = located{Finding: fd, FileLine: fd.Line, FileEndLine: fd.EndLine}
		if fd.Cell == nil {
			continue
		}
		out[i].FileLine, out[i].FileEndLine = 1, 1
		if nb == nil {
			continue
		}
		if n, ok := nb.FileLine(cellIndex(fd), fd.Line); ok {
			out[i].FileLine, out[i].FileEndLine = n, n
		}
		if n, ok := nb.FileLine(cellIndex(fd), fd.EndLine); ok && n >= out[i].FileLine {
			out[i].FileEndLine = n
		}
	}
	return out
}

// writeJSONLines writes one JSON object per finding per line.
func writeJSONLines(w io.Writer, findings []located) error {
	enc := json.NewEncoder(w)
	for _, f := range findings {
		if err := enc.Encode(f.Finding); err != nil {
			return fmt.Errorf("encode finding: %w", err)
		}
	}
	return nil
}

// githubEscaper and githubPropertyEscaper apply the escaping GitHub's
// workflow commands document for a message and for a property value.
var (
	githubEscaper         = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// writeGitHub writes one GitHub Actions "::error" workflow command per
// finding, as Ruff's github format does. A notebook's annotation goes on
// the line of the .ipynb holding the flagged source line, without columns:
// those count within the cell's line, not within the JSON line.
func writeGitHub(w io.Writer, findings []located) error {
	for _, f := range findings {
		props := []string{
			"title=" + githubPropertyEscaper.Replace(fmt.Sprintf("%s (%s)", toolName, f.Code)),
			"file=" + githubPropertyEscaper.Replace(f.Path),
			fmt.Sprintf("line=%d", f.FileLine),
		}
		if f.Cell == nil {
			props = append(props, fmt.Sprintf("col=%d", f.Column))
		}
		props = append(props, fmt.Sprintf("endLine=%d", f.FileEndLine))
		if f.Cell == nil {
			props = append(props, fmt.Sprintf("endColumn=%d", f.EndColumn))
		}
		if _, err := fmt.Fprintf(w, "::error %s::%s\n", strings.Join(props, ","), githubEscaper.Replace(FormatFinding(f.Finding))); err != nil {
			return err
		}
	}
	return nil
}

// writeSARIF writes a SARIF 2.1.0 log with one run: the selected rules as
// the driver's rules (id the code, name the rule name, help its docs) and
// one result per finding. A result's region is in the file on disk: a
// script's lines and columns, or for a notebook the .ipynb lines holding
// the flagged source (columns left out, as for github), with the
// cell-relative position in the region's properties.
func writeSARIF(w io.Writer, findings []located, rules []*cellfix.Rule) error {
	report, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	driver := sarif.NewVersionedDriver(toolName, version.Version)
	driver.WithInformationURI("https://github.com/gokmig/gokmig")
	run := sarif.NewRun(*sarif.NewTool(driver))
	index := map[string]int{}
	for i, r := range rules {
		index[r.Code] = i
		run.AddRule(r.Code).
			WithName(r.Name).
			WithShortDescription(sarif.NewMultiformatMessageString(r.PlainTitle())).
			WithFullDescription(sarif.NewMultiformatMessageString(r.PlainTitle())).
			WithHelp(sarif.NewMultiformatMessageString(r.Doc).WithMarkdown(r.Doc))
	}
	for _, f := range findings {
		region := sarif.NewRegion().WithStartLine(f.FileLine).WithEndLine(f.FileEndLine)
		if f.Cell == nil {
			region.WithStartColumn(f.Column).WithEndColumn(f.EndColumn)
		} else {
			region.Properties = sarif.Properties{
				"cell": *f.Cell, "cellLine": f.Line, "cellColumn": f.Column,
				"cellEndLine": f.EndLine, "cellEndColumn": f.EndColumn,
			}
		}
		result := sarif.NewRuleResult(f.Code).
			WithLevel("error").
			WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s [%s] %s", f.Code, f.Rule, f.Message))).
			WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().
					WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(f.Path))).
					WithRegion(region))})
		if i, ok := index[f.Code]; ok {
			result.WithRuleIndex(i)
		}
		run.AddResult(result)
	}
	report.AddRun(run)
	return report.PrettyWrite(w)
}

// fileURI is path as a SARIF artifact URI: relative paths stay relative
// references, absolute ones become file: URIs.
func fileURI(path string) string {
	slash := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(slash, "/") {
			slash = "/" + slash // a Windows drive path
		}
		return (&url.URL{Scheme: "file", Path: slash}).String()
	}
	return (&url.URL{Path: slash}).String()
}

// JUnit XML, as Ruff writes it: one testsuite per file, one failing
// testcase per finding; a run without findings is one passing testcase.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Disabled int         `xml:"disabled,attr"`
	Errors   int         `xml:"errors,attr"`
	Failures int         `xml:"failures,attr"`
	Package  string      `xml:"package,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Line      int           `xml:"line,attr,omitempty"`
	Column    int           `xml:"column,attr,omitempty"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

const junitPackage = "org.gokmig"

func writeJUnit(w io.Writer, findings []located) error {
	doc := junitSuites{Name: toolName, Tests: len(findings), Failures: len(findings)}
	byPath := map[string]int{}
	for _, f := range findings {
		i, ok := byPath[f.Path]
		if !ok {
			i = len(doc.Suites)
			byPath[f.Path] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: f.Path, Package: junitPackage})
		}
		s := &doc.Suites[i]
		s.Tests++
		s.Failures++
		where := fmt.Sprintf("line %d, col %d", f.Line, f.Column)
		if f.Cell != nil {
			where = fmt.Sprintf("cell %d, %s", *f.Cell, where)
		}
		column := f.Column
		if f.Cell != nil {
			column = 0 // a cell's column means nothing on the file's line
		}
		s.Cases = append(s.Cases, junitCase{
			Name: junitPackage + "." + f.Code, ClassName: f.Path, Line: f.FileLine, Column: column,
			Failure: &junitFailure{Message: f.Message, Text: fmt.Sprintf("%s, %s [%s] %s", where, f.Code, f.Rule, f.Message)},
		})
	}
	if len(findings) == 0 {
		doc.Tests = 1
		doc.Suites = []junitSuite{{Name: toolName, Tests: 1, Package: junitPackage,
			Cases: []junitCase{{Name: "No findings", ClassName: toolName}}}}
	}
	data, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s%s\n", xml.Header, data)
	return err
}

// ruleCount is one row of --statistics.
type ruleCount struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Count   int    `json:"count"`
	Fixable bool   `json:"fixable"`
}

// statistics counts findings per rule, most frequent first, as Ruff's
// --statistics does; a rule is fixable when any of its findings has a fix
// the options allow.
func statistics(findings []located, unsafeFixes bool) []ruleCount {
	byCode := map[string]*ruleCount{}
	var rows []*ruleCount
	for _, f := range findings {
		c := byCode[f.Code]
		if c == nil {
			c = &ruleCount{Code: f.Code, Name: f.Rule}
			byCode[f.Code] = c
			rows = append(rows, c)
		}
		c.Count++
		if f.Fix != nil && (unsafeFixes || f.Fix.Safety != cellfix.Unsafe.String()) {
			c.Fixable = true
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Count != rows[j].Count {
			return rows[i].Count > rows[j].Count
		}
		return rows[i].Code < rows[j].Code
	})
	out := make([]ruleCount, len(rows))
	for i, r := range rows {
		out[i] = *r
	}
	return out
}

// writeStatistics prints the per-rule counts: a JSON array for the JSON
// formats, else an aligned table ("COUNT CODE NAME", "[*]" marking a
// fixable rule).
func writeStatistics(w io.Writer, format Format, rows []ruleCount) error {
	if format == JSON || format == JSONLines {
		if rows == nil {
			rows = []ruleCount{}
		}
		return writeIndented(w, rows, "statistics")
	}
	countWidth, codeWidth := 0, 0
	for _, r := range rows {
		countWidth = max(countWidth, len(strconv.Itoa(r.Count)))
		codeWidth = max(codeWidth, len(r.Code))
	}
	for _, r := range rows {
		mark := "   "
		if r.Fixable {
			mark = "[*]"
		}
		if _, err := fmt.Fprintf(w, "%*d  %-*s  %s %s\n", countWidth, r.Count, codeWidth, r.Code, mark, r.Name); err != nil {
			return err
		}
	}
	return nil
}
