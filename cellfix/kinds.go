package cellfix

import "sync"

// nodeKinds lists the nodes of a cell of the kinds many rules look for,
// in preorder, made by one walk on first use and shared by every rule's
// pass over the cell.
type nodeKinds struct {
	once              sync.Once
	calls, attributes []*Node
}

// kindsOf returns the cell's node lists, listing them on first use.
func (c *Cell) kindsOf() *nodeKinds {
	k := c.kinds
	if k == nil {
		k = &nodeKinds{} // a cell made outside parseCell: list them now
	}
	k.once.Do(func() {
		c.Root.Walk(func(n *Node) bool {
			switch n.Type {
			case "call":
				k.calls = append(k.calls, n)
			case "attribute":
				k.attributes = append(k.attributes, n)
			}
			return true
		})
	})
	return k
}

// Calls returns the cell's call nodes in preorder: for rules that look at
// another cell than their pass's (Pass.Calls gives the pass's own).
func (c *Cell) Calls() []*Node { return c.kindsOf().calls }
