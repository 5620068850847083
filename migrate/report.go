package migrate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// Format is how findings are printed.
type Format string

const (
	// Text prints one line per finding and a summary line.
	Text Format = "text"
	// JSON prints one JSON array of findings.
	JSON Format = "json"
	// JSONLines prints one JSON object per finding per line.
	JSONLines Format = "json-lines"
	// GitHub prints GitHub Actions workflow commands that annotate the
	// flagged lines.
	GitHub Format = "github"
	// SARIF prints a SARIF 2.1.0 log, for code scanning services.
	SARIF Format = "sarif"
	// JUnit prints JUnit XML, for CI test reports.
	JUnit Format = "junit"
)

// Formats lists every format, in the order help shows them.
var Formats = []Format{Text, JSON, JSONLines, GitHub, SARIF, JUnit}

// ParseFormat validates a --format value.
func ParseFormat(s string) (Format, error) {
	var names []string
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// FormatFinding renders a finding as one line:
// "path:cell N:line:col: CODE [rule] message", without "cell N" for a script.
func FormatFinding(f Finding) string {
	loc := f.Path
	if f.Cell != nil {
		loc += fmt.Sprintf(":cell %d", *f.Cell)
	}
	// A message is one line by contract; a stray newline would break the
	// one-line-per-finding format that editors and grep rely on.
	msg := cellfix.OneLine(f.Message)
	return fmt.Sprintf("%s:%d:%d: %s [%s] %s", loc, f.Line, f.Column, f.Code, f.Rule, msg)
}

// WriteJSON writes findings as one JSON array (an empty one when there are
// none), indented for people and one object per finding for tools.
func WriteJSON(w io.Writer, findings []Finding) error {
	if findings == nil {
		findings = []Finding{}
	}
	return writeIndented(w, findings, "findings")
}

// writeIndented writes v as indented JSON and a newline; what names v in
// an error.
func writeIndented(w io.Writer, v any, what string) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", what, err)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// tally counts what a run did, for the summary line.
type tally struct {
	files      int // files analysed
	withIssues int // files with at least one finding
	changed    int // files changed (or that would change)
	findings   int
	fixable    int // findings whose fix the options allow
	unsafeOnly int // findings whose fix needs --unsafe-fixes
	fixed      int
	remaining  int
	errors     int
}

// add adds the counts of u to t.
func (t *tally) add(u tally) {
	t.files += u.files
	t.withIssues += u.withIssues
	t.changed += u.changed
	t.findings += u.findings
	t.fixable += u.fixable
	t.unsafeOnly += u.unsafeOnly
	t.fixed += u.fixed
	t.remaining += u.remaining
	t.errors += u.errors
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// checkSummary is the last line of `check`, e.g.
// "3 findings (2 fixable) in 2 files; 5 files checked".
func (t tally) checkSummary() string {
	var b strings.Builder
	if t.findings == 0 {
		b.WriteString("no findings")
	} else {
		fmt.Fprintf(&b, "%s (%d fixable", plural(t.findings, "finding"), t.fixable)
		if t.unsafeOnly > 0 {
			fmt.Fprintf(&b, ", %d more with --unsafe-fixes", t.unsafeOnly)
		}
		fmt.Fprintf(&b, ") in %s", plural(t.withIssues, "file"))
	}
	fmt.Fprintf(&b, "; %s checked", plural(t.files, "file"))
	t.writeErrors(&b)
	return b.String()
}

// convertSummary is the last line of `convert`, e.g.
// "fixed 5, 2 remaining; 3 files changed, 7 checked".
func (t tally) convertSummary(mode Mode) string {
	var b strings.Builder
	verb, changed := "fixed", "changed"
	if mode != Convert {
		verb, changed = "would fix", "would change"
	}
	fmt.Fprintf(&b, "%s %d, %d remaining", verb, t.fixed, t.remaining)
	if t.unsafeOnly > 0 {
		fmt.Fprintf(&b, " (%d fixable with --unsafe-fixes)", t.unsafeOnly)
	}
	fmt.Fprintf(&b, "; %s %s, %d checked", plural(t.changed, "file"), changed, t.files)
	t.writeErrors(&b)
	return b.String()
}

func (t tally) writeErrors(b *strings.Builder) {
	if t.errors > 0 {
		fmt.Fprintf(b, "; %s could not be processed", plural(t.errors, "file"))
	}
}
