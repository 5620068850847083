package cellfix

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// BindingKind says how a name was bound.
type BindingKind int

const (
	// ImportBinding: import tensorflow as tf, import keras.
	ImportBinding BindingKind = iota
	// FromImportBinding: from tensorflow.keras import layers.
	FromImportBinding
	// AliasBinding: a module-level assignment of a module path,
	// e.g. K = tf.keras.backend.
	AliasBinding
)

// Binding is a module-level name bound to a qualified Python name.
type Binding struct {
	Name string
	// Qualified is the full name, e.g. "tensorflow" or
	// "tensorflow.keras.layers.Dense".
	Qualified string
	Kind      BindingKind
	// Cell is the position in Document.Cells of the binding cell.
	Cell int
	// Stmt is the import statement or assignment that binds the name.
	Stmt *Node
	// Node is the part of Stmt naming this binding (aliased_import,
	// dotted_name, or the assignment's left side).
	Node *Node
}

// Model is the semantic knowledge shared by all rules, computed once per
// document parse: which names are bound to what, across cells in order.
type Model struct {
	doc *Document
	// scopes[i] maps names to the binding visible in cell i. A cell sees its
	// own bindings (wherever they stand in the cell) and, for other names,
	// the last binding of an earlier cell.
	scopes []map[string]*Binding
	// Bindings lists every binding in document order.
	Bindings []*Binding
	// loads memoizes loadsOf, under loadsMu.
	loadsMu sync.Mutex
	loads   map[int][]load
	// resolved memoizes Resolve for attribute chains, by cell position,
	// under resolvedMu: the rules resolve each chain of a notebook some
	// three times, and resolving one builds its name. resolvedCount
	// counts the entries.
	resolvedMu    sync.Mutex
	resolved      []map[*Node]string
	resolvedCount int
}

func buildModel(doc *Document) *Model { return extendModel(doc, nil) }

// extendModel models doc, whose first cells base already models (the same
// *Cell values): only the cells after them are analysed, so a kernel
// session's check does not grow with its history. base stays valid (see
// below); the document's incremental facts extend base's document's in
// the same way (Document.history).
func extendModel(doc *Document, base *Model) *Model {
	m := &Model{doc: doc}
	visible := map[string]*Binding{}
	from := 0
	if base != nil {
		from = len(base.scopes)
		// The new cells' entries go into base's spare capacity, past its
		// length, where base does not look: copying the history on every
		// check would cost what extending saves. So at most one model
		// that does not replace base may extend it at a time; the
		// Session's lock ensures that.
		m.scopes, m.Bindings = base.scopes, base.Bindings
		if from > 0 {
			visible = base.scopes[from-1]
		}
	}
	for i := from; i < len(doc.Cells); i++ {
		c := doc.Cells[i]
		// Most cells bind nothing at module level: they share the previous
		// cell's scope, which is copied only when a cell adds to it.
		scope := visible
		if c.Root != nil && bindsNames(c.Root) {
			scope = make(map[string]*Binding, len(visible)+4)
			for k, v := range visible {
				scope[k] = v
			}
			for _, stmt := range c.Root.Children() {
				m.bindStatement(i, c, stmt, scope)
			}
		}
		m.scopes = append(m.scopes, scope)
		visible = scope
	}
	return m
}

// bindsNames reports whether a cell has a statement bindStatement may
// record a binding from.
func bindsNames(root *Node) bool {
	for _, stmt := range root.Children() {
		switch stmt.Type() {
		case "import_statement", "import_from_statement", "if_statement", "try_statement", "with_statement":
			return true
		case "expression_statement":
			if len(stmt.Children()) == 1 && stmt.Children()[0].Type() == "assignment" {
				return true
			}
		}
	}
	return false
}

func (m *Model) add(scope map[string]*Binding, b *Binding) {
	m.Bindings = append(m.Bindings, b)
	scope[b.Name] = b
}

// bindStatement records bindings of one module-level statement. Imports
// inside try/if blocks at module level count too: notebooks guard imports.
func (m *Model) bindStatement(cell int, c *Cell, stmt *Node, scope map[string]*Binding) {
	text := func(n *Node) string { return c.Masked[n.Start():n.End()] }
	switch stmt.Type() {
	case "import_statement":
		for _, im := range ImportedNames(stmt) {
			q := dotted(text(im.Name))
			if im.Alias != nil {
				m.add(scope, &Binding{Name: text(im.Alias), Qualified: q, Kind: ImportBinding, Cell: cell, Stmt: stmt, Node: im.Entry})
				continue
			}
			root := strings.SplitN(q, ".", 2)[0] // import a.b binds a
			m.add(scope, &Binding{Name: root, Qualified: root, Kind: ImportBinding, Cell: cell, Stmt: stmt, Node: im.Entry})
		}
	case "import_from_statement":
		mod := stmt.Child("module_name")
		if mod == nil || mod.Type() == "relative_import" {
			return
		}
		module := dotted(text(mod))
		for _, im := range ImportedNames(stmt) {
			name := dotted(text(im.Name))
			bound := name
			if im.Alias != nil {
				bound = text(im.Alias)
			}
			m.add(scope, &Binding{Name: bound, Qualified: module + "." + name, Kind: FromImportBinding, Cell: cell, Stmt: stmt, Node: im.Entry})
		}
	case "expression_statement":
		if len(stmt.Children()) != 1 || stmt.Children()[0].Type() != "assignment" {
			return
		}
		as := stmt.Children()[0]
		left, right := as.Child("left"), as.Child("right")
		if left == nil || right == nil || left.Type() != "identifier" || (right.Type() != "attribute" && right.Type() != "identifier") {
			return
		}
		// Resolve against what is visible so far in this cell.
		q := m.resolveIn(scope, c, right)
		if isFrameworkName(q) {
			m.add(scope, &Binding{Name: text(left), Qualified: q, Kind: AliasBinding, Cell: cell, Stmt: stmt, Node: left})
		}
	case "if_statement", "try_statement", "with_statement", "block", "else_clause", "except_clause", "finally_clause", "elif_clause":
		for _, ch := range stmt.Children() {
			m.bindStatement(cell, c, ch, scope)
		}
	}
}

// isFrameworkName limits alias tracking to the libraries rules care about.
func isFrameworkName(q string) bool {
	return q == "tensorflow" || q == "keras" || strings.HasPrefix(q, "tensorflow.") || strings.HasPrefix(q, "keras.")
}

// dotted normalises "tensorflow . keras" to "tensorflow.keras".
func dotted(s string) string {
	if joinedAsIs(s, '.') {
		return s // the common case: nothing to take out
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(s, ".", " ")), ".")
}

// Lookup returns the binding of name visible in the cell at position cell.
func (m *Model) Lookup(cell int, name string) *Binding {
	if cell < 0 || cell >= len(m.scopes) {
		return nil
	}
	return m.scopes[cell][name]
}

// visible returns the bindings visible in the cell at position cell, by
// name.
func (m *Model) visible(cell int) map[string]*Binding {
	if cell < 0 || cell >= len(m.scopes) {
		return nil
	}
	return m.scopes[cell]
}

// boundBefore reports whether b stands before o in the document.
func (b *Binding) boundBefore(o *Binding) bool {
	if b.Cell != o.Cell {
		return b.Cell < o.Cell
	}
	return b.Node.Start() < o.Node.Start()
}

// BindingsIn returns the bindings made in the cell at position cell, in
// document order: a rule asking about its own cell need not scan the
// whole history's bindings.
func (m *Model) BindingsIn(cell int) []*Binding {
	lo := sort.Search(len(m.Bindings), func(i int) bool { return m.Bindings[i].Cell >= cell })
	hi := sort.Search(len(m.Bindings), func(i int) bool { return m.Bindings[i].Cell > cell })
	return m.Bindings[lo:hi]
}

// Resolve returns the qualified name an identifier or attribute chain
// refers to ("tf.keras.layers" → "tensorflow.keras.layers"), or "" when
// its root is not a known binding.
func (m *Model) Resolve(cell int, n *Node) string {
	if cell < 0 || cell >= len(m.scopes) {
		return ""
	}
	if n.Type() != "attribute" || !memoizeResolve {
		// A name costs one lookup: no cheaper from a memo.
		return m.resolveIn(m.scopes[cell], m.doc.Cells[cell], n)
	}
	var q string
	ok := false
	m.resolvedMu.Lock()
	if m.resolved != nil {
		q, ok = m.resolved[cell][n]
	}
	m.resolvedMu.Unlock()
	if ok {
		resolveMemoHits.Add(1)
		return q
	}
	q = m.resolveIn(m.scopes[cell], m.doc.Cells[cell], n)
	m.resolvedMu.Lock()
	if m.resolvedCount < maxMemoized {
		if m.resolved == nil {
			m.resolved = make([]map[*Node]string, len(m.scopes))
		}
		if m.resolved[cell] == nil {
			m.resolved[cell] = map[*Node]string{}
		}
		m.resolved[cell][n] = q
		m.resolvedCount++
	}
	m.resolvedMu.Unlock()
	return q
}

// memoizeResolve switches the model's memo of resolved chains on (tests
// compare without it), and resolveMemoHits counts the calls it answered.
var (
	memoizeResolve  = true
	resolveMemoHits atomic.Int64
)

func (m *Model) resolveIn(scope map[string]*Binding, c *Cell, n *Node) string {
	// An attribute chain resolves when its root identifier does: find the
	// root and the attributes on the way down, then join the name once
	// (joining at each level made a string per level).
	var attrs [8]*Node
	chain := attrs[:0]
	for n.Type() == "attribute" {
		obj, attr := n.Child("object"), n.Child("attribute")
		if obj == nil || attr == nil {
			return ""
		}
		chain = append(chain, attr)
		n = obj
	}
	if n.Type() != "identifier" {
		return ""
	}
	b := scope[c.Masked[n.Start():n.End()]]
	if b == nil {
		return ""
	}
	if len(chain) == 0 || b.Qualified == "" {
		return b.Qualified
	}
	size := len(b.Qualified)
	for _, a := range chain {
		size += 1 + a.End() - a.Start()
	}
	var q strings.Builder
	q.Grow(size)
	q.WriteString(b.Qualified)
	for i := len(chain) - 1; i >= 0; i-- {
		q.WriteByte('.')
		q.WriteString(c.Masked[chain[i].Start():chain[i].End()])
	}
	return q.String()
}

// Use is one reference to a binding.
type Use struct {
	// Cell is the position in Document.Cells.
	Cell int
	// Ident is the identifier node.
	Ident *Node
	// Chain is the longest attribute chain starting at Ident
	// (tf.keras.layers.Dense for the tf in it); Ident itself when none.
	Chain *Node
}

// Uses lists the references to b in the cells where b is the visible
// binding of its name. Import statements and the binding itself are not
// uses.
func (m *Model) Uses(b *Binding) []Use {
	var uses []Use
	for i := b.Cell; i < len(m.doc.Cells); i++ {
		if m.scopes[i][b.Name] != b {
			if i > b.Cell {
				break
			}
			continue
		}
		m.eachLoad(i, func(n *Node, nb *Binding) {
			if nb == b && n != b.Node {
				uses = append(uses, Use{Cell: i, Ident: n, Chain: chainFrom(n)})
			}
		})
	}
	return uses
}

// isLoad reports whether an identifier reads a variable, as opposed to
// naming an attribute, a keyword argument, a parameter or a definition.
func isLoad(n *Node) bool {
	p := n.Parent
	if p == nil {
		return false
	}
	switch p.Type() {
	case "attribute":
		return n.Field() == "object"
	case "keyword_argument":
		return n.Field() == "value"
	case "function_definition", "class_definition":
		return n.Field() != "name"
	case "parameters", "default_parameter", "typed_parameter", "typed_default_parameter", "lambda_parameters":
		return n.Field() == "value"
	case "assignment", "augmented_assignment":
		return n.Field() != "left" || p.Type() == "augmented_assignment"
	}
	return true
}

// chainFrom climbs from an identifier to the outermost attribute node whose
// leftmost object it is.
func chainFrom(n *Node) *Node {
	for n.Parent != nil && n.Parent.Type() == "attribute" && n.Field() == "object" {
		n = n.Parent
	}
	return n
}

// usedImports records which import bindings have at least one use, in one
// walk over the document (asking Uses for each binding would walk it once
// per binding).
func (m *Model) usedImports() map[string]bool {
	used := map[string]bool{}
	// An import can only be removed from an editable cell, and it is only
	// read in cells at or after its own.
	for i := m.doc.FirstEditable; i < len(m.doc.Cells); i++ {
		m.eachLoad(i, func(n *Node, b *Binding) {
			if b.Kind != AliasBinding && n != b.Node {
				used[m.bindingKey(b)] = true
			}
		})
	}
	return used
}

// eachLoad calls fn for every identifier of cell i that reads a bound
// name, with the binding it reads. Import statements bind, never read.
func (m *Model) eachLoad(i int, fn func(n *Node, b *Binding)) {
	for _, l := range m.loadsOf(i) {
		fn(l.ident, l.binding)
	}
}

// load is an identifier that reads a bound name, and the binding it reads.
type load struct {
	ident   *Node
	binding *Binding
}

// loadsOf returns the loads of cell i in source order, listing them on
// first use: Uses asks for them once per binding.
func (m *Model) loadsOf(i int) []load {
	m.loadsMu.Lock()
	defer m.loadsMu.Unlock()
	if l, ok := m.loads[i]; ok {
		return l
	}
	c := m.doc.Cells[i]
	var out []load
	c.Each(func(n *Node) bool {
		switch n.Type() {
		case "import_statement", "import_from_statement", "future_import_statement":
			return false
		case "identifier":
			if b := m.scopes[i][c.Masked[n.Start():n.End()]]; b != nil && isLoad(n) {
				out = append(out, load{n, b})
			}
		}
		return true
	}, "import_statement", "import_from_statement", "future_import_statement", "identifier")
	if m.loads == nil {
		m.loads = map[int][]load{}
	}
	m.loads[i] = out
	return out
}

// bindingKey identifies a binding across re-parses of a document.
func (m *Model) bindingKey(b *Binding) string {
	return fmt.Sprintf("%d\x00%s\x00%s", m.doc.Cells[b.Cell].Index, b.Name, b.Qualified)
}

// WasUsed reports whether b was used before any fix was applied to the
// document. Bindings that fixes created report false.
func (d *Document) WasUsed(b *Binding) bool {
	return d.baselineUses[d.model.bindingKey(b)]
}

// Model returns the document's semantic model.
func (d *Document) Model() *Model { return d.model }
