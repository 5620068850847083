// Package rules holds gokmig's migration rules, one per file. Each file
// defines one *cellfix.Rule and registers it; its documentation (what it
// detects, why Keras 3 breaks it, an example and the fix) is docs/NAME.md,
// and its fixtures live in testdata/NAME/.
package rules

import (
	"sort"

	"github.com/gokmig/gokmig/cellfix"
)

// All lists every rule, ordered by code. It is filled by the rule files'
// init functions, so adding a rule touches only its own file.
var All []*cellfix.Rule

func register(r *cellfix.Rule) {
	r.Doc = docOf(r.Name)
	All = append(All, r)
	sort.Slice(All, func(i, j int) bool { return All[i].Code < All[j].Code })
}

// ruleNamed returns the registered rule called name, or nil: for a rule
// that asks what another rule reports on another cell, without depending
// on that rule's code.
func ruleNamed(name string) *cellfix.Rule {
	for _, r := range All {
		if r.Name == name {
			return r
		}
	}
	return nil
}
