package rules

import (
	"regexp"
	"strings"
	"testing"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Every rule must be documented in the same shape, since `gokmig-kernel
// rules NAME` and docs/rules.md print Doc as is.
func TestRulesAreWellFormed(t *testing.T) {
	seenName, seenCode := map[string]bool{}, map[string]bool{}
	for _, r := range All {
		if !kebab.MatchString(r.Name) || seenName[r.Name] || seenCode[r.Code] || r.Code == "" || r.Title == "" || r.Run == nil {
			t.Errorf("rule %q (%s): bad or duplicate name, code, title or run", r.Name, r.Code)
		}
		seenName[r.Name], seenCode[r.Code] = true, true
		for _, section := range []string{"## What it does", "## Why is this bad", "## Example", "## Use instead", "## Fix safety"} {
			if !strings.Contains(r.Doc, section) {
				t.Errorf("rule %s: Doc lacks %q", r.Name, section)
			}
		}
		if ByName(r.Name) != r {
			t.Errorf("ByName(%q) does not find the rule", r.Name)
		}
	}
}
