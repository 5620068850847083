package migrate

import (
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

func TestSelectRules(t *testing.T) {
	a := &cellfix.Rule{Name: "rule-a", Code: "K1"}
	b := &cellfix.Rule{Name: "rule-b", Code: "K2"}
	m := &cellfix.Rule{Name: "multi-only", Code: "K3", MultiOnly: true}
	all := []*cellfix.Rule{a, b, m}
	names := ruleNames
	tests := []struct {
		selected, ignored []string
		target            cellfix.Target
		want, err         string
	}{
		{nil, nil, cellfix.TargetTF, "rule-a rule-b", ""},
		{nil, nil, cellfix.TargetMulti, "rule-a rule-b multi-only", ""},
		{[]string{"rule-b"}, nil, cellfix.TargetTF, "rule-b", ""},
		{[]string{"k1,rule-b"}, nil, cellfix.TargetTF, "rule-a rule-b", ""},
		{nil, []string{"rule-a", "K3"}, cellfix.TargetMulti, "rule-b", ""},
		{[]string{"rule-a,rule-b"}, []string{"rule-b"}, cellfix.TargetTF, "rule-a", ""},
		{[]string{"nope"}, nil, cellfix.TargetTF, "", `--select: unknown rule "nope"`},
		{nil, []string{"rule-a, nope"}, cellfix.TargetTF, "", `--ignore: unknown rule "nope"`},
		{[]string{"multi-only"}, nil, cellfix.TargetTF, "", "--select: rule multi-only runs only with --target multi"},
	}
	for _, tt := range tests {
		got, err := SelectRules(all, tt.selected, tt.ignored, tt.target)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("SelectRules(%q, %q, %s) error = %v, want %q", tt.selected, tt.ignored, tt.target, err, tt.err)
			}
			continue
		}
		if err != nil || names(got) != tt.want {
			t.Errorf("SelectRules(%q, %q, %s) = %q, %v; want %q", tt.selected, tt.ignored, tt.target, names(got), err, tt.want)
		}
	}
}

// Selectors behave as Ruff's: a code prefix selects every code that starts
// with it, ALL selects everything, and the same holds for --ignore.
func TestSelectRulesByPrefix(t *testing.T) {
	r301 := &cellfix.Rule{Name: "tf-keras-import", Code: "K301"}
	r302 := &cellfix.Rule{Name: "removed-api", Code: "K302"}
	r401 := &cellfix.Rule{Name: "missing-build", Code: "K401"}
	r410 := &cellfix.Rule{Name: "other", Code: "K410"}
	m := &cellfix.Rule{Name: "multi-only", Code: "K501", MultiOnly: true}
	all := []*cellfix.Rule{r301, r302, r401, r410, m}
	tests := []struct {
		selected, ignored []string
		target            cellfix.Target
		want              string
	}{
		{[]string{"K3"}, nil, cellfix.TargetTF, "tf-keras-import removed-api"},
		{[]string{"K40"}, nil, cellfix.TargetTF, "missing-build"},
		{[]string{"k4"}, nil, cellfix.TargetTF, "missing-build other"},
		{[]string{"ALL"}, nil, cellfix.TargetTF, "tf-keras-import removed-api missing-build other"},
		{[]string{"ALL"}, nil, cellfix.TargetMulti, "tf-keras-import removed-api missing-build other multi-only"},
		{[]string{"K"}, []string{"K3"}, cellfix.TargetMulti, "missing-build other multi-only"},
		{[]string{"K5"}, nil, cellfix.TargetTF, ""}, // a prefix leaves out what does not run
		{nil, []string{"ALL"}, cellfix.TargetTF, ""},
		{[]string{"K3,missing-build"}, []string{"K302"}, cellfix.TargetTF, "tf-keras-import missing-build"},
	}
	for _, tt := range tests {
		got, err := SelectRules(all, tt.selected, tt.ignored, tt.target)
		if err != nil || ruleNames(got) != tt.want {
			t.Errorf("SelectRules(%q, %q, %s) = %q, %v; want %q", tt.selected, tt.ignored, tt.target, ruleNames(got), err, tt.want)
		}
	}
	if _, err := SelectRules(all, []string{"K9"}, nil, cellfix.TargetTF); err == nil || !strings.Contains(err.Error(), `unknown rule "K9"`) {
		t.Errorf("SelectRules(K9) error = %v, want unknown rule", err)
	}
}

// A later layer that selects replaces the earlier choice; one that only
// ignores subtracts from it (Ruff's configuration and command line).
func TestSelectLayers(t *testing.T) {
	a := &cellfix.Rule{Name: "a", Code: "K301"}
	b := &cellfix.Rule{Name: "b", Code: "K302"}
	c := &cellfix.Rule{Name: "c", Code: "K401"}
	all := []*cellfix.Rule{a, b, c}
	file := ruleLayer{"select", []string{"K3"}, "ignore", []string{"b"}}
	tests := []struct {
		cli  ruleLayer
		want string
	}{
		{ruleLayer{}, "a"},
		{ruleLayer{ignored: []string{"a"}}, ""},
		{ruleLayer{selected: []string{"b,K4"}}, "b c"},
	}
	for _, tt := range tests {
		got, err := selectLayers(all, cellfix.TargetTF, file, tt.cli)
		if err != nil || ruleNames(got) != tt.want {
			t.Errorf("selectLayers(file, %+v) = %q, %v; want %q", tt.cli, ruleNames(got), err, tt.want)
		}
	}
}

func ruleNames(rs []*cellfix.Rule) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return strings.Join(out, " ")
}
