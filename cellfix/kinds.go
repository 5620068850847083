package cellfix

import (
	"sort"
	"sync"
	"unsafe"
)

// nodeKinds lists the nodes of a cell by type, each list in preorder, made
// on first use and shared by every rule's pass over the cell: ranging over
// the few nodes of the types a rule looks for costs far less than walking
// the whole tree for them in every rule.
type nodeKinds struct {
	once sync.Once
	// byType is indexed by Node.typ.
	byType [][]*Node
}

// kindsOf returns the cell's node lists, listing them on first use.
func (c *Cell) kindsOf() *nodeKinds {
	k := c.kinds
	if k == nil {
		k = &nodeKinds{} // a cell made outside parseCell: list them now
	}
	k.once.Do(func() {
		if c.Root == nil {
			return
		}
		// A tree's nodes lie in preorder in one array (buildTree) or a
		// few (parseChunked): range over them, once to size the lists and
		// once to fill them, all carved from one array.
		counts := make([]int, len(pythonGrammar().typeIDs)+1)
		total := 0
		preorderRuns(c.Root, c.chunked, func(nodes []Node) {
			for i := range nodes {
				counts[nodes[i].typ]++
			}
			total += len(nodes)
		})
		all := make([]*Node, total)
		k.byType = make([][]*Node, len(counts))
		off := 0
		for t, n := range counts {
			if n > 0 {
				k.byType[t] = all[off : off : off+n]
				off += n
			}
		}
		preorderRuns(c.Root, c.chunked, func(nodes []Node) {
			for i := range nodes {
				t := nodes[i].typ
				k.byType[t] = append(k.byType[t], &nodes[i])
			}
		})
	})
	return k
}

// list returns the cell's nodes of type typ, in preorder.
func (k *nodeKinds) list(typ string) []*Node {
	id, ok := pythonGrammar().typeIDs[typ]
	if !ok || int(id) >= len(k.byType) {
		return nil
	}
	return k.byType[id]
}

// Calls returns the cell's call nodes in preorder: for rules that look at
// another cell than their pass's (Pass.Calls gives the pass's own).
func (c *Cell) Calls() []*Node { return c.kindsOf().list("call") }

// NodesOf returns the cell's nodes of type typ in preorder (the order
// Walk visits them). The slice is shared: do not change it.
func (c *Cell) NodesOf(typ string) []*Node {
	if c.Root == nil {
		return nil
	}
	return c.kindsOf().list(typ)
}

// Each calls fn for the cell's nodes of the given types in the order
// c.Root.Walk visits them, and skips the nodes inside a node for which fn
// returns false: the same calls as c.Root.Walk(fn) makes when fn does
// nothing and returns true for the nodes of every other type.
func (c *Cell) Each(fn func(*Node) bool, types ...string) {
	if c.Root == nil {
		return
	}
	c.EachIn(c.Root, fn, types...)
}

// EachIn is Each over the subtree of root, a node of c: the same calls as
// root.Walk(fn) under the same condition.
func (c *Cell) EachIn(root *Node, fn func(*Node) bool, types ...string) {
	if root == nil || c.Root == nil {
		return
	}
	k := c.kindsOf()
	var lists [12][]*Node
	if len(types) > len(lists) {
		panic("cellfix: Each takes at most 12 types")
	}
	first, last := root.pre, lastDescendant(root).pre
	m := 0
	for _, t := range types {
		l := k.list(t)
		if root != c.Root {
			l = l[sort.Search(len(l), func(i int) bool { return l[i].pre >= first }):]
		}
		if len(l) > 0 {
			lists[m] = l
			m++
		}
	}
	skipTo := int32(-1) // nodes up to this preorder index lie inside a pruned node
	for {
		// The next node in preorder among the lists' heads.
		best := -1
		for i := range m {
			if len(lists[i]) > 0 && (best < 0 || lists[i][0].pre < lists[best][0].pre) {
				best = i
			}
		}
		if best < 0 {
			return
		}
		n := lists[best][0]
		lists[best] = lists[best][1:]
		if n.pre > last {
			lists[best] = nil
			continue
		}
		if n.pre <= skipTo {
			continue
		}
		if !fn(n) {
			skipTo = lastDescendant(n).pre
		}
	}
}

// preorder returns the nodes of the tree under root, a root made by
// buildTree, which keeps them in one array in preorder.
func preorder(root *Node) []Node {
	return unsafe.Slice(root, lastDescendant(root).pre+1)
}

// preorderRuns calls fn with the nodes of the tree under root in
// preorder, in runs that each lie in one array. A root made by buildTree
// has all its nodes in one array; one made by parseChunked (chunked) has
// one for each chunk, and each of its children's subtree lies in one, so
// the runs are the root, then each child's subtree.
func preorderRuns(root *Node, chunked bool, fn func([]Node)) {
	if !chunked {
		fn(preorder(root))
		return
	}
	fn(unsafe.Slice(root, 1))
	for _, c := range root.Children {
		fn(unsafe.Slice(c, lastDescendant(c).pre-c.pre+1))
	}
}

// lastDescendant returns the node of n's subtree that comes last in
// preorder.
func lastDescendant(n *Node) *Node {
	for len(n.Children) > 0 {
		n = n.Children[len(n.Children)-1]
	}
	return n
}
