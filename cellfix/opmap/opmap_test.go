package opmap

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/kerasapi"
	"github.com/gokmig/gokmig/internal/testenv"
)

// Every replacement must be a public Keras 3 name, and every argument a
// row maps to must be a parameter of it. scripts/verify-opmap.py checks the
// same against the live signatures; this part needs no Python.
func TestOpTableNamesExistInKeras(t *testing.T) {
	rows := All()
	if len(rows) < 200 {
		t.Fatalf("op table has %d rows; want the full table", len(rows))
	}
	for _, m := range rows {
		if m.Value || m.Keras == "" {
			continue
		}
		if known, ok := kerasapi.Check(m.Keras); !ok || known != m.Keras {
			t.Errorf("opmap.tsv:%d: %s maps to %s, which Keras %s does not export", m.Line, m.TF, m.Keras, kerasapi.Version())
		}
		for from, to := range m.Renames {
			if to != "" && !hasParam(m.KerasParams, to) {
				t.Errorf("opmap.tsv:%d: %s renames %s to %s, not a parameter of %s", m.Line, m.TF, from, to, m.Keras)
			}
			if !hasParam(m.TFParams, from) {
				t.Errorf("opmap.tsv:%d: %s renames %s, not a parameter of %s", m.Line, m.TF, from, m.TF)
			}
		}
		for _, f := range m.Fills {
			if !hasParam(m.KerasParams, f.Name) {
				t.Errorf("opmap.tsv:%d: %s fills %s, not a parameter of %s", m.Line, m.TF, f.Name, m.Keras)
			}
		}
		if m.ReportOnly && len(m.Renames)+len(m.Fills) > 0 {
			t.Errorf("opmap.tsv:%d: report-only %s has argument directives", m.Line, m.TF)
		}
		if (m.Safety == cellfix.Unsafe || m.ReportOnly) && m.Note == "" {
			t.Errorf("opmap.tsv:%d: %s is unsafe or report-only without a note", m.Line, m.TF)
		}
	}
}

func hasParam(params []Param, name string) bool {
	for _, p := range params {
		if p.Name == name {
			return true
		}
	}
	return false
}

// The guide's table is wrong in three places (migration-notes.md); the
// table must hold the corrected rows.
func TestOpTableFixesTheGuidesErrors(t *testing.T) {
	gatherND, _ := For("tensorflow.gather_nd")
	if !gatherND.ReportOnly || gatherND.Keras == "keras.ops.take_along_axis" {
		t.Errorf("tf.gather_nd = %+v; want report-only, not keras.ops.take_along_axis", gatherND)
	}
	for tf, want := range map[string]string{
		"tensorflow.tensor_scatter_nd_update":                    "keras.ops.scatter_update",
		"tensorflow.nn.softmax_cross_entropy_with_logits":        "keras.ops.categorical_crossentropy",
		"tensorflow.nn.sparse_softmax_cross_entropy_with_logits": "keras.ops.sparse_categorical_crossentropy",
		"tensorflow.gather":                                      "keras.ops.take",
		"tensorflow.identity":                                    "keras.ops.copy", // not keras.ops.identity (a matrix)
	} {
		if m, ok := For(tf); !ok || m.Keras != want {
			t.Errorf("For(%q).Keras = %q, %v; want %q", tf, m.Keras, ok, want)
		}
	}
	// tf.gather(params, indices) gathers along axis 0; keras.ops.take
	// flattens without an axis, so the row must write axis=0 out.
	gather, _ := For("tensorflow.gather")
	if to, _ := gather.Target("params"); to != "x" || len(gather.Fills) != 1 || gather.Fills[0] != (Fill{"axis", "0"}) {
		t.Errorf("tf.gather row = %+v; want params→x and +axis=0", gather)
	}
	if _, ok := gather.Target("batch_dims"); ok {
		t.Error("tf.gather's batch_dims must have no counterpart")
	}
	for _, tf := range []string{"tensorflow.nn.softmax_cross_entropy_with_logits", "tensorflow.nn.sigmoid_cross_entropy_with_logits"} {
		m, _ := For(tf)
		if len(m.Fills) != 1 || m.Fills[0] != (Fill{"from_logits", "True"}) {
			t.Errorf("%s must write out from_logits=True, fills = %v", tf, m.Fills)
		}
	}
}

func TestOpForFindsEveryAlias(t *testing.T) {
	sum, ok := For("tensorflow.reduce_sum")
	alias, aliasOK := For("tensorflow.math.reduce_sum")
	if !ok || !aliasOK || sum.Line != alias.Line || sum.Keras != "keras.ops.sum" || sum.Safety != cellfix.Safe {
		t.Errorf("reduce_sum rows: %+v / %+v", sum, alias)
	}
	if to, ok := sum.Target("input_tensor"); !ok || to != "x" {
		t.Errorf("reduce_sum input_tensor → %q, %v; want x", to, ok)
	}
	if to, ok := sum.Target("name"); !ok || to != "" {
		t.Errorf("reduce_sum name → %q, %v; want dropped", to, ok)
	}
	if to, ok := sum.Target("axis"); !ok || to != "axis" {
		t.Errorf("reduce_sum axis → %q, %v; want axis", to, ok)
	}
	if m, ok := For("tensorflow.float32"); !ok || !m.Value || m.Keras != `"float32"` {
		t.Errorf("tf.float32 = %+v, %v", m, ok)
	}
	for _, missing := range []string{"tensorflow.strings.split", "tensorflow", "keras.ops.sum", ""} {
		if _, ok := For(missing); ok {
			t.Errorf("For(%q) found a row", missing)
		}
	}
}

func TestParseOpTableRejectsBadRows(t *testing.T) {
	for _, c := range []struct{ row, want string }{
		{"tf.x\tx\tkeras.ops.x\tx\t-\tsafe", "7 tab-separated"},
		{"x\tx\tkeras.ops.x\tx\t-\tsafe\t", "does not start with tf."},
		{"tf.x\tx\tkeras.ops.x\tx\t-\tmaybe\t", "unknown safety"},
		{"tf.x\tx\tkeras.ops.x\tx\t+axis\tsafe\t", "want +NAME=VALUE"},
		{"tf.x\tx\tkeras.ops.x\tx\tfrobnicate\tsafe\t", "unknown directive"},
		{"tf.x\tx=(1, \tkeras.ops.x\tx\t-\tsafe\t", "unbalanced"},
		{"tf.x\tx, 2y\tkeras.ops.x\tx\t-\tsafe\t", "bad parameter"},
	} {
		if _, err := parseOpTable(c.row); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseOpTable(%q) error = %v, want one containing %q", c.row, err, c.want)
		}
	}
	rows, err := parseOpTable("# comment\ntf.a tf.b\tx, axis=(0, 1), *rest, k='a,b', **kw\tkeras.ops.a\tx, axis=None\tx>- k>?\tunsafe\tnote")
	if err != nil {
		t.Fatal(err)
	}
	p := rows[0].TFParams
	if len(p) != 5 || p[1].Default != "(0, 1)" || !p[2].VarPositional || !p[3].KeywordOnly || p[3].Default != "'a,b'" || !p[4].VarKeyword {
		t.Errorf("parameters = %+v", p)
	}
	if rows[0].Names[1] != "tensorflow.b" || !rows[0].Unmapped["k"] || rows[0].Renames["x"] != "" {
		t.Errorf("row = %+v", rows[0])
	}
}

// TestOpTableVerifiedAgainstKeras runs scripts/verify-opmap.py, which
// checks every row against the signatures of the installed Keras, so the
// table cannot drift from Keras unnoticed.
func TestOpTableVerifiedAgainstKeras(t *testing.T) {
	root, python := testenv.ModuleRoot(), testenv.Python(t, "keras")
	cmd := exec.Command(python, filepath.Join(root, "scripts", "verify-opmap.py"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/verify-opmap.py: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
