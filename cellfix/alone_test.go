package cellfix_test

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// fixedByLoop is what the fix loop makes of doc when d's fix is the only
// one offered: the cells' texts, or nil when it applies nothing. This is
// how the JSON report worked the edits out before FixAlone, and what
// convert does with one fix.
func fixedByLoop(t *testing.T, doc *cellfix.Document, d cellfix.Diagnostic, target cellfix.Target) []string {
	t.Helper()
	reported := false
	alone := &cellfix.Rule{Name: d.Rule.Name, Code: d.Rule.Code, Fixable: true, Run: func(p *cellfix.Pass) {
		if !reported {
			reported = true
			p.Report(d)
		}
	}}
	res, err := cellfix.FixDocument(doc, cellfix.Options{Target: target, Rules: []*cellfix.Rule{alone}, UnsafeFixes: true})
	if err != nil || len(res.Applied) == 0 {
		return nil
	}
	var out []string
	for _, s := range res.Doc.Sources() {
		out = append(out, s.Text)
	}
	return out
}

// fixedAlone applies FixAlone's edits to doc's cells, from the last edit of
// each cell back; nil when FixAlone declines the fix.
func fixedAlone(t *testing.T, doc *cellfix.Document, d cellfix.Diagnostic) []string {
	t.Helper()
	cells, ok := doc.FixAlone(d)
	if !ok {
		return nil
	}
	var out []string
	for _, s := range doc.Sources() {
		out = append(out, s.Text)
	}
	for _, ce := range cells {
		text := ce.Cell.Text
		for i := len(ce.Edits) - 1; i >= 0; i-- {
			e := ce.Edits[i]
			text = text[:e.Start] + e.NewText + text[e.End:]
		}
		out[ce.Cell.Index] = text
	}
	return out
}

// asCells cuts src into cells at its blank lines, so that the imports a
// fix needs fall in another cell than the fix.
func asCells(src string) []cellfix.Source {
	var cells []cellfix.Source
	for part := range strings.SplitSeq(src, "\n\n") {
		if strings.TrimSpace(part) != "" {
			cells = append(cells, cellfix.Source{Index: len(cells), Text: part + "\n"})
		}
	}
	return cells
}

// syntaxWays are the two ways FixAlone judges whether a fix keeps its
// cell's syntax: on the whole fixed cell, and on windows of it.
var syntaxWays = []struct {
	name     string
	switchTo func() (restore func())
}{{"whole", cellfix.JudgeSyntaxOnWholeCells}, {"windows", func() func() { return func() {} }}}

// compareWithLoop checks that FixAlone changes the document exactly as the
// fix loop does when offered one fix, for every fixable finding of the
// rules in opts on each source, as a script and cut into cells. It tells
// seen each finding compared and whether the loop declined its fix.
func compareWithLoop(t *testing.T, sources map[string]string, opts []cellfix.Options, way string, seen func(d cellfix.Diagnostic, declined bool)) {
	t.Helper()
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, script := range []bool{true, false} {
			cells := []cellfix.Source{{Text: sources[name]}}
			if !script {
				cells = asCells(sources[name])
			}
			for _, o := range opts {
				doc, err := cellfix.NewDocument(cells, script)
				if err != nil {
					t.Fatal(err)
				}
				diags, err := cellfix.Check(doc, o)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range diags {
					if d.Fix == nil {
						continue
					}
					got, want := fixedAlone(t, doc, d), fixedByLoop(t, doc, d, o.Target)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s (script %v, %s, unsafe %v, syntax on %s): fix of %s (%s) at %d:\nFixAlone: %q\nfix loop: %q",
							name, script, o.Target, o.UnsafeFixes, way, d.Rule.Name, d.Fix.Title, d.Start, got, want)
					}
					seen(d, want == nil)
				}
			}
		}
	}
}

// Every finding's fix, applied by FixAlone, changes the document exactly
// as the fix loop changes it when offered that fix alone, and FixAlone
// declines exactly the fixes the loop does not apply: on the rule
// fixtures and the runtime programs, with the syntax judged both ways.
func TestFixAloneIsWhatTheFixLoopDoes(t *testing.T) {
	sources := map[string]string{}
	sourcesMatching(t, sources, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	for _, way := range syntaxWays {
		restore := way.switchTo()
		whole0, local0 := cellfix.SyntaxVerdicts()
		respelled0 := cellfix.NamesRespelled()
		fixes, declined := 0, 0
		compareWithLoop(t, sources, equivalenceOptions, way.name, func(_ cellfix.Diagnostic, no bool) {
			fixes++
			if no {
				declined++
			}
		})
		restore()
		whole, local := cellfix.SyntaxVerdicts()
		respelled := cellfix.NamesRespelled() - respelled0
		t.Logf("syntax on %s: %d fixes compared, %d declined; %d whole and %d local verdicts, %d names respelled", way.name, fixes, declined, whole-whole0, local-local0, respelled)
		if way.name == "windows" && respelled < 1000 {
			t.Errorf("only %d edits found to respell a name: that way was hardly compared", respelled)
		}
		if fixes < 500 {
			t.Errorf("only %d fixes compared", fixes)
		}
		if n := map[string]int64{"whole": whole - whole0, "windows": local - local0}[way.name]; n < 500 {
			t.Errorf("syntax on %s: only %d verdicts made that way: the comparison hardly ran it", way.name, n)
		}
	}
}

// statementEdits are edits around a top-level statement [start, end) of
// text, each of which the fix loop may or may not accept: some keep the
// syntax, others open a bracket or a string, join two lines, indent a
// statement or continue its line into the next.
var statementEdits = []struct {
	name    string
	imports []cellfix.Import
	edit    func(text string, stmt *cellfix.Node) (cellfix.TextEdit, bool)
}{
	{"respell a chain", nil, respell("attribute", "keras.layers.Dense")},
	{"respell a chain as a name", []cellfix.Import{{Module: "keras"}}, respell("attribute", "Dense")},
	{"respell a name", nil, respell("identifier", "renamed")},
	{"respell a name as a chain", nil, respell("identifier", "keras.ops")},
	{"respell a name as a keyword", nil, respell("identifier", "lambda")},
	{"append a name", nil, insertAfter("keras")},
	{"insert a statement", []cellfix.Import{{Module: "keras"}}, insertBefore("pass\n")},
	{"open a bracket", nil, insertBefore("(")},
	{"join the next line", nil, func(text string, stmt *cellfix.Node) (cellfix.TextEdit, bool) {
		end := stmt.End()
		return cellfix.TextEdit{Start: end, End: end + 1}, end < len(text) && text[end] == '\n'
	}},
	{"indent", []cellfix.Import{{Module: "keras"}}, insertBefore("  ")},
	{"continue the line", nil, insertAfter(" \\")},
	{"open a string", nil, insertBefore(`x = """`)},
	{"replace the statement", nil, func(_ string, stmt *cellfix.Node) (cellfix.TextEdit, bool) {
		return cellfix.TextEdit{Start: stmt.Start(), End: stmt.End(), NewText: "if True:\n    y = 1"}, true
	}},
	{"start an else", nil, insertBefore("else:\n    pass\n")},
}

// insertBefore and insertAfter return an edit that inserts text at the
// start or the end of a statement.
func insertBefore(text string) func(string, *cellfix.Node) (cellfix.TextEdit, bool) {
	return func(_ string, stmt *cellfix.Node) (cellfix.TextEdit, bool) {
		return cellfix.TextEdit{Start: stmt.Start(), End: stmt.Start(), NewText: text}, true
	}
}

func insertAfter(text string) func(string, *cellfix.Node) (cellfix.TextEdit, bool) {
	return func(_ string, stmt *cellfix.Node) (cellfix.TextEdit, bool) {
		return cellfix.TextEdit{Start: stmt.End(), End: stmt.End(), NewText: text}, true
	}
}

// respell returns an edit that replaces the first node of type typ in a
// statement (in preorder) by text.
func respell(typ, text string) func(string, *cellfix.Node) (cellfix.TextEdit, bool) {
	return func(_ string, stmt *cellfix.Node) (cellfix.TextEdit, bool) {
		var found *cellfix.Node
		stmt.Walk(func(n *cellfix.Node) bool {
			if found == nil && n.Type() == typ {
				found = n
			}
			return found == nil
		})
		if found == nil {
			return cellfix.TextEdit{}, false
		}
		return cellfix.TextEdit{Start: found.Start(), End: found.End(), NewText: text}, true
	}
}

// FixAlone declines exactly the fixes the fix loop rejects for breaking
// their cell, judging the syntax on windows of the cell as on the whole:
// on the runtime programs, each as a script and cut into cells, with fixes
// that edit each top-level statement in ways that keep or break the
// syntax, some of them needing an import.
func TestFixAloneDeclinesWhatBreaksTheCell(t *testing.T) {
	sources := map[string]string{}
	sourcesMatching(t, sources, "../tests/runtime/programs/*.py")
	var rules []*cellfix.Rule
	for k, kind := range statementEdits {
		rules = append(rules, &cellfix.Rule{Name: fmt.Sprintf("edit-%d", k), Fixable: true, Run: func(p *cellfix.Pass) {
			for i, stmt := range p.Cell.Root.Children() {
				if i%len(statementEdits) != k || stmt.Type() == "comment" {
					continue
				}
				e, ok := kind.edit(p.Cell.Text, stmt)
				if !ok {
					continue
				}
				e.Start, e.End = p.Offset(e.Start), p.Offset(e.End)
				p.Report(cellfix.Diagnostic{Message: kind.name, Start: p.Offset(stmt.Start()), End: p.Offset(stmt.End()),
					Fix: &cellfix.Fix{Title: kind.name, Edits: []cellfix.TextEdit{e}, Imports: kind.imports}})
			}
		}})
	}
	opts := []cellfix.Options{{Target: cellfix.TargetTF, Rules: rules, UnsafeFixes: true}}
	for _, way := range syntaxWays {
		restore := way.switchTo()
		whole0, local0 := cellfix.SyntaxVerdicts()
		applied, declined := map[string]int{}, map[string]int{}
		compareWithLoop(t, sources, opts, way.name, func(d cellfix.Diagnostic, no bool) {
			if no {
				declined[d.Message]++
			} else {
				applied[d.Message]++
			}
		})
		restore()
		whole, local := cellfix.SyntaxVerdicts()
		t.Logf("syntax on %s: applied %v, declined %v; %d whole and %d local verdicts", way.name, applied, declined, whole-whole0, local-local0)
		if n := map[string]int64{"whole": whole - whole0, "windows": local - local0}[way.name]; n < 500 {
			t.Errorf("syntax on %s: only %d verdicts made that way", way.name, n)
		}
		for _, kind := range statementEdits {
			if applied[kind.name]+declined[kind.name] < 20 {
				t.Errorf("syntax on %s: %q made only %d fixes", way.name, kind.name, applied[kind.name]+declined[kind.name])
			}
		}
		if len(declined) < 4 || len(applied) < 2 {
			t.Errorf("syntax on %s: too few kinds applied (%v) or declined (%v) to compare both verdicts", way.name, applied, declined)
		}
	}
}
