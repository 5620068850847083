package cellfix

// #include "flatten.h"
import "C"

import (
	"errors"
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

// The tree is brought into Go with one cgo call per parse, or per batch of
// small cells: parse_flatten (flatten.c) parses and walks each tree in C
// into an array of flat_node, and buildTree makes the Node values from
// that array. A cgo call costs more than the work a
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

// parserPointer finds the C parser (TSParser *) inside a *sitter.Parser.
// go-tree-sitter keeps it in an unexported field and offers no accessor;
// parse_flatten needs it to parse without a cgo call per cell. Reading the
// field through its reflected offset is the least intrusive way; the field
// is looked up by name and type once, and a dependency update that renames
// or retypes it stops the program at start-up with this message instead of
// reading the wrong memory.
var parserFieldOffset = func() uintptr {
	f, ok := reflect.TypeFor[sitter.Parser]().FieldByName("c")
	if !ok || f.Type.Kind() != reflect.Pointer || f.Type.Elem().Name() != "_Ctype_struct_TSParser" {
		panic(fmt.Sprintf("cellfix: github.com/smacker/go-tree-sitter changed: Parser has no field c *C.TSParser (found %v); update flatten.go", f.Type))
	}
	return f.Offset
}()

func parserPointer(p *sitter.Parser) *C.TSParser {
	return *(**C.TSParser)(unsafe.Add(unsafe.Pointer(p), parserFieldOffset))
}

// flatTrees is what parseFlat made of its sources: the visible nodes of
// each one's tree in preorder, one tree after another in a buffer from
// flatBuffers, and the depth of each one's deepest node.
type flatTrees struct {
	buf    *[]flatNode
	starts []int // tree i is (*buf)[starts[i]:starts[i+1]]
	depths []int
}

// nodes returns the flat nodes of source i's tree.
func (f *flatTrees) nodes(i int) []flatNode { return (*f.buf)[f.starts[i]:f.starts[i+1]] }

// release gives the buffer back to the pool, unless it is too large to
// keep; the nodes must no longer be used.
func (f *flatTrees) release() {
	if cap(*f.buf) <= maxPooledNodes {
		flatBuffers.Put(f.buf)
	}
	f.buf = nil
}

// parseFlat parses each of srcs with p and flattens its tree into buf (a
// buffer from flatBuffers, which it grows as need be), in one cgo call for
// all of them unless the buffer must grow on the way (see parse_flatten).
// It fails when tree-sitter gives no tree, which it does only when a
// parser has no language, a time limit or a cancellation flag: gokmig's
// parsers have none of these.
func parseFlat(p *sitter.Parser, buf *[]flatNode, srcs ...[]byte) (*flatTrees, error) {
	text, bounds := joinSources(srcs)
	f := &flatTrees{buf: buf, starts: make([]int, 1, len(srcs)+1), depths: make([]int, 0, len(srcs))}
	outcomes := make([]C.parse_outcome, len(srcs))
	parser := parserPointer(p)
	for done, used := 0, 0; done < len(srcs); {
		b := (*f.buf)[:cap(*f.buf)]
		var out *C.flat_node
		if used < len(b) {
			out = &b[used]
		}
		var unfit *C.TSTree
		k := int(C.parse_flatten(parser, (*C.char)(unsafe.Pointer(&text[0])), (*C.uint32_t)(&bounds[done]),
			C.uint32_t(len(srcs)-done), out, C.uint32_t(len(b)-used), &outcomes[done], &unfit))
		runtime.KeepAlive(p)
		for _, o := range outcomes[done : done+k] {
			used += int(o.nodes)
			f.starts = append(f.starts, used)
			f.depths = append(f.depths, int(o.depth))
		}
		if done += k; done == len(srcs) {
			*f.buf = b[:used]
			break
		}
		if unfit == nil {
			f.release()
			return nil, errors.New("tree-sitter gave no syntax tree")
		}
		// Room for this tree, a node a byte for the sources after it, and
		// a quarter more to spare, which lets the buffer serve somewhat
		// larger cells later.
		need := int(outcomes[done].nodes)
		rest := int(bounds[len(srcs)] - bounds[done+1])
		grown := make([]flatNode, used+need+rest+min(need/4, maxPooledNodes/8))
		copy(grown, b[:used])
		*f.buf = grown
		var depth C.uint32_t
		n := int(C.flatten_tree(unfit, &grown[used], C.uint32_t(len(grown)-used), &depth))
		C.ts_tree_delete(unfit)
		if n > len(grown)-used {
			// tree-sitter's descendant count fell short: parse this
			// source again, with the room flatten_tree now asks for.
			continue
		}
		used += n
		f.starts = append(f.starts, used)
		f.depths = append(f.depths, int(depth))
		done++
	}
	return f, nil
}

// joinSources lays srcs out one after another, as parse_flatten reads them,
// with bounds[i] and bounds[i+1] the ends of source i; one source is used
// as it is. The text has at least one byte, so that it has an address.
func joinSources(srcs [][]byte) (text []byte, bounds []uint32) {
	bounds = make([]uint32, 1, len(srcs)+1)
	if len(srcs) == 1 && len(srcs[0]) > 0 {
		return srcs[0], append(bounds, uint32(len(srcs[0])))
	}
	total := 0
	for _, src := range srcs {
		total += len(src)
	}
	text = make([]byte, 0, total+1)
	for _, src := range srcs {
		text = append(text, src...)
		bounds = append(bounds, uint32(len(text)))
	}
	return text[:total+1], bounds
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

// buildTree makes the Node tree from one tree's flattened nodes. All nodes
// live in one slice and all their children in one array of child
// pointers: two allocations per tree instead of two per node. It is a loop
// over the preorder array, so nesting depth costs no stack.
func buildTree(flat []flatNode) *Node {
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
