package rules

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestRulesAreWellFormed(t *testing.T) {
	seenName, seenCode := map[string]bool{}, map[string]bool{}
	for _, r := range All {
		if !kebab.MatchString(r.Name) || seenName[r.Name] || seenCode[r.Code] || r.Code == "" || r.Title == "" || r.Run == nil {
			t.Errorf("rule %q (%s): bad or duplicate name, code, title or run", r.Name, r.Code)
		}
		seenName[r.Name], seenCode[r.Code] = true, true
	}
}

// Every rule has docs/NAME.md in the same shape, its sections in Ruff's
// order, since `gokmig-kernel rules NAME` and docs/rules.md print it as
// is; and every doc file belongs to a rule.
func TestRuleDocs(t *testing.T) {
	sections := []string{"## What it does\n", "## Why is this bad\n", "## Example\n", "## Use instead\n", "## Fix safety\n"}
	documented := map[string]bool{}
	for _, r := range All {
		documented[r.Name+".md"] = true
		if r.Doc == "" {
			t.Errorf("rule %s has no docs/%s.md", r.Name, r.Name)
			continue
		}
		if !strings.HasPrefix(r.Doc, sections[0]) {
			t.Errorf("docs/%s.md does not start with %q", r.Name, sections[0])
		}
		at := 0
		for _, section := range sections {
			i := strings.Index(r.Doc[at:], section)
			if i < 0 {
				t.Errorf("docs/%s.md lacks %q, or has it out of order", r.Name, strings.TrimSpace(section))
				break
			}
			at += i + len(section)
		}
	}
	files, err := fs.ReadDir(docFiles, "docs")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !documented[f.Name()] && f.Name() != "README.md" {
			t.Errorf("docs/%s belongs to no rule", f.Name())
		}
	}
}

var fixedInClaim = regexp.MustCompile(`<!--\s*keras3:\s*fixed-in\s+(\S+)\s*-->`)

// The Keras release a doc says fixed the problem (which
// tests/docs/test_rule_docs.py checks on real Keras) is the one the rule
// declares, so that --keras-version hides exactly what the doc says.
func TestRuleDocFixedInMatchesRule(t *testing.T) {
	for _, r := range All {
		m := fixedInClaim.FindStringSubmatch(r.Doc)
		switch {
		case m == nil && !r.FixedIn.IsZero():
			t.Errorf("rule %s is fixed in Keras %s, but docs/%s.md has no <!-- keras3: fixed-in %s -->", r.Name, r.FixedIn, r.Name, r.FixedIn)
		case m != nil && m[1] != r.FixedIn.String():
			t.Errorf("docs/%s.md says fixed in Keras %s, the rule says %q", r.Name, m[1], r.FixedIn)
		}
	}
}

// Rule docs nest under the rule's heading in docs/rules.md; comments in
// their Python examples must not turn into headings.
func TestDemoteHeadings(t *testing.T) {
	doc := "## What it does\nText.\n```python\n# a comment\nx = 1\n```\n## Fix safety\nSafe.\n"
	want := "### What it does\nText.\n```python\n# a comment\nx = 1\n```\n### Fix safety\nSafe.\n"
	if got := demoteHeadings(doc); got != want {
		t.Errorf("demoteHeadings:\n%s\nwant:\n%s", got, want)
	}
}
