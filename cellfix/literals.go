package cellfix

import (
	"slices"
	"strings"
	"sync/atomic"
)

// The path rules ask, per save or load of a cell, which string literals of
// the document name the same file (RenamePathEnd, PathNamedElsewhere).
// Walking every cell for its literals on each question cost the square of
// the document per check, and a large script is checked once per
// statement the engine plans. literalIndex lists the literals once per
// document and finds them by value.

// literalIndex is the plain string literals of a document, in the order
// StringLiterals gives them, found by value.
type literalIndex struct {
	all []StringLiteral
	// byValue maps a value to its literals; byTail maps the text after
	// each "/" of a value to its literals ("m.h5" → "out/m.h5"). Both
	// hold positions in all, ascending.
	byValue, byTail map[string][]int
}

// stringLiterals is the document's literalIndex.
var stringLiterals = NewFact("string-literals", func(d *Document) *literalIndex {
	x := &literalIndex{byValue: map[string][]int{}, byTail: map[string][]int{}}
	x.all = d.Model().scanStringLiterals(func(string) bool { return true })
	for i, lit := range x.all {
		x.byValue[lit.Value] = append(x.byValue[lit.Value], i)
		for j := range len(lit.Value) {
			if lit.Value[j] == '/' {
				tail := lit.Value[j+1:]
				x.byTail[tail] = append(x.byTail[tail], i)
			}
		}
	}
	return x
})

// indexLiterals says whether the path rules find literals through
// stringLiterals rather than by walking the document (a variable for
// tests, which compare both ways); literalsIndexed counts the lookups.
var (
	indexLiterals   = true
	literalsIndexed atomic.Int64
)

// literalsValued returns the plain string literals whose value is value,
// in order: StringLiterals(func(s string) bool { return s == value }).
func (m *Model) literalsValued(value string) []StringLiteral {
	if !indexLiterals {
		return m.StringLiterals(func(s string) bool { return s == value })
	}
	literalsIndexed.Add(1)
	x := stringLiterals.Of(m.doc)
	return x.pick(x.byValue[value])
}

// literalsEndingLike returns the plain string literals s, in order, for
// which s is value, s ends with "/"+value, or value ends with "/"+s:
// other spellings of the file value names.
func (m *Model) literalsEndingLike(value string) []StringLiteral {
	if !indexLiterals {
		return m.StringLiterals(func(s string) bool {
			return s == value || strings.HasSuffix(s, "/"+value) || strings.HasSuffix(value, "/"+s)
		})
	}
	literalsIndexed.Add(1)
	x := stringLiterals.Of(m.doc)
	at := slices.Concat(x.byValue[value], x.byTail[value])
	for j := range len(value) {
		if value[j] == '/' {
			at = append(at, x.byValue[value[j+1:]]...)
		}
	}
	slices.Sort(at)
	return x.pick(slices.Compact(at))
}

// pick returns the literals at the positions at.
func (x *literalIndex) pick(at []int) []StringLiteral {
	if len(at) == 0 {
		return nil
	}
	out := make([]StringLiteral, len(at))
	for i, j := range at {
		out[i] = x.all[j]
	}
	return out
}
