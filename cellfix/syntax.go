package cellfix

import (
	"context"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// Node is one node of a parsed cell. The tree-sitter tree is copied into
// these plain values once per parse: rules then walk Go memory instead of
// making a cgo call for every step, and never see tree-sitter's API.
type Node struct {
	// Type is the tree-sitter node type ("call", "attribute", "identifier" …).
	Type string
	// Start and End are byte offsets within the cell's source.
	Start, End int
	// Named is false for punctuation and keywords ("(", "if", "==").
	Named bool
	// Field is the field name this node has in its parent ("function").
	Field    string
	Parent   *Node
	Children []*Node
	// Error marks ERROR and MISSING nodes.
	Error bool
}

// Child returns the first child in the given field, or nil.
func (n *Node) Child(field string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Field == field {
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
	var out []*Node
	for _, c := range n.Children {
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
	for _, c := range n.Children {
		c.Walk(fn)
	}
}

// Ancestor returns the nearest enclosing node of one of the given types.
func (n *Node) Ancestor(types ...string) *Node {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, t := range types {
			if p.Type == t {
				return p
			}
		}
	}
	return nil
}

// parserPool reuses tree-sitter parsers: creating one per cell costs more
// than parsing a typical cell.
var parserPool = sync.Pool{New: func() any {
	p := sitter.NewParser()
	p.SetLanguage(python.GetLanguage())
	return p
}}

// parse parses Python source into a Node tree. Errors are represented in the
// tree (Error nodes); parse itself fails only if tree-sitter does.
func parse(src []byte) (*Node, error) {
	p := parserPool.Get().(*sitter.Parser)
	defer parserPool.Put(p)
	tree, err := p.ParseCtx(context.Background(), nil, src)
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	return convert(tree.RootNode()), nil
}

// convert copies a tree-sitter tree with a cursor, which visits each node
// once and gives field names without per-child lookups. Every call into
// tree-sitter is a cgo call, which costs more than the work it does, so
// per-node calls are kept to the few that vary per node.
func convert(root *sitter.Node) *Node {
	cv := converter{withErrors: root.HasError()}
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	top := cv.node(cur.CurrentNode(), "", nil)
	n := top
	for {
		if cur.GoToFirstChild() {
			n = cv.child(n, cur)
			continue
		}
		for !cur.GoToNextSibling() {
			if !cur.GoToParent() {
				return top
			}
			n = n.Parent
		}
		n = cv.child(n.Parent, cur)
	}
}

// symbolInfo is what a node's grammar symbol says about it.
type symbolInfo struct {
	name  string
	named bool
}

// symbols caches the Python grammar's symbol names: a symbol's name and
// kind never change, and asking tree-sitter costs a cgo call and a string
// copy per node.
var symbols sync.Map // sitter.Symbol → symbolInfo

func symbolOf(sym sitter.Symbol) symbolInfo {
	if v, ok := symbols.Load(sym); ok {
		return v.(symbolInfo)
	}
	lang := python.GetLanguage()
	info := symbolInfo{name: lang.SymbolName(sym), named: lang.SymbolType(sym) == sitter.SymbolTypeRegular}
	symbols.Store(sym, info)
	return info
}

type converter struct {
	// withErrors is false for the usual error-free tree, which then needs
	// no per-node check for MISSING nodes.
	withErrors bool
}

func (cv converter) child(parent *Node, cur *sitter.TreeCursor) *Node {
	c := cv.node(cur.CurrentNode(), cur.CurrentFieldName(), parent)
	parent.Children = append(parent.Children, c)
	return c
}

func (cv converter) node(sn *sitter.Node, field string, parent *Node) *Node {
	info := symbolOf(sn.Symbol())
	n := &Node{
		Type:   info.name,
		Start:  int(sn.StartByte()),
		End:    int(sn.EndByte()),
		Named:  info.named,
		Field:  field,
		Parent: parent,
		Error:  info.name == "ERROR",
	}
	if cv.withErrors && !n.Error {
		n.Error = sn.IsMissing()
	}
	return n
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
	for _, n := range stmt.Children {
		if n.Field != "name" {
			continue
		}
		if n.Type == "aliased_import" {
			out = append(out, ImportedName{Entry: n, Name: n.Child("name"), Alias: n.Child("alias")})
		} else {
			out = append(out, ImportedName{Entry: n, Name: n})
		}
	}
	return out
}
