package cellfix

import (
	"fmt"
	"strings"
	"testing"
)

// TestChunkedParseMatches checks that a text parsed in chunks, cut before
// every top-level statement where chunkStarts allows, gives the tree a
// whole parse gives, node for node, on the corpus of the flattening tests
// and on texts made to have cuts next to comments, decorators, continued
// lines, strings and compound statements.
func TestChunkedParseMatches(t *testing.T) {
	corpus := flattenCorpus()
	repoSources(t, corpus)
	corpus["cut-edges"] = chunkEdgeCases
	defer ChunkEverything()()
	before := ChunkedParses()
	cut := 0
	for name, src := range corpus {
		if len(chunkStarts([]byte(src), 1)) > 0 {
			cut++
		}
		got, chunked, err := parseLaidOut([]byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := sameTree(got, cursorTree(t, []byte(src))); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		i := 0
		preorderRuns(got, chunked, func(nodes []Node) {
			for j := range nodes {
				if n := &nodes[j]; int(n.pre) != i || n.Root() != got {
					t.Errorf("%s: %s: preorder index %d at %d, or wrong root", name, pathOf(n), n.pre, i)
				}
				i++
			}
		})
		if want := int(lastDescendant(got).pre) + 1; i != want {
			t.Errorf("%s: %d nodes in preorder, want %d", name, i, want)
		}
	}
	if parsed := ChunkedParses() - before; parsed < int64(cut)*9/10 || cut < 50 {
		t.Errorf("%d texts parsed in chunks, %d could be cut: the comparison compared too little", parsed, cut)
	}
}

// chunkEdgeCases has, at column 0, the places where a cut would change the
// parse: chunkStarts must not cut there (or the chunk has a syntax error
// and the text is parsed whole).
const chunkEdgeCases = `import os
x = 1
# a comment between statements
y = 2

def f():
    return 1
    # an indented comment after the body
z = 3

def g():
    pass
# a comment at column 0 after a body
@decorator
@other(
    arg)
def h():
    pass
s = """a string
x = 4
"""
t = 'not \
closed yet' ; u = 5
v = [
1,
2]
w = 1 + \
2
if x:
    pass
elif y:
    pass
else:
    pass
try:
    pass
except Exception:
    pass
finally:
    pass
class A: pass
f"{x!r:>{y}}"
last = 6`

// TestChunkStarts checks where chunkStarts cuts.
func TestChunkStarts(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string // the lines that start a chunk
	}{
		{"a = 1\nb = 2\nc = 3\n", []string{"b = 2", "c = 3"}},
		{"a = (\n1)\nb = 2\n", []string{"b = 2"}},
		{"a = '''\nb = 2\n'''\nc = 3\n", []string{"c = 3"}},
		{"a = 1 \\\n+ 2\nb = 2\n", []string{"b = 2"}},
		{"# c\na = 1\n# c\nb = 2\n", nil},
		{"a = 1\n\nb = 2\n", nil},
		{"if a:\n    b\nelse:\n    c\nd = 1\n", []string{"d = 1"}},
		{"@d\ndef f():\n    pass\nx = 1\n", []string{"x = 1"}},
		{"s = 'a\\\nb = 2'\nc = 3\n", []string{"c = 3"}}, // an escaped newline continues the string
		{"s = 'a\nb = 2\n", []string{"b = 2"}},
	} {
		var got []string
		for _, at := range chunkStarts([]byte(c.src), 1) {
			got = append(got, strings.SplitN(c.src[at:], "\n", 2)[0])
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: cuts before %q, want %q", c.src, got, c.want)
		}
	}
}
