package cellfix

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
