package cellfix

import (
	"bytes"
	"sync/atomic"

	sitter "github.com/smacker/go-tree-sitter"
)

// A huge script is parsed in pieces. Tree-sitter's own tree takes about
// 100 times the text, and it was alive together with the flat copy of it,
// so parsing a script of a million lines in one go peaked at some 130 times
// its size. parseChunked cuts the text before top-level statements into
// chunks of about chunkBytes, parses each on its own, flattens it, frees
// its C tree and builds its Go nodes before parsing the next: the
// top-level statements of every chunk become children of one module node,
// at their offsets in the whole text. The result is the tree a parse of the
// whole text gives, node for node (TestChunkedParseMatches), so the engine
// and the rules see no difference; only the peak is lower: the Go tree and
// one chunk's C tree and flat copy.
//
// Where a cut could change how the text parses, it is not made: cuts fall
// only at the start of a line that begins a statement at column 0, outside
// brackets and strings, after a line of code (not a comment, a blank line
// or a continued line), and neither before nor after a decorator. A chunk
// that still parses with a syntax error (the scan is a cheap approximation
// of Python's lexer) makes the whole text be parsed in one go, as before.

// chunkThreshold is the size above which a text is parsed in chunks, and
// chunkBytes the size a chunk reaches before it is cut. Variables so that
// tests can cut small texts into many chunks.
var (
	chunkThreshold = 1 << 20
	chunkBytes     = 256 << 10
)

// chunkedParses counts the texts parsed in chunks, for tests.
var chunkedParses atomic.Int64

// chunkStarts returns the offsets where src is cut: each chunk after the
// first starts at one. It returns nil when src cannot be cut.
func chunkStarts(src []byte, size int) []int {
	var starts []int
	const (
		code = iota
		inShort
		inLong
	)
	state := code
	var quote byte
	depth := 0
	last := 0            // offset of the last cut (0: the text's start)
	lineHasCode := false // the current line has a token outside comments
	prevCode := false    // the line before the current one has code
	// topDecorator says the last line that starts a statement at column 0
	// is a decorator.
	topDecorator := len(src) > 0 && src[0] == '@'
	for i := 0; i < len(src); i++ {
		b := src[i]
		switch state {
		case inShort, inLong:
			switch {
			case b == '\\':
				i++ // the escaped byte, a newline included
			case b == '\n' && state == inShort:
				state = code // an unterminated string ends at the line's end
				i--          // handle the newline as code
			case b == quote && (state == inShort || (i+2 < len(src) && src[i+1] == quote && src[i+2] == quote)):
				if state == inLong {
					i += 2
				}
				state = code
			}
			continue
		}
		switch b {
		case '#':
			if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(src)
			}
		case '\'', '"':
			lineHasCode = true
			quote = b
			if i+2 < len(src) && src[i+1] == b && src[i+2] == b {
				state = inLong
				i += 2
			} else {
				state = inShort
			}
		case '(', '[', '{':
			lineHasCode = true
			depth++
		case ')', ']', '}':
			lineHasCode = true
			if depth > 0 {
				depth--
			}
		case '\\':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++ // not a line's end: the next line continues this one
				continue
			}
			lineHasCode = true
		case '\n':
			prevCode = lineHasCode
			lineHasCode = false
			next := i + 1
			if depth == 0 && next < len(src) {
				if cut := startsTopStatement(src[next:]); cut >= 0 {
					isDecorator := src[next] == '@'
					if cut == 1 && prevCode && !topDecorator && !isDecorator && next-last >= size {
						starts = append(starts, next)
						last = next
					}
					topDecorator = isDecorator
				}
			}
		case ' ', '\t', '\r', '\f':
		default:
			lineHasCode = true
		}
	}
	return starts
}

// startsTopStatement says what the line at the start of line begins: 1 a
// statement at column 0 that may start a chunk, 0 one that continues the
// statement before it (else, elif, except, finally), -1 anything else (an
// indented line, a comment, a blank line, a closing bracket).
func startsTopStatement(line []byte) int {
	switch c := line[0]; {
	case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '#' || c == ')' || c == ']' || c == '}':
		return -1
	}
	for _, kw := range [][]byte{[]byte("else"), []byte("elif"), []byte("except"), []byte("finally")} {
		if bytes.HasPrefix(line, kw) && (len(line) == len(kw) || !isIdentByte(line[len(kw)])) {
			return 0
		}
	}
	return 1
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 0x80 || (b >= '0' && b <= '9') || (b|0x20 >= 'a' && b|0x20 <= 'z')
}

// parseChunked parses src cut at starts, building the Go nodes of each
// chunk as soon as it is parsed, in an array of their own: the top-level
// statements of every chunk become children of one module node, which
// spans from the first chunk's root's start to the last one's end. Each
// top-level statement's subtree lies in one array, in preorder, and the
// preorder indexes (Node.pre) count through all chunks, so preorder walks
// the tree as one (preorderRuns). ok is false when a chunk has a syntax
// error, or the tree exceeds a limit: the text must then be parsed whole,
// which also gives the limit's error as it always did. nodes counts the
// tree's nodes.
func parseChunked(p *sitter.Parser, src []byte, starts []int) (root *Node, nodes int, ok bool, err error) {
	g := pythonGrammar()
	root = &Node{}
	var top []*Node
	total := 1 // nodes so far, the root included
	for k := 0; k <= len(starts); k++ {
		from, to := 0, len(src)
		if k > 0 {
			from = starts[k-1]
		}
		if k < len(starts) {
			to = starts[k]
		}
		flats, err := parseFlat(p, flatBuffers.Get().(*[]flatNode), src[from:to])
		if err != nil {
			return nil, 0, false, err
		}
		flat, depth := flats.nodes(0), flats.depths[0]
		ok := depth <= maxCellDepth && total+len(flat)-1 <= maxCellNodes && !hasSyntaxError(g, flat)
		if ok {
			if k == 0 {
				setChunkRoot(g, root, &flat[0])
			}
			root.end = int32(int(flat[0].end) + from)
			top = appendChunk(g, root, top, flat, from, total)
			total += len(flat) - 1
		}
		flats.release()
		if !ok {
			return nil, 0, false, nil
		}
	}
	root.setChildren(top)
	chunkedParses.Add(1)
	return root, total, true, nil
}

// hasSyntaxError reports whether flat has an ERROR or MISSING node.
func hasSyntaxError(g *grammarNames, flat []flatNode) bool {
	for i := range flat {
		if flat[i].missing != 0 || g.symbol(uint16(flat[i].symbol)).error {
			return true
		}
	}
	return false
}

// setChunkRoot sets the root from the first chunk's root, f.
func setChunkRoot(g *grammarNames, root *Node, f *flatNode) {
	info := g.symbol(uint16(f.symbol))
	root.typ = info.typ
	root.Named = info.named
	root.start = int32(f.start)
	root.field = uint8(f.field)
	root.Error = info.error || f.missing != 0
}

// appendChunk builds the nodes of one chunk's flat nodes but its root, in
// one array, as buildTree does: offsets move by the chunk's offset, the
// first node's preorder index is first, and the chunk root's children are
// appended to top (the root's children) and returned.
func appendChunk(g *grammarNames, root *Node, top []*Node, flat []flatNode, offset, first int) []*Node {
	nodes := make([]Node, len(flat)-1)
	kids := make([]*Node, len(flat)-1-int(flat[0].child_count))
	next := 0
	for i := 1; i < len(flat); i++ {
		f := &flat[i]
		n := &nodes[i-1]
		info := g.symbol(uint16(f.symbol))
		n.typ = info.typ
		n.Named = info.named
		n.start = int32(int(f.start) + offset)
		n.end = int32(int(f.end) + offset)
		n.field = uint8(f.field)
		n.Error = info.error || f.missing != 0
		n.pre = int32(first + i - 1)
		if c := int(f.child_count); c > 0 {
			n.kids = &kids[next]
			next += c
		}
		if f.parent == 0 {
			n.Parent = root
			top = append(top, n)
		} else {
			p := &nodes[f.parent-1]
			n.Parent = p
			p.appendChild(n)
		}
		if n.scope = n.Parent.scope; nodeTypeScopes[n.Parent.typ%maxNodeTypes] {
			n.scope = n.Parent
		}
	}
	return top
}
