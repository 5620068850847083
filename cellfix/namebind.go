package cellfix

import (
	"strings"
	"sync/atomic"
)

// NameBinding is one place where the code binds a name.
type NameBinding struct {
	// Cell is the position in Document.Cells of the binding's cell.
	Cell int
	// Node is the identifier bound, or the import entry that binds it.
	Node *Node
	// Once is set when the binding runs at most once and binds a global:
	// it stands at module level, outside any function, class, lambda,
	// comprehension or loop.
	Once bool
}

// Before reports whether the binding stands before offset at of the cell
// at position cell.
func (b NameBinding) Before(cell, at int) bool {
	return b.Cell < cell || (b.Cell == cell && b.Node.End() <= at)
}

// BindingsOf returns, in document order, every place that may bind name:
// an assignment, augmented assignment, walrus or for target, an import,
// a def or class, a with/except alias, a global, nonlocal or del
// statement, wherever it stands. Parameters are left out: they bind a
// function's locals only. star reports a `from m import *`, which may bind
// any name.
func (d *Document) BindingsOf(name string) (sites []NameBinding, star bool) {
	if !indexBindings {
		return d.scanBindings(name)
	}
	bindingsIndexed.Add(1)
	x := nameBindings.Of(d)
	return x.byName[name], x.star
}

// A rule asks for the bindings of each name a lambda reads, once per
// lambda of a loaded model: walking the document each time cost the
// square of the document per check. nameBindings lists the bindings of
// every name once per document instead.

// bindingIndex is the bindings of a document by name, each list in
// document order, and whether it has a `from m import *`.
type bindingIndex struct {
	byName map[string][]NameBinding
	star   bool
}

// nameBindings is the document's bindingIndex.
var nameBindings = NewFact("name-bindings", func(d *Document) *bindingIndex {
	x := &bindingIndex{byName: map[string][]NameBinding{}}
	d.eachBinding(func(name string, b NameBinding) { x.byName[name] = append(x.byName[name], b) },
		func() { x.star = true })
	return x
})

// indexBindings says whether BindingsOf looks in nameBindings rather than
// walking the document (a variable for tests, which compare both ways);
// bindingsIndexed counts the lookups.
var (
	indexBindings   = true
	bindingsIndexed atomic.Int64
)

// eachBinding calls bind for every binding of the document in document
// order, with the name it binds, and star for each `from m import *`.
func (d *Document) eachBinding(bind func(name string, b NameBinding), star func()) {
	for i, c := range d.Cells {
		if c.Root == nil {
			continue
		}
		c.Root.Walk(func(n *Node) bool {
			switch {
			case n.Type() == "import_statement" || n.Type() == "import_from_statement":
				for _, ch := range n.Children() {
					if ch.Type() == "wildcard_import" {
						star()
					}
				}
				for _, im := range ImportedNames(n) {
					bind(importBinds(c, n, im), NameBinding{Cell: i, Node: im.Entry, Once: runsOnce(n)})
				}
				return false
			case n.Type() == "identifier" && bindsIdentifier(n):
				at := n
				if n.Field() == "name" && (n.Parent.Type() == "function_definition" || n.Parent.Type() == "class_definition") {
					at = n.Parent // a definition's own name belongs to the scope around it
				}
				bind(c.Masked[n.Start():n.End()], NameBinding{Cell: i, Node: n, Once: runsOnce(at)})
			}
			return true
		})
	}
}

// scanBindings is BindingsOf by walking the document.
func (d *Document) scanBindings(name string) (sites []NameBinding, star bool) {
	for i, c := range d.Cells {
		if c.Root == nil || (!strings.Contains(c.Masked, name) && !strings.Contains(c.Masked, "import")) {
			continue
		}
		c.Root.Walk(func(n *Node) bool {
			switch {
			case n.Type() == "import_statement" || n.Type() == "import_from_statement":
				for _, ch := range n.Children() {
					star = star || ch.Type() == "wildcard_import"
				}
				for _, im := range ImportedNames(n) {
					if importBinds(c, n, im) == name {
						sites = append(sites, NameBinding{Cell: i, Node: im.Entry, Once: runsOnce(n)})
					}
				}
				return false
			case n.Type() == "identifier" && c.Masked[n.Start():n.End()] == name && bindsIdentifier(n):
				at := n
				if n.Field() == "name" && (n.Parent.Type() == "function_definition" || n.Parent.Type() == "class_definition") {
					at = n.Parent // a definition's own name belongs to the scope around it
				}
				sites = append(sites, NameBinding{Cell: i, Node: n, Once: runsOnce(at)})
			}
			return true
		})
	}
	return sites, star
}

// importBinds returns the name an import entry binds: its alias, the
// first part of `import a.b`, or the name of `from m import name`.
func importBinds(c *Cell, stmt *Node, im ImportedName) string {
	if im.Alias != nil {
		return c.Masked[im.Alias.Start():im.Alias.End()]
	}
	if im.Name == nil {
		return ""
	}
	name := dotted(c.Masked[im.Name.Start():im.Name.End()])
	if stmt.Type() == "import_statement" {
		name = strings.SplitN(name, ".", 2)[0]
	}
	return name
}

// targetPatterns hold the names of an unpacking target.
var targetPatterns = map[string]bool{
	"pattern_list": true, "tuple_pattern": true, "list_pattern": true, "list_splat_pattern": true,
	"parenthesized_expression": true, "tuple": true, "list": true, "as_pattern_target": true,
}

// bindsIdentifier reports whether identifier n is a name being bound.
func bindsIdentifier(n *Node) bool {
	ch, p := n, n.Parent
	for p != nil && targetPatterns[p.Type()] {
		ch, p = p, p.Parent
	}
	if p == nil {
		return false
	}
	switch p.Type() {
	case "assignment", "augmented_assignment", "for_statement", "for_in_clause":
		return ch.Field() == "left"
	case "function_definition", "class_definition", "named_expression":
		return ch.Field() == "name"
	case "as_pattern":
		return ch.Field() == "alias"
	case "global_statement", "nonlocal_statement", "delete_statement", "except_clause":
		// except E as e: older grammars give the alias no field; counting
		// E too errs on the side of a binding.
		return true
	}
	return false
}

// runsOnce reports whether n stands at module level outside any loop.
func runsOnce(n *Node) bool {
	return n.Ancestor("function_definition", "class_definition", "lambda", "list_comprehension",
		"dictionary_comprehension", "set_comprehension", "generator_expression", "for_statement", "while_statement") == nil
}
