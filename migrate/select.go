package migrate

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// SelectRules picks the rules to run from all: the selected ones (every
// rule when selected is empty) minus the ignored ones. Names may be rule
// names or codes. An unknown name is an error, and so is selecting a rule
// that does not run for target, since the user would silently get nothing.
func SelectRules(all []*cellfix.Rule, selected, ignored []string, target cellfix.Target) ([]*cellfix.Rule, error) {
	lookup := func(flag, name string) (*cellfix.Rule, error) {
		if r := FindRule(all, name); r != nil {
			return r, nil
		}
		return nil, fmt.Errorf("%s: unknown rule %q (run 'gokmig-kernel rules' for the list)", flag, name)
	}
	chosen := map[*cellfix.Rule]bool{}
	if len(selected) == 0 {
		for _, r := range all {
			chosen[r] = r.AppliesTo(target)
		}
	}
	for _, name := range splitNames(selected) {
		r, err := lookup("--select", name)
		if err != nil {
			return nil, err
		}
		if !r.AppliesTo(target) {
			return nil, fmt.Errorf("--select: rule %s runs only with --target multi", r.Name)
		}
		chosen[r] = true
	}
	for _, name := range splitNames(ignored) {
		r, err := lookup("--ignore", name)
		if err != nil {
			return nil, err
		}
		chosen[r] = false
	}
	var rules []*cellfix.Rule
	for _, r := range all {
		if chosen[r] {
			rules = append(rules, r)
		}
	}
	return rules, nil
}

// splitNames accepts both repeated flags and comma-separated lists.
func splitNames(values []string) []string {
	var out []string
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}

// FindRule returns the rule with the given name or code, or nil.
func FindRule(all []*cellfix.Rule, name string) *cellfix.Rule {
	for _, r := range all {
		if r.Name == name || strings.EqualFold(r.Code, name) {
			return r
		}
	}
	return nil
}
