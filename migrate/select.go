package migrate

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// SelectAll is the selector that matches every rule, as Ruff's ALL.
const SelectAll = "ALL"

// SelectRules picks the rules to run from all: the selected ones (every
// rule when selected is empty) minus the ignored ones. A selector is a rule
// name, a code, a code prefix (K3 selects K301, K302, ...; as Ruff) or ALL.
// A selector that matches no rule is an error, and so is naming a rule
// that does not run for target, since the user would silently get nothing;
// a prefix or ALL just leaves such rules out.
func SelectRules(all []*cellfix.Rule, selected, ignored []string, target cellfix.Target) ([]*cellfix.Rule, error) {
	return selectLayers(all, target, ruleLayer{"--select", selected, "--ignore", ignored})
}

// ruleLayer is one source of select and ignore lists (the configuration
// file, then the command line). As in Ruff, a layer that selects replaces
// what the earlier layers chose; its ignores then subtract.
type ruleLayer struct {
	selectName string
	selected   []string
	ignoreName string
	ignored    []string
}

// selectLayers applies the layers in order, starting from every rule that
// runs for target.
func selectLayers(all []*cellfix.Rule, target cellfix.Target, layers ...ruleLayer) ([]*cellfix.Rule, error) {
	chosen := map[*cellfix.Rule]bool{}
	for _, r := range all {
		chosen[r] = r.AppliesTo(target)
	}
	for _, l := range layers {
		if names := splitNames(l.selected); len(names) > 0 {
			clear(chosen)
			for _, sel := range names {
				rules, err := matchSelector(all, l.selectName, sel)
				if err != nil {
					return nil, err
				}
				for _, r := range rules {
					if r.AppliesTo(target) {
						chosen[r] = true
					} else if isExact(r, sel) {
						return nil, fmt.Errorf("%s: rule %s runs only with --target multi", l.selectName, r.Name)
					}
				}
			}
		}
		for _, sel := range splitNames(l.ignored) {
			rules, err := matchSelector(all, l.ignoreName, sel)
			if err != nil {
				return nil, err
			}
			for _, r := range rules {
				chosen[r] = false
			}
		}
	}
	var rules []*cellfix.Rule
	for _, r := range all {
		if chosen[r] {
			rules = append(rules, r)
		}
	}
	return rules, nil
}

// matchSelector returns the rules sel stands for, or an error naming the
// setting (flag or configuration key) it came from.
func matchSelector(all []*cellfix.Rule, setting, sel string) ([]*cellfix.Rule, error) {
	var out []*cellfix.Rule
	for _, r := range all {
		if Matches(r, sel) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: unknown rule %q (run 'gokmig-kernel rules' for the list)", setting, sel)
	}
	return out, nil
}

// Matches reports whether selector sel stands for rule r: ALL, r's name,
// or a prefix of r's code (the whole code included), case-insensitively.
func Matches(r *cellfix.Rule, sel string) bool {
	if strings.EqualFold(sel, SelectAll) || r.Name == sel {
		return true
	}
	return sel != "" && len(sel) <= len(r.Code) && strings.EqualFold(r.Code[:len(sel)], sel)
}

// isExact reports whether sel names r itself rather than a group of rules.
func isExact(r *cellfix.Rule, sel string) bool {
	return r.Name == sel || strings.EqualFold(r.Code, sel)
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
		if isExact(r, name) {
			return r
		}
	}
	return nil
}
