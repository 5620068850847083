package cellfix_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// manyComposed is a script whose statements each need a composed fix, with
// statements that share a path, a name or a Lambda in between, so that
// some cells are planned together and some are not.
func manyComposed(n int, mixed bool) string {
	var b strings.Builder
	b.WriteString("import tensorflow as tf\nx = tf.zeros((1, 4))\n")
	for i := range n {
		fmt.Fprintf(&b, "m%d = tf.keras.models.load_model(\"saved_%d\")\n", i, i)
		if mixed && i%7 == 3 {
			fmt.Fprintf(&b, "m%d.fit(x)\nlay%d = tf.keras.layers.Lambda(lambda t: t + %d)\n", i, i, i)
			fmt.Fprintf(&b, "tf.keras.models.save_model(m%d, \"saved_%d\")\n", i, i+1)
		}
	}
	return b.String()
}

// Planning the composed statements of a cell together, in waves of
// independent statements, gives exactly the fixes that planning each
// statement alone gives: on every rule fixture and runtime program, on all
// the programs joined into one script (whose statements fall into several
// waves, beside imports that are planned alone), and on scripts with many
// composed statements.
func TestPlanningTogetherMatchesPlanningAlone(t *testing.T) {
	sources := map[string]string{
		"generated":       manyComposed(40, false),
		"generated mixed": manyComposed(40, true),
	}
	sourcesMatching(t, sources, "rules/testdata/*/*.py", "../tests/runtime/programs/*.py")
	programs := map[string]string{}
	sourcesMatching(t, programs, "../tests/runtime/programs/*.py")
	sources["programs joined"] = joinSources(programs)

	before, splitBefore := cellfix.WavesPlannedTogether(), cellfix.WavesSplit()
	sameEitherWay(t, sources, "planned together", "planned alone", cellfix.PlanStatementsAlone, checkSource)
	if n := cellfix.WavesPlannedTogether() - before; n < 3 {
		t.Errorf("only %d waves planned together: the comparison compared nothing", n)
	}
	if n := cellfix.WavesSplit() - splitBefore; n < 1 {
		t.Errorf("no wave was split by the imports its plans came to need: that way was not compared")
	}

	// The joined programs are one cell whose composed statements are not
	// all independent, and which has imports to compose: the waves, not
	// one plan of the whole cell, carry it.
	before = cellfix.WavesPlannedTogether()
	checkSource(t, sources["programs joined"], equivalenceOptions[0])
	if n := cellfix.WavesPlannedTogether() - before; n < 2 {
		t.Errorf("the joined programs were planned in %d waves, want several", n)
	}
}

// joinSources joins sources into one script, in the order of their names.
func joinSources(sources map[string]string) string {
	names := slices.Sorted(maps.Keys(sources))
	var b strings.Builder
	for _, name := range names {
		b.WriteString(sources[name])
		b.WriteString("\n")
	}
	return b.String()
}

// checkSource returns the findings of src with their fixes, as text.
func checkSource(t *testing.T, src string, opts cellfix.Options) []string {
	t.Helper()
	return checkDocument(t, []cellfix.Source{{Text: src}}, opts)
}

// checkDocument is checkSource for a document of several cells.
func checkDocument(t *testing.T, cells []cellfix.Source, opts cellfix.Options) []string {
	t.Helper()
	doc, err := cellfix.NewDocument(cells, true)
	if err != nil {
		t.Fatal(err)
	}
	diags, err := cellfix.Check(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range diags {
		s := fmt.Sprintf("%d-%d %s %s", d.Start, d.End, d.Rule.Name, d.Message)
		if d.Fix != nil {
			s += fmt.Sprintf(" fix %q %s %v %v", d.Fix.Title, d.Fix.Safety, d.Fix.Edits, d.Fix.Imports)
		}
		out = append(out, s)
	}
	return out
}

// dependentRules are two made-up rules whose fixes depend on other
// statements: rename respells save, load and use calls, and after it, mark
// fixes a fetch of a path that a statement saves as written, or an employ
// of a name that a statement binds to a load call as written.
func dependentRules() []*cellfix.Rule {
	respell := map[string]string{"save": "store", "load": "fetch", "use": "employ"}
	marked := []string{"save", "load", "use", "store", "fetch", "employ"}
	calls := func(p *cellfix.Pass, fn func(call, name *cellfix.Node, callee string)) {
		p.Each(func(call *cellfix.Node) bool {
			if name := call.Child("function"); name != nil && name.Type() == "identifier" {
				fn(call, name, p.Text(name))
			}
			return true
		}, "call")
	}
	edit := func(p *cellfix.Pass, n *cellfix.Node, text string) *cellfix.Fix {
		return &cellfix.Fix{Title: text, Edits: []cellfix.TextEdit{{Start: p.Offset(n.Start()), End: p.Offset(n.End()), NewText: text}}}
	}
	rename := &cellfix.Rule{Name: "rename", Fixable: true, Run: func(p *cellfix.Pass) {
		calls(p, func(call, name *cellfix.Node, callee string) {
			if to, ok := respell[callee]; ok {
				p.Report(cellfix.Diagnostic{Message: "respell", Start: p.Offset(call.Start()), End: p.Offset(call.End()), Fix: edit(p, name, to)})
			}
		})
	}}
	mark := &cellfix.Rule{Name: "mark", Fixable: true, Run: func(p *cellfix.Pass) {
		calls(p, func(call, name *cellfix.Node, callee string) {
			args := call.Child("arguments").NamedChildren()
			if !slices.Contains(marked, callee) || len(args) == 0 {
				return
			}
			d := cellfix.Diagnostic{Message: "mark", Start: p.Offset(call.Start()), End: p.Offset(call.End())}
			first := p.Text(args[0])
			switch {
			case callee == "fetch" && strings.Contains(p.Cell.Text, "save("+first+")"):
				d.Fix = edit(p, name, "fetch_saved")
			case callee == "employ" && strings.Contains(p.Cell.Text, first+" = load("):
				d.Fix = edit(p, name, "employ_loaded")
			}
			p.Report(d)
		})
	}}
	return []*cellfix.Rule{rename, mark}
}

// Statements are planned together only when none can change what the
// rules find on another. Planned alone, each load and use statement sees
// the others as written, and mark fixes it; planned in one wave with the
// statement it depends on, it would see that statement respelled, and mark
// would not.
func TestWavesKeepDependentStatementsApart(t *testing.T) {
	// Each statement joins the first wave it can: use(m, "x") cannot join
	// the saves' (which hold "x") nor the loads' (one binds m); use(k)
	// comes before the load that binds k, which therefore cannot join it.
	src := strings.Join([]string{`save("x")`, `save("a")`, `m = load("a")`, `save("b")`, `n = load("b")`,
		`use(m, "x")`, `use(n)`, `use(k)`, `k = load("c")`}, "\n") + "\n"
	opts := cellfix.Options{Target: cellfix.TargetTF, Rules: dependentRules()}

	before := cellfix.WavesPlannedTogether()
	together := checkSource(t, src, opts)
	waves := cellfix.WavesPlannedTogether() - before
	restore := cellfix.PlanStatementsAlone()
	alone := checkSource(t, src, opts)
	restore()
	if !reflect.DeepEqual(together, alone) {
		t.Errorf("planned together:\n%s\nplanned alone:\n%s", strings.Join(together, "\n"), strings.Join(alone, "\n"))
	}
	for _, want := range []string{`fetch_saved("a")`, `fetch_saved("b")`, `employ_loaded(m, "x")`, `employ_loaded(n)`, `employ_loaded(k)`} {
		if !strings.Contains(strings.Join(alone, "\n"), want) {
			t.Errorf("planned alone, no fix gives %s: the rules do not depend on other statements as meant", want)
		}
	}
	// The saves with use(n) and use(k) make one wave, the loads another;
	// use(m, "x") is planned alone.
	if waves != 2 {
		t.Errorf("%d waves planned together, want 2", waves)
	}
}

// A statement with findings overlapping in two places holds two groups,
// each planned alone: in one round their plans would edit each other's
// text (the second plan's range would move by the first one's growth).
func TestTwoGroupsOfOneStatementArePlannedAlone(t *testing.T) {
	src := "h(save(1), load(2))\nh(save(3), load(4))\n"
	opts := cellfix.Options{Target: cellfix.TargetTF, Rules: dependentRules()}
	together := checkSource(t, src, opts)
	restore := cellfix.PlanStatementsAlone()
	alone := checkSource(t, src, opts)
	restore()
	if !reflect.DeepEqual(together, alone) {
		t.Errorf("planned together:\n%s\nplanned alone:\n%s", strings.Join(together, "\n"), strings.Join(alone, "\n"))
	}
	if want := "h(store(1), fetch(2))"; !strings.Contains(strings.Join(alone, "\n"), want) {
		t.Errorf("no fix gives %s:\n%s", want, strings.Join(alone, "\n"))
	}
}
