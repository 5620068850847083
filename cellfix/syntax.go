package cellfix

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// Node is one node of a parsed cell. The tree-sitter tree is copied into
// these plain values once per parse: rules then walk Go memory instead of
// making a cgo call for every step, and never see tree-sitter's API.
//
// A script of a million short lines has some 13 million nodes, and its
// tree was most of the memory checking it took: the fields are small (type
// and field names are numbers into the grammar's tables, offsets 32 bits,
// the children a pointer into the tree's one array of child pointers) and
// read through methods, 48 bytes a node instead of 96.
type Node struct {
	// Parent is nil for the root.
	Parent *Node
	// scope is the nearest proper ancestor whose type is one of
	// scopeTypes, nil for the root and for nodes not made by buildTree. It
	// lets Ancestor skip the nodes in between: walking up through every
	// parent for every node costs the square of the nesting depth.
	scope *Node
	// kids points at the first of the node's nkids children in the array
	// of child pointers its tree shares (nil when it has none).
	kids **Node
	// start and end are byte offsets within the cell's source (Start, End).
	start, end int32
	// pre is the node's position in its tree in preorder (the order Walk
	// visits), which orders the per-type node lists of kinds.go.
	pre   int32
	nkids uint32
	// typ numbers the node's type (grammarNames.typeIDs), field the field
	// name it has in its parent (grammarNames.fields, 0 for none).
	typ   uint16
	field uint8
	// Named is false for punctuation and keywords ("(", "if", "==").
	Named bool
	// Error marks ERROR and MISSING nodes.
	Error bool
}

// Type returns the tree-sitter node type ("call", "attribute", "identifier" …).
func (n *Node) Type() string {
	// The mask costs less than a bounds check (typ is always in range).
	return nodeTypeNames[n.typ%maxNodeTypes]
}

// Field returns the field name this node has in its parent ("function"),
// or "".
func (n *Node) Field() string { return nodeFieldNames[n.field] }

// Start returns the node's first byte offset within the cell's source.
func (n *Node) Start() int { return int(n.start) }

// End returns the byte offset just past the node within the cell's source.
func (n *Node) End() int { return int(n.end) }

// Children returns the node's children in order, punctuation included. The
// slice is the tree's own: callers must not change it.
func (n *Node) Children() []*Node {
	if n.kids == nil {
		return nil
	}
	// Cheaper than unsafe.Slice, which checks the length's sign and size.
	return (*[maxCellNodes]*Node)(unsafe.Pointer(n.kids))[:n.nkids:n.nkids]
}

// childCovering returns the first child of n that spans [from, to), or nil.
// Children are in source order and do not overlap, so their ends rise and
// a binary search finds it: a module of many statements is not scanned
// for each finding that looks one up.
func (n *Node) childCovering(from, to int) *Node {
	kids := n.Children()
	i := sort.Search(len(kids), func(i int) bool { return kids[i].End() >= to })
	if i < len(kids) && kids[i].Start() <= from {
		return kids[i]
	}
	return nil
}

// appendChild adds c after the node's children, in the slot after theirs
// in the array of child pointers (buildTree left room for it).
func (n *Node) appendChild(c *Node) {
	*n.kid(n.nkids) = c
	n.nkids++
}

// lastChild returns the node's last child; it must have one.
func (n *Node) lastChild() *Node { return *n.kid(n.nkids - 1) }

// kid returns the slot of the node's child i, unchecked.
func (n *Node) kid(i uint32) **Node {
	return (**Node)(unsafe.Add(unsafe.Pointer(n.kids), uintptr(i)*unsafe.Sizeof((*Node)(nil))))
}

// setChildren makes kids the node's children.
func (n *Node) setChildren(kids []*Node) {
	n.kids, n.nkids = unsafe.SliceData(kids), uint32(len(kids))
}

// scopeTypes are the node types the scope links lead through: the ones
// rules look for above a node (Ancestor), and the root.
var scopeTypes = []string{"module", "class_definition", "function_definition", "lambda", "decorator"}

// Child returns the first child in the given field, or nil.
func (n *Node) Child(field string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children() {
		if c.Field() == field {
			return c
		}
	}
	return nil
}

// NamedChildren returns the named children in order.
func (n *Node) NamedChildren() []*Node {
	if n == nil {
		return nil
	}
	named := 0
	for _, c := range n.Children() {
		if c.Named {
			named++
		}
	}
	if named == 0 {
		return nil
	}
	out := make([]*Node, 0, named) // one allocation, not one per doubling
	for _, c := range n.Children() {
		if c.Named {
			out = append(out, c)
		}
	}
	return out
}

// Walk calls fn for n and its descendants in source order; when fn returns
// false the node's children are skipped.
func (n *Node) Walk(fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, c := range n.Children() {
		c.Walk(fn)
	}
}

// Ancestor returns the nearest enclosing node of one of the given types.
func (n *Node) Ancestor(types ...string) *Node {
	if n.scope != nil && allScopeTypes(types) {
		for p := n.scope; p != nil; p = p.scope {
			if slices.Contains(types, p.Type()) {
				return p
			}
		}
		return nil
	}
	for p := n.Parent; p != nil; p = p.Parent {
		for _, t := range types {
			if p.Type() == t {
				return p
			}
		}
	}
	return nil
}

func allScopeTypes(types []string) bool {
	for _, t := range types {
		if !slices.Contains(scopeTypes, t) {
			return false
		}
	}
	return true
}

// Root returns the root of n's tree.
func (n *Node) Root() *Node {
	for n.scope != nil {
		n = n.scope
	}
	for n.Parent != nil { // the root already, unless made outside buildTree
		n = n.Parent
	}
	return n
}

// parserPool reuses tree-sitter parsers: creating one per cell costs more
// than parsing a typical cell.
var parserPool = sync.Pool{New: func() any {
	p := sitter.NewParser()
	p.SetLanguage(python.GetLanguage())
	return p
}}

// parsePooled is parseFlat with a parser from parserPool.
func parsePooled(srcs [][]byte) (*flatTrees, error) {
	p := parserPool.Get().(*sitter.Parser)
	defer parserPool.Put(p)
	return parseFlat(p, flatBuffers.Get().(*[]flatNode), srcs...)
}

// Limits on what one cell may be. Memory and time grow linearly with the
// size of a cell, but the syntax tree takes about 50 times the text (some
// 13 nodes of 56 bytes, a child pointer included, for a short line of
// code), and the analyses recurse
// along the tree: these bound both well away from exhausting memory or a
// goroutine's stack (1 GB), far beyond any real notebook or script.
const (
	// maxCellBytes bounds the text given to tree-sitter, whose own tree
	// is of the size of ours.
	maxCellBytes = 32 << 20
	// maxCellNodes bounds the Go tree: 2^24 nodes are 0.9 GB.
	maxCellNodes = 1 << 24
	// maxCellDepth bounds the nesting: calls nested 100,000 deep are
	// 200,000 levels of syntax.
	maxCellDepth = 1 << 18
)

// errTooLarge says why a cell is refused.
type errTooLarge struct{ what string }

func (e errTooLarge) Error() string { return e.what }

// parse parses Python source into a Node tree. Errors are represented in the
// tree (Error nodes); parse fails when tree-sitter does, or when the source
// exceeds a limit above.
func parse(src []byte) (*Node, error) {
	root, _, err := parseLaidOut(src)
	return root, err
}

// parseLaidOut is parse, and says whether the tree was parsed in chunks
// (chunk.go), which lays its nodes out in several arrays.
func parseLaidOut(src []byte) (root *Node, chunked bool, err error) {
	if len(src) > maxCellBytes {
		return nil, false, errTooLarge{fmt.Sprintf("%d MB of code in one cell or script; gokmig checks up to %d MB (checking it takes some 70 times the text in memory)", len(src)>>20, maxCellBytes>>20)}
	}
	p := parserPool.Get().(*sitter.Parser)
	defer parserPool.Put(p)
	if len(src) > chunkThreshold {
		if starts := chunkStarts(src, chunkBytes); len(starts) > 0 {
			// The tree grows chunk by chunk: not under the percent
			// of a batch of small cells.
			tightenGC()
			root, nodes, ok, err := parseChunked(p, src, starts)
			if err != nil || ok {
				// The C heap held one chunk's tree at a time: give it
				// back.
				releaseFreeMemory()
				limitGCToTree(nodes)
				return root, ok, err
			}
			releaseFreeMemory()
			runtime.GC() // the nodes built before the chunk that failed
		}
	}
	flats, err := parseFlat(p, flatBuffers.Get().(*[]flatNode), src)
	if err != nil {
		return nil, false, err
	}
	flat, depth := flats.nodes(0), flats.depths[0]
	nodes := len(flat)
	if nodes >= releaseAfterNodes {
		// glibc keeps what the deleted C tree freed for later mallocs,
		// which a Go tree cannot use: some 130 bytes a node, more than
		// the Go tree about to be built. Give it back first.
		releaseFreeMemory()
	}
	if err := checkTreeLimits(nodes, depth); err != nil {
		flats.release()
		return nil, false, err
	}
	if nodes <= maxPooledNodes {
		root = buildTree(flat)
		flats.release()
		if nodes >= releaseAfterNodes {
			limitGCToTree(nodes) // see gc.go: not for the cells of a folder
		}
		return root, false, nil
	}
	// Once built, the flat nodes of a huge file are garbage as large as a
	// quarter of the tree; collect them now, while they are the only
	// garbage, so the analyses reuse their memory instead of growing the
	// heap to twice the tree before the next collection.
	tightenGC()
	root = buildTree(flat)
	flat = nil
	flats.release()
	runtime.GC()
	limitGCToTree(nodes)
	return root, false, nil
}

// checkTreeLimits refuses a tree of n nodes and the given depth when it
// exceeds maxCellNodes or maxCellDepth.
func checkTreeLimits(n, depth int) error {
	if depth > maxCellDepth {
		return errTooLarge{fmt.Sprintf("code nested %d levels deep; gokmig follows up to %d levels (its analyses recurse along the syntax tree)", depth, maxCellDepth)}
	}
	if n > maxCellNodes {
		return errTooLarge{fmt.Sprintf("%d syntax nodes in one cell or script; gokmig checks up to %d (%d MB of syntax tree)", n, maxCellNodes, maxCellNodes*int(unsafe.Sizeof(Node{}))>>20)}
	}
	return nil
}

// ImportedName is one entry of an import statement: `b as c` in
// `from a import b as c`.
type ImportedName struct {
	// Entry is the whole entry (a dotted_name or an aliased_import).
	Entry *Node
	// Name is the imported dotted name.
	Name *Node
	// Alias is the name it is bound to instead, or nil.
	Alias *Node
}

// ImportedNames lists the entries of an import or from-import statement.
func ImportedNames(stmt *Node) []ImportedName {
	var out []ImportedName
	for _, n := range stmt.Children() {
		if n.Field() != "name" {
			continue
		}
		if n.Type() == "aliased_import" {
			out = append(out, ImportedName{Entry: n, Name: n.Child("name"), Alias: n.Child("alias")})
		} else {
			out = append(out, ImportedName{Entry: n, Name: n})
		}
	}
	return out
}
