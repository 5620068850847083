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
	names := func(rs []*cellfix.Rule) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Name)
		}
		return strings.Join(out, " ")
	}
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
