package cellfix_test

import (
	"fmt"
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

// Planning the composed statements of a cell together gives exactly the
// fixes that planning each statement alone gives: on every rule fixture,
// and on scripts with many composed statements.
func TestPlanningTogetherMatchesPlanningAlone(t *testing.T) {
	sources := map[string]string{
		"generated":       manyComposed(40, false),
		"generated mixed": manyComposed(40, true),
	}
	sourcesMatching(t, sources, "rules/testdata/*/*.py")
	before := cellfix.CellsPlannedTogether()
	sameEitherWay(t, sources, "planned together", "planned alone", cellfix.PlanStatementsAlone, checkSource)
	if cellfix.CellsPlannedTogether()-before < 3 {
		t.Errorf("only %d cells planned together: the comparison compared nothing", cellfix.CellsPlannedTogether()-before)
	}
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
