package cellfix

import (
	"math"
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
	// nodes holds the cell's nodes grouped by type, each group in
	// preorder: the nodes of type id t (Node.typ) are
	// nodes[starts[t]:starts[t+1]]. Offsets rather than a slice per type:
	// a cell is often a few lines, and a slice header for each of the
	// grammar's some 270 types took more memory than its nodes.
	//
	// Punctuation and keywords (grammarNames.punctuation) are left out:
	// no rule asks for them, and they are a third of a script's nodes;
	// list finds them by a walk.
	nodes  []*Node
	starts []int32
	// root and chunked are the cell's, for that walk.
	root    *Node
	chunked bool
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
		// few (parseChunked): range over them, once to count each type
		// and once to place the nodes (a counting sort). While placing,
		// starts[t+1] is where the next node of type t goes; once all are
		// placed it is where they end, which is where type t+1's begin.
		punctuation := pythonGrammar().punctuation
		starts := make([]int32, len(pythonGrammar().typeIDs)+3)
		total := 0
		preorderRuns(c.Root, c.chunked, func(nodes []Node) {
			for i := range nodes {
				if !punctuation[nodes[i].typ] {
					starts[nodes[i].typ+2]++
					total++
				}
			}
		})
		for t := 2; t < len(starts); t++ {
			starts[t] += starts[t-1]
		}
		all := make([]*Node, total)
		preorderRuns(c.Root, c.chunked, func(nodes []Node) {
			for i := range nodes {
				if punctuation[nodes[i].typ] {
					continue
				}
				t := nodes[i].typ + 1
				all[starts[t]] = &nodes[i]
				starts[t]++
			}
		})
		k.nodes, k.starts = all, starts
		k.root, k.chunked = c.Root, c.chunked
	})
	return k
}

// list returns the cell's nodes of type typ, in preorder.
func (k *nodeKinds) list(typ string) []*Node {
	id, ok := pythonGrammar().typeIDs[typ]
	if !ok || int(id)+1 >= len(k.starts) {
		return nil
	}
	if pythonGrammar().punctuation[id] {
		var out []*Node
		preorderRuns(k.root, k.chunked, func(nodes []Node) {
			for i := range nodes {
				if nodes[i].typ == id {
					out = append(out, &nodes[i])
				}
			}
		})
		return out
	}
	from, to := k.starts[id], k.starts[id+1]
	if from == to {
		return nil
	}
	return k.nodes[from:to:to]
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
	if m == 0 {
		return
	}
	if m == 1 {
		// One type, the common case: its list is the preorder already.
		for _, n := range lists[0] {
			if n.pre > last {
				return
			}
			if n.pre > skipTo && !fn(n) {
				skipTo = lastDescendant(n).pre
			}
		}
		return
	}
	// heads[i] is the preorder index of lists[i]'s first node, or
	// math.MaxInt32 once it is used up: the merge compares these rather
	// than reading every list's first node at each step.
	var heads [len(lists)]int32
	for i := range m {
		heads[i] = lists[i][0].pre
	}
	for {
		// The next node in preorder among the lists' heads.
		best := 0
		for i := 1; i < m; i++ {
			if heads[i] < heads[best] {
				best = i
			}
		}
		if heads[best] > last {
			return // the lists are used up or past root's subtree
		}
		n := lists[best][0]
		if lists[best] = lists[best][1:]; len(lists[best]) > 0 {
			heads[best] = lists[best][0].pre
		} else {
			heads[best] = math.MaxInt32
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
	for _, c := range root.Children() {
		fn(unsafe.Slice(c, lastDescendant(c).pre-c.pre+1))
	}
}

// lastDescendant returns the node of n's subtree that comes last in
// preorder.
func lastDescendant(n *Node) *Node {
	for n.nkids > 0 {
		n = n.lastChild()
	}
	return n
}
