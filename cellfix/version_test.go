package cellfix

import (
	"strings"
	"testing"
)

func TestParseKerasVersion(t *testing.T) {
	for in, want := range map[string]KerasVersion{"3.0": {3, 0}, "3.15": {3, 15}, "3.12.1": {3, 12}, " 3.4 ": {3, 4}} {
		if got, err := ParseKerasVersion(in); err != nil || got != want {
			t.Errorf("ParseKerasVersion(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "3", "2.15", "4.0", "3.x", "3.-1", "3.1.2.3"} {
		if _, err := ParseKerasVersion(in); err == nil {
			t.Errorf("ParseKerasVersion(%q) gave no error", in)
		}
	}
}

// TestKerasVersionDecidesFindings checks both ways a problem can be tied
// to the Keras release that fixed it: a whole rule (Rule.FixedIn) and one
// diagnostic (Diagnostic.FixedIn).
func TestKerasVersionDecidesFindings(t *testing.T) {
	whole := &Rule{Name: "whole", Code: "T1", FixedIn: KerasVersion{3, 4}}
	whole.Run = func(p *Pass) { p.Reportf(p.Cell.Root, nil, "whole rule") }
	part := &Rule{Name: "part", Code: "T2"}
	part.Run = func(p *Pass) {
		p.Reportf(p.Cell.Root, nil, "always")
		d := Diagnostic{Message: "until 3.13", Start: p.Offset(0), End: p.Offset(1), FixedIn: KerasVersion{3, 13}}
		p.Report(d)
	}
	run := func(v KerasVersion) string {
		diags, err := Check(doc(t, "x = 1\n"), Options{Target: TargetTF, KerasVersion: v, Rules: []*Rule{whole, part}})
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for _, d := range diags {
			msgs = append(msgs, d.Message)
		}
		return strings.Join(msgs, "|")
	}
	for v, want := range map[KerasVersion]string{
		{3, 0}:  "whole rule|always|until 3.13",
		{3, 4}:  "always|until 3.13",
		{3, 12}: "always|until 3.13",
		{3, 13}: "always",
		{}:      "always", // unset: the latest release
	} {
		if got := run(v); got != want {
			t.Errorf("Keras %v: findings %q; want %q", v, got, want)
		}
	}
}
