package cellfix

import (
	"slices"
	"testing"
)

// The calls on each side of a call, across cells, in document order; a
// visit that returns false ends the walk.
func TestCallsBeforeAndAfter(t *testing.T) {
	doc, err := NewDocument([]Source{
		{Index: 0, Text: "a.first()\nb.second(c.inner())\n"},
		{Index: 1, Text: "d.third()\nmodel.save_weights(p)\ne.fourth()\n"},
		{Index: 2, Text: "f.fifth()\ng.sixth()\n"},
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	var pivot *Node
	doc.Cells[1].Root.Walk(func(n *Node) bool {
		if n.Type() == "call" && CalledMethod(doc.Cells[1], n) == "save_weights" {
			pivot = n
		}
		return pivot == nil
	})
	if pivot == nil {
		t.Fatal("no save_weights call in cell 1")
	}
	p := &Pass{Doc: doc, Cell: doc.Cells[1], CellPos: 1}
	collect := func(walk func(*Node, func(int, *Cell, *Node) bool), stopAt string) []string {
		var got []string
		walk(pivot, func(_ int, c *Cell, call *Node) bool {
			got = append(got, CalledMethod(c, call))
			return got[len(got)-1] != stopAt
		})
		return got
	}
	if got, want := collect(p.CallsBefore, ""), []string{"first", "second", "inner", "third"}; !slices.Equal(got, want) {
		t.Errorf("CallsBefore: %v, want %v", got, want)
	}
	if got, want := collect(p.CallsAfter, ""), []string{"fourth", "fifth", "sixth"}; !slices.Equal(got, want) {
		t.Errorf("CallsAfter: %v, want %v", got, want)
	}
	if got, want := collect(p.CallsAfter, "fifth"), []string{"fourth", "fifth"}; !slices.Equal(got, want) {
		t.Errorf("CallsAfter stopped at fifth: %v, want %v", got, want)
	}
}
