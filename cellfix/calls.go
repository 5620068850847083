package cellfix

import (
	"slices"
	"sync/atomic"
)

// Rules that follow a value across cells (a path saved here and loaded
// there, a loss compiled before a load) walk the calls of the document on
// one side of a call. These helpers hold that walk once.

// CallsBefore calls visit for each call of the document that starts before
// n: in the cells before n's, then in n's cell. It stops when visit returns
// false.
func (p *Pass) CallsBefore(n *Node, visit func(cell int, c *Cell, call *Node) bool) {
	p.CallsBeforeIn(p.CellPos, n, visit)
}

// CallsBeforeIn is CallsBefore for a node n of the cell at position cell
// (a save found in an earlier cell).
func (p *Pass) CallsBeforeIn(cell int, n *Node, visit func(cell int, c *Cell, call *Node) bool) {
	p.eachCall(0, cell, func(i int, call *Node) bool { return i < cell || call.Start() < n.Start() }, visit)
}

// CallsAfter calls visit for each call of the document that starts after n
// ends: in n's cell, then in the cells after it. It stops when visit returns
// false.
func (p *Pass) CallsAfter(n *Node, visit func(cell int, c *Cell, call *Node) bool) {
	p.eachCall(p.CellPos, len(p.Doc.Cells)-1, func(i int, call *Node) bool { return i > p.CellPos || call.Start() >= n.End() }, visit)
}

// DocumentCalls calls visit for each call of the document, in order. It
// stops when visit returns false.
func (p *Pass) DocumentCalls(visit func(cell int, c *Cell, call *Node) bool) {
	p.eachCall(0, len(p.Doc.Cells)-1, func(int, *Node) bool { return true }, visit)
}

// eachCall visits the calls of cells first..last that keep says to.
func (p *Pass) eachCall(first, last int, keep func(cell int, call *Node) bool, visit func(cell int, c *Cell, call *Node) bool) {
	going := true
	for i := first; i <= last && going; i++ {
		c := p.Doc.Cells[i]
		if c.Root == nil {
			continue
		}
		for _, n := range c.kindsOf().list("call") {
			if keep(i, n) && !visit(i, c, n) {
				going = false
				break
			}
		}
	}
}

// CalledMethod returns the name of the attribute a call calls
// (`save_weights` for `model.save_weights(...)`), or "".
func CalledMethod(c *Cell, call *Node) string {
	fn := call.Child("function")
	if fn == nil || fn.Type() != "attribute" {
		return ""
	}
	attr := fn.Child("attribute")
	if attr == nil {
		return ""
	}
	return c.Masked[attr.Start():attr.End()]
}

// MethodCallsBeforeIn is CallsBeforeIn for the calls of the method named
// method only (those for which CalledMethod gives method).
func (p *Pass) MethodCallsBeforeIn(cell int, n *Node, method string, visit func(cell int, c *Cell, call *Node) bool) {
	for i := 0; i <= cell; i++ {
		c := p.Doc.Cells[i]
		for _, call := range p.MethodCallsIn(i, method) {
			if i == cell && call.Start() >= n.Start() {
				continue
			}
			if !visit(i, c, call) {
				return
			}
		}
	}
}

// MethodCallsIn returns the calls of the method named method (those for
// which CalledMethod gives method) in the cell at position cell, in the
// order Walk visits them.
func (p *Pass) MethodCallsIn(cell int, method string) []*Node {
	return p.nodesNamed(cell, methodCallNames, method)
}

// NameCallsIn returns the calls of the plain name name (name(...)) in the
// cell at position cell, in the order Walk visits them.
func (p *Pass) NameCallsIn(cell int, name string) []*Node {
	return p.nodesNamed(cell, plainCallNames, name)
}

// SubclassesIn returns the class definitions of the cell at position cell
// that name name as a base, as `name` or `module.name`, in the order Walk
// visits them.
func (p *Pass) SubclassesIn(cell int, name string) []*Node {
	return p.nodesNamed(cell, baseNames, name)
}

// TopLevelFunctionsIn returns the function definitions named name at the
// top level of the cell at position cell, decorated or not, in the order
// Walk visits them (the definition, not its decorated_definition).
func (p *Pass) TopLevelFunctionsIn(cell int, name string) []*Node {
	return p.nodesNamed(cell, topLevelDefs, name)
}

// IdentifiersIn returns the identifiers spelled name in the cell at
// position cell, in the order Walk visits them.
func (p *Pass) IdentifiersIn(cell int, name string) []*Node {
	return p.nodesNamed(cell, identifierNames, name)
}

// Rules follow a model or a layer through the document by its name, once
// for each layer or load of a cell: walking every later cell for the
// name's uses each time cost the square of the document per check, and
// the engine checks a large script once per statement it plans. cellNames
// lists the nodes of each name once per cell and document instead.

// A nodeNaming says which names a node of its type goes by.
type nodeNaming struct {
	typ   string
	names func(c *Cell, n *Node) []string
}

// The namings cellNames lists nodes by.
var (
	methodCallNames = &nodeNaming{"call", func(c *Cell, n *Node) []string { return nonEmpty(CalledMethod(c, n)) }}
	plainCallNames  = &nodeNaming{"call", func(c *Cell, n *Node) []string { return nonEmpty(calledName(c, n)) }}
	baseNames       = &nodeNaming{"class_definition", classBases}
	identifierNames = &nodeNaming{"identifier", func(c *Cell, n *Node) []string { return []string{c.Masked[n.Start():n.End()]} }}
	topLevelDefs    = &nodeNaming{"function_definition", topLevelFunctionName}
	namings         = []*nodeNaming{methodCallNames, plainCallNames, baseNames, identifierNames, topLevelDefs}
)

// topLevelFunctionName returns the name of a function definition at the top
// level of its cell, decorated or not; nothing for one inside a class or
// function.
func topLevelFunctionName(c *Cell, def *Node) []string {
	up := def.Parent
	if up != nil && up.Type() == "decorated_definition" {
		up = up.Parent
	}
	if up != c.Root {
		return nil
	}
	if id := def.Child("name"); id != nil {
		return []string{c.Masked[id.Start():id.End()]}
	}
	return nil
}

func nonEmpty(name string) []string {
	if name == "" {
		return nil
	}
	return []string{name}
}

// calledName returns the name a call calls when that is a plain name
// (`Dense` for `Dense(4)`), or "".
func calledName(c *Cell, call *Node) string {
	if fn := call.Child("function"); fn != nil && fn.Type() == "identifier" {
		return c.Masked[fn.Start():fn.End()]
	}
	return ""
}

// classBases returns the names of the bases a class definition names as
// `name` or `module.name`.
func classBases(c *Cell, class *Node) []string {
	var names []string
	for _, b := range class.Child("superclasses").NamedChildren() {
		if b.Type() == "attribute" {
			b = b.Child("attribute")
		}
		if b != nil && b.Type() == "identifier" {
			names = append(names, c.Masked[b.Start():b.End()])
		}
	}
	return names
}

// nodesNamed returns the nodes that go by name under naming in the cell at
// position cell, in the order Walk visits them.
func (p *Pass) nodesNamed(cell int, naming *nodeNaming, name string) []*Node {
	c := p.Doc.Cells[cell]
	if c.Root == nil {
		return nil
	}
	if !indexNames {
		var out []*Node
		for _, n := range c.NodesOf(naming.typ) {
			if slices.Contains(naming.names(c, n), name) {
				out = append(out, n)
			}
		}
		return out
	}
	namesIndexed.Add(1)
	names, _ := cellNames.Of(p.Doc).of(cell, func() map[*nodeNaming]map[string][]*Node { return nameCell(c) })
	return names[naming][name]
}

// indexNames says whether the lookups by name look in cellNames rather
// than ranging over every node of the type (a variable for tests, which
// compare both ways); namesIndexed counts the lookups.
var (
	indexNames   = true
	namesIndexed atomic.Int64
)

// cellNames lists the nodes of each cell of a document by naming and name,
// each list in the order Walk visits them; a cell is listed when first
// asked about.
var cellNames = NewFact("cell-names", func(*Document) *lockedMemo[int, map[*nodeNaming]map[string][]*Node] {
	return &lockedMemo[int, map[*nodeNaming]map[string][]*Node]{}
})

// nameCell lists the nodes of cell c by naming and name.
func nameCell(c *Cell) map[*nodeNaming]map[string][]*Node {
	out := map[*nodeNaming]map[string][]*Node{}
	for _, naming := range namings {
		byName := map[string][]*Node{}
		for _, n := range c.NodesOf(naming.typ) {
			for _, name := range naming.names(c, n) {
				// A class naming one base twice is listed once.
				if l := byName[name]; len(l) == 0 || l[len(l)-1] != n {
					byName[name] = append(l, n)
				}
			}
		}
		out[naming] = byName
	}
	return out
}
