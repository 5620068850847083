package cellfix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
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
	var sources []string
	files, err := filepath.Glob("rules/testdata/*/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, string(data))
	}
	sources = append(sources, manyComposed(40, false), manyComposed(40, true))
	before := cellfix.CellsPlannedTogether()
	for i, src := range sources {
		for _, opts := range []cellfix.Options{
			{Target: cellfix.TargetTF, Rules: rules.All},
			{Target: cellfix.TargetTF, Rules: rules.All, UnsafeFixes: true},
			{Target: cellfix.TargetMulti, Rules: rules.All, UnsafeFixes: true},
		} {
			together := checkSource(t, src, opts)
			restore := cellfix.PlanStatementsAlone()
			alone := checkSource(t, src, opts)
			restore()
			if !reflect.DeepEqual(together, alone) {
				name := "generated"
				if i < len(files) {
					name = files[i]
				}
				t.Errorf("%s (%s, unsafe %v): planned together\n%v\nplanned alone\n%v", name, opts.Target, opts.UnsafeFixes, together, alone)
			}
		}
	}
	if cellfix.CellsPlannedTogether()-before < 3 {
		t.Errorf("only %d cells planned together: the comparison compared nothing", cellfix.CellsPlannedTogether()-before)
	}
}

// checkSource returns the findings of src with their fixes, as text.
func checkSource(t *testing.T, src string, opts cellfix.Options) []string {
	t.Helper()
	doc, err := cellfix.NewDocument([]cellfix.Source{{Text: src}}, true)
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
