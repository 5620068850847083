package cellfix

// #include "flatten.h"
import "C"

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// The tree is brought into Go with one cgo call per parse: flatten_tree
// (flatten.c) walks it in C into an array of flat_node, and buildTree makes
// the Node values from that array. A cgo call costs more than the work a
// tree-sitter accessor does, so walking the tree from Go, a few calls per
// node, cost more than the parse itself.

// flatNode is C's flat_node.
type flatNode = C.flat_node

// flatBuffers reuses the arrays flatten_tree writes into, so that a parse
// allocates only the Go tree it returns. Buffers of more than
// maxPooledNodes (24 MB) are left to the garbage collector: a huge file
// should not keep its buffer alive for the small cells after it.
var flatBuffers = sync.Pool{New: func() any { return new([]flatNode) }}

const maxPooledNodes = 1 << 20

// treePointer finds the C tree (TSTree *) inside a *sitter.Tree.
// go-tree-sitter keeps it in an unexported field and offers no accessor, and
// there is no other way to reach it: its Node keeps the C node unexported
// too, and Node.ID is the address of a subtree, not of the tree. Reading the
// field through its reflected offset is the least intrusive way; the field is
// looked up by name and type once, and a dependency update that renames or
// retypes it stops the program at start-up with this message instead of
// reading the wrong memory.
var treeFieldOffset = func() uintptr {
	f, ok := reflect.TypeFor[sitter.BaseTree]().FieldByName("c")
	if !ok || f.Type.Kind() != reflect.Pointer || f.Type.Elem().Name() != "_Ctype_struct_TSTree" {
		panic(fmt.Sprintf("cellfix: github.com/smacker/go-tree-sitter changed: BaseTree has no field c *C.TSTree (found %v); update flatten.go", f.Type))
	}
	return f.Offset
}()

func treePointer(tree *sitter.Tree) *C.TSTree {
	return *(**C.TSTree)(unsafe.Add(unsafe.Pointer(tree.BaseTree), treeFieldOffset))
}

// flatten returns the visible nodes of tree in preorder, in a buffer from
// flatBuffers that the caller puts back when done (buildTree does), and the
// depth of the deepest node.
func flatten(tree *sitter.Tree) (*[]flatNode, int) {
	buf := flatBuffers.Get().(*[]flatNode)
	for {
		b := (*buf)[:cap(*buf)]
		var out *C.flat_node
		if len(b) > 0 {
			out = &b[0]
		}
		var depth C.uint32_t
		n := int(C.flatten_tree(treePointer(tree), out, C.uint32_t(len(b)), &depth))
		runtime.KeepAlive(tree)
		if n <= len(b) {
			*buf = b[:n]
			return buf, int(depth)
		}
		// Room to spare lets the buffer serve somewhat larger cells later.
		*buf = make([]flatNode, n+min(n/4, maxPooledNodes/8))
	}
}

// releaseFreeMemory returns the C heap's freed pages to the system.
func releaseFreeMemory() { C.release_free_memory() }

// symbolInfo is what a node's grammar symbol says about it.
type symbolInfo struct {
	name  string
	named bool
	// error is true for ERROR nodes.
	error bool
	// scope is true for the types of scopeTypes.
	scope bool
	// typ numbers the symbol's name among the grammar's names (Node.typ).
	typ uint16
}

// grammarNames holds the Python grammar's symbol and field names, indexed
// by their ids: asking tree-sitter costs a cgo call and a string copy, and
// the names never change.
type grammarNames struct {
	symbols []symbolInfo
	fields  []string
	// typeIDs numbers the distinct symbol names (several symbols may share
	// a name); 0 is for names outside the grammar's table. typeNames is its
	// inverse ("" for 0).
	typeIDs   map[string]uint16
	typeNames []string
	// punctuation marks the type numbers that only unnamed nodes have:
	// punctuation and keywords ("(", "=", "def"), but not "lambda", which
	// names a named node too.
	punctuation []bool
}

// pythonNames is made when the package is initialized, so that Node's
// Type and Field read its tables without a lock or a once: the tables are
// small and any command that parses needs them.
var pythonNames = newPythonGrammar()

// The names Node.Type and Node.Field return, by number, in arrays whose
// size lets the compiler drop the bounds checks.
var (
	nodeTypeNames  [maxNodeTypes]string
	nodeFieldNames [256]string
	// nodeTypeScopes marks the type numbers of scopeTypes: buildTree
	// asks it of every node's parent, which is cheaper by the parent's
	// number than by its symbol.
	nodeTypeScopes [maxNodeTypes]bool
)

// maxNodeTypes bounds the number of the grammar's type names (269).
const maxNodeTypes = 512

func init() {
	if len(pythonNames.typeNames) > len(nodeTypeNames) || len(pythonNames.fields) > len(nodeFieldNames) {
		panic(fmt.Sprintf("cellfix: the Python grammar has %d type names and %d field names, more than Node can number", len(pythonNames.typeNames), len(pythonNames.fields)))
	}
	copy(nodeTypeNames[:], pythonNames.typeNames)
	copy(nodeFieldNames[:], pythonNames.fields)
	for _, info := range pythonNames.symbols {
		nodeTypeScopes[info.typ] = info.scope
	}
}

func pythonGrammar() *grammarNames { return pythonNames }

func newPythonGrammar() *grammarNames {
	lang := python.GetLanguage()
	g := &grammarNames{symbols: make([]symbolInfo, lang.SymbolCount())}
	for sym := range g.symbols {
		g.symbols[sym] = lookupSymbol(lang, sitter.Symbol(sym))
	}
	g.typeIDs = map[string]uint16{}
	g.typeNames = []string{""}
	for sym := range g.symbols {
		g.symbols[sym].typ = g.typeID(g.symbols[sym].name)
	}
	// ERROR nodes have a symbol outside the table (tree-sitter's error
	// and error-repeat symbols, the largest two).
	g.typeID(lookupSymbol(lang, sitter.Symbol(math.MaxUint16)).name)
	g.typeID(lookupSymbol(lang, sitter.Symbol(math.MaxUint16-1)).name)
	g.punctuation = make([]bool, len(g.typeNames))
	for id := range g.punctuation {
		g.punctuation[id] = id != 0
	}
	for _, info := range g.symbols {
		if info.named || info.error {
			g.punctuation[info.typ] = false
		}
	}
	g.punctuation[g.typeIDs["ERROR"]] = false
	// Field ids run from 1; 0 means no field. go-tree-sitter gives no
	// field count, but the name of the id past the last is "".
	g.fields = []string{""}
	for id := 1; ; id++ {
		name := lang.FieldName(id)
		if name == "" {
			break
		}
		g.fields = append(g.fields, name)
	}
	return g
}

func lookupSymbol(lang *sitter.Language, sym sitter.Symbol) symbolInfo {
	name := lang.SymbolName(sym)
	return symbolInfo{name: name, named: lang.SymbolType(sym) == sitter.SymbolTypeRegular, error: name == "ERROR", scope: slices.Contains(scopeTypes, name)}
}

// symbol returns what sym says; ERROR nodes have a symbol outside the
// grammar's own range.
func (g *grammarNames) symbol(sym uint16) symbolInfo {
	if int(sym) < len(g.symbols) {
		return g.symbols[sym]
	}
	info := lookupSymbol(python.GetLanguage(), sitter.Symbol(sym))
	info.typ = g.typeIDs[info.name]
	return info
}

// typeID returns the number of a symbol name, numbering it when new (only
// while the table is made).
func (g *grammarNames) typeID(name string) uint16 {
	id, ok := g.typeIDs[name]
	if !ok {
		id = uint16(len(g.typeNames))
		g.typeIDs[name] = id
		g.typeNames = append(g.typeNames, name)
	}
	return id
}

// buildTree makes the Node tree from flattened nodes and gives the buffer
// back to the pool. All nodes live in one slice and all their children in
// one array of child pointers: two allocations per tree instead of two per
// node. It is a loop over the preorder array, so nesting depth costs no
// stack.
func buildTree(buf *[]flatNode) *Node {
	if cap(*buf) <= maxPooledNodes {
		defer flatBuffers.Put(buf)
	}
	flat := *buf
	g := pythonGrammar()
	nodes := make([]Node, len(flat))
	kids := make([]*Node, len(flat)-1)
	next := 0
	for i := range flat {
		f := &flat[i]
		n := &nodes[i]
		info := g.symbol(uint16(f.symbol))
		n.typ = info.typ
		n.Named = info.named
		n.start = int32(f.start)
		n.end = int32(f.end)
		n.field = uint8(f.field)
		n.Error = info.error || f.missing != 0
		n.pre = int32(i)
		if c := int(f.child_count); c > 0 {
			n.kids = &kids[next]
			next += c
		}
		if f.parent != C.FLAT_NO_PARENT {
			p := &nodes[f.parent]
			n.Parent = p
			p.appendChild(n)
			if n.scope = p.scope; nodeTypeScopes[p.typ%maxNodeTypes] {
				n.scope = p
			}
		}
	}
	return &nodes[0]
}
