package cellfix

// stringSet keeps one copy of each distinct string: a rule that flags
// every line of a huge script builds the same message for each finding,
// and keeping every copy for as long as the findings live cost some 180
// bytes a finding (45 MB of a script of 250,000 such lines).
type stringSet map[string]string

// intern returns the copy of s kept in set, keeping s if it is new; a nil
// set keeps nothing.
func (set stringSet) intern(s string) string {
	if set == nil {
		return s
	}
	if kept, ok := set[s]; ok {
		return kept
	}
	set[s] = s
	return s
}
