package cellfix

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// cursorTree is the reference the flat conversion is checked against: the
// tree as go-tree-sitter's own Go API shows it, walked node by node with its
// cursor (this was the conversion before flatten.c). It is iterative, like
// buildTree, so that deep trees do not depend on stack size.
func cursorTree(t testing.TB, src []byte) *Node {
	t.Helper()
	parser := sitter.NewParser()
	defer parser.Close()
	lang := python.GetLanguage()
	parser.SetLanguage(lang)
	tree, err := parser.ParseCtx(context.Background(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	cur := sitter.NewTreeCursor(tree.RootNode())
	defer cur.Close()
	// Children are collected here and given to their parents at the end:
	// a node's slice of children must not move once set.
	children := map[*Node][]*Node{}
	node := func(field string, parent *Node) *Node {
		sn := cur.CurrentNode()
		n := handMadeNode(t, sn.Type(), field, int(sn.StartByte()), int(sn.EndByte()), parent)
		n.Named = sn.IsNamed()
		n.Error = sn.IsError() || sn.IsMissing()
		if parent != nil {
			children[parent] = append(children[parent], n)
		}
		return n
	}
	done := func(top *Node) *Node {
		for p, kids := range children {
			p.setChildren(kids)
		}
		return top
	}
	top := node("", nil)
	n := top
	for {
		if cur.GoToFirstChild() {
			n = node(cur.CurrentFieldName(), n)
			continue
		}
		for !cur.GoToNextSibling() {
			if !cur.GoToParent() {
				return done(top)
			}
			n = n.Parent
		}
		n = node(cur.CurrentFieldName(), n.Parent)
	}
}

// handMadeNode makes a node of the given type, field and span, as a test
// builds it without a parse, failing the test when the grammar has no such
// type or field.
func handMadeNode(t testing.TB, typ, field string, start, end int, parent *Node) *Node {
	t.Helper()
	g := pythonGrammar()
	id, ok := g.typeIDs[typ]
	if !ok {
		t.Fatalf("node type %q is not in the grammar", typ)
	}
	fid := slices.Index(g.fields, field)
	if fid < 0 {
		t.Fatalf("field %q is not in the grammar", field)
	}
	return &Node{typ: id, field: uint8(fid), start: int32(start), end: int32(end), Parent: parent}
}

// sameTree reports the first difference between two trees, walking both in
// preorder with explicit stacks. Parent links are compared by position.
func sameTree(got, want *Node) error {
	type pair struct{ got, want *Node }
	stack := []pair{{got, want}}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		g, w := p.got, p.want
		gotFields := fmt.Sprintf("%s [%d,%d) named=%v field=%q error=%v children=%d", g.Type(), g.Start(), g.End(), g.Named, g.Field(), g.Error, len(g.Children()))
		wantFields := fmt.Sprintf("%s [%d,%d) named=%v field=%q error=%v children=%d", w.Type(), w.Start(), w.End(), w.Named, w.Field(), w.Error, len(w.Children()))
		if gotFields != wantFields {
			return fmt.Errorf("%s:\n got %s\nwant %s", pathOf(w), gotFields, wantFields)
		}
		for i := len(g.Children()) - 1; i >= 0; i-- {
			gc, wc := g.Children()[i], w.Children()[i]
			if gc.Parent != g || wc.Parent != w {
				return fmt.Errorf("%s child %d: parent link wrong", pathOf(w), i)
			}
			stack = append(stack, pair{gc, wc})
		}
	}
	return nil
}

// pathOf names a node by the types of its ancestors, for error messages.
func pathOf(n *Node) string {
	var types []string
	for ; n != nil; n = n.Parent {
		types = append(types, n.Type())
	}
	slices.Reverse(types)
	return strings.Join(types, "/")
}

// flattenCorpus is code written for this test: the constructs of Python's
// grammar that Keras notebooks use and some they rarely do, plus broken code
// (ERROR and MISSING nodes) and deep nesting.
func flattenCorpus() map[string]string {
	corpus := map[string]string{
		"empty":      "",
		"whitespace": "\n\n   \n",
		"comment":    "# only a comment\n",
		"statements": `from __future__ import annotations
import os, sys as system
from .pkg import (a, b as c)
from ..x import *

@decorator(arg=1)
class Stack(Base, metaclass=Meta):
    """Docstring with "quotes" and \N{BULLET}."""
    items: list[int] = []

    def __init__(self, *args, key=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._items = [x for x in args if x is not None]
        self.lookup = {k: v for k, v in kwargs.items()}
        self.flags = {f for f in ("a", "b")}
        self.gen = (i * 2 for i in range(10) if i % 3)

    async def pop(self, /, timeout: float = 1.0):
        async with lock:
            async for item in source():
                await item
        return self._items.pop() if self._items else None

    @property
    def size(self): return len(self._items)

def outer():
    total = 0
    def inner(n):
        nonlocal total
        global COUNT
        total += n
        return lambda y=n: y ** 2
    try:
        with open("f") as fh, open("g") as gh:
            pass
    except (ValueError, KeyError) as err:
        raise RuntimeError("bad") from err
    except* TypeError:
        pass
    else:
        del total
    finally:
        assert total >= 0, "negative"
    while True:
        break
    else:
        continue
    for i, (a, b) in enumerate(pairs):
        print(f"{i!r:>{width}} {a + b=}", end="", file=sys.stderr)
    match command.split():
        case [action, *rest] if action != "":
            pass
        case {"x": 1, **others}:
            pass
        case Point(x=0) | None:
            pass
        case _:
            pass
    x = y = z = 1_000_000 + 0x1F - 0o17 * 0b101 / 1.5e-3j
    s = r"raw\d" b"bytes" "concat" '''triple
quoted'''
    v = a[1:2, ::3, ...] @ m
    w = not a and b or c < d <= e != f in g not in h is i is not j
    t = (yield)
    u = yield from gen()
    print(*args, sep=", ")
    return (x := 10)
type Alias = list[int]
`,
		"keras": `import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(32,)),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(lr=1e-3), loss="sparse_categorical_crossentropy")
history = model.fit(x_train, y_train, epochs=5, validation_split=0.2, workers=4)
model.save("model.h5")
%matplotlib inline
!pip install keras
`,
		"error unclosed call":   "x = f(\n",
		"error missing paren":   "print(1\n",
		"error missing token":   "def f(:\n    pass\n",
		"error missing colon":   "if x\n    pass\n",
		"error bad indent":      "def f():\nreturn 1\n",
		"error stray tokens":    "x = = 1\n)))\n]]\n",
		"error in class":        "class A:\n    def f(self:\n        return\n    x = [1, 2\n",
		"error unterminated":    "s = 'abc\nt = \"\"\"never closed\n",
		"error only operators":  "+ - * / ** // %\n",
		"error nul and unicode": "x = 'é' \x00 y\n名前 = 1\n",
		"crlf":                  "x = 1\r\nif x:\r\n    y = 2\r\n",
		"tabs":                  "if x:\n\tif y:\n\t\tpass\n",
		"nested parens":         strings.Repeat("(", 10000) + "x" + strings.Repeat(")", 10000) + "\n",
		"nested calls":          strings.Repeat("f(", 10000) + "x" + strings.Repeat(")", 10000) + "\n",
		"nested unclosed":       strings.Repeat("[", 10000) + "\n",
		"nested blocks":         nestedBlocks(100),
		"long line":             "y = " + strings.Repeat("tf.keras.layers.Dense(1)(x) + ", 1000) + "0\n",
		"many lines":            strings.Repeat("a = b.c(d)\n", 5000),
	}
	return corpus
}

// nestedBlocks is depth levels of indented if statements.
func nestedBlocks(depth int) string {
	var b strings.Builder
	for i := range depth {
		fmt.Fprintf(&b, "%sif x%d:\n", strings.Repeat(" ", i), i)
	}
	fmt.Fprintf(&b, "%spass\n", strings.Repeat(" ", depth))
	return b.String()
}

// repoSources adds the repository's Python fixtures and the code cells of
// its notebooks (examples and test data) to the corpus.
func repoSources(t *testing.T, corpus map[string]string) {
	t.Helper()
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "results") {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".py":
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			corpus[path] = string(data)
		case ".ipynb":
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var nb struct {
				Cells []struct {
					CellType string          `json:"cell_type"`
					Source   json.RawMessage `json:"source"`
				} `json:"cells"`
			}
			if json.Unmarshal(data, &nb) != nil {
				return nil // deliberately malformed test notebooks
			}
			for i, c := range nb.Cells {
				if c.CellType != "code" {
					continue
				}
				var lines []string
				if json.Unmarshal(c.Source, &lines) != nil {
					var s string
					if json.Unmarshal(c.Source, &s) != nil {
						continue
					}
					lines = []string{s}
				}
				corpus[fmt.Sprintf("%s cell %d", path, i)] = strings.Join(lines, "")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFlattenMatchesCursorWalk checks that the tree built from the flat C
// walk equals, node for node, the tree go-tree-sitter's API gives.
func TestFlattenMatchesCursorWalk(t *testing.T) {
	corpus := flattenCorpus()
	written := len(corpus)
	repoSources(t, corpus)
	if len(corpus)-written < 50 {
		t.Fatalf("found only %d repository sources; is the test running in cellfix/?", len(corpus)-written)
	}
	for name, src := range corpus {
		got, err := parse([]byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := sameTree(got, cursorTree(t, []byte(src))); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestFlattenMarksErrors checks the corpus's broken inputs do reach the
// comparison with ERROR and MISSING nodes, so that the flags are compared
// where they are set.
func TestFlattenMarksErrors(t *testing.T) {
	for src, want := range map[string]string{
		"x = f(\n":                        "ERROR",
		"def f(:\n":                       "MISSING",
		strings.Repeat("[", 10000) + "\n": "ERROR",
	} {
		root, err := parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var errors, missing int
		root.Walk(func(n *Node) bool {
			if n.Type() == "ERROR" {
				errors++
			} else if n.Error {
				missing++
			}
			return true
		})
		if (want == "ERROR" && errors == 0) || (want == "MISSING" && missing == 0) {
			t.Errorf("%.20q: %d ERROR and %d MISSING nodes, want some %s", src, errors, missing, want)
		}
	}
}

// TestFlattenDeepNesting parses calls nested far deeper than any Go or C
// stack frame budget would allow a recursive conversion.
func TestFlattenDeepNesting(t *testing.T) {
	const depth = 10000
	root, err := parse([]byte(strings.Repeat("f(", depth) + "x" + strings.Repeat(")", depth) + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	calls, deepest := 0, 0
	for n := root; n != nil; {
		if n.Type() == "call" {
			calls++
		}
		if n.Type() == "identifier" && n.Parent.Type() == "argument_list" {
			deepest = calls
		}
		var next *Node
		for _, c := range n.Children() {
			if c.Type() == "call" || c.Type() == "argument_list" || c.Type() == "expression_statement" || (c.Type() == "identifier" && n.Type() == "argument_list") {
				next = c
			}
		}
		n = next
	}
	if calls != depth || deepest != depth {
		t.Errorf("found %d nested calls, innermost argument at %d; want %d", calls, deepest, depth)
	}
}

// TestAncestorMatchesParentWalk checks the scope links buildTree sets: for
// every node of the corpus, Ancestor and Root give what walking up through
// every parent gives.
func TestAncestorMatchesParentWalk(t *testing.T) {
	walkUp := func(n *Node, types ...string) *Node {
		for p := n.Parent; p != nil; p = p.Parent {
			if slices.Contains(types, p.Type()) {
				return p
			}
		}
		return nil
	}
	queries := [][]string{{"class_definition"}, {"function_definition"}, {"lambda"}, {"decorator"},
		{"function_definition", "class_definition", "lambda"}, {"call"}, {"class_definition", "call"}}
	corpus := flattenCorpus()
	corpus["scopes"] = "@d(lambda: 1)\nclass A:\n    def f(self, g=lambda x: (lambda: x)()):\n        class B:\n            def h(): return [lambda: 0]\n"
	checked := 0
	for name, src := range corpus {
		root, err := parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		root.Walk(func(n *Node) bool {
			for _, q := range queries {
				if got, want := n.Ancestor(q...), walkUp(n, q...); got != want {
					t.Fatalf("%s: %s: Ancestor(%v) = %v, want %v", name, pathOf(n), q, got, want)
				}
				if got := n.Root(); got != root {
					t.Fatalf("%s: %s: Root() is not the root", name, pathOf(n))
				}
				checked++
			}
			return !strings.HasPrefix(name, "nested") || n.Start() < 1000 // deep nesting: near the top only
		})
	}
	if checked < 1000 {
		t.Fatalf("checked %d queries only", checked)
	}
}

// TestParseRefusesBeyondLimits checks that a cell nested deeper than
// maxCellDepth, or longer than maxCellBytes, is refused with an error that
// states the limit, and that nesting just within the limit is parsed.
func TestParseRefusesBeyondLimits(t *testing.T) {
	nested := func(calls int) []byte {
		return []byte(strings.Repeat("f(", calls) + "x" + strings.Repeat(")", calls) + "\n")
	}
	// Each call is two levels (call, argument_list), under module,
	// expression_statement and the outermost call.
	within := maxCellDepth/2 - 4
	root, err := parse(nested(within))
	if err != nil {
		t.Fatalf("%d nested calls: %v", within, err)
	}
	depth := 0
	for n := root; len(n.Children()) > 0; depth++ {
		n = n.Children()[len(n.Children())-1]
		if n.Type() == ")" || n.Type() == "\n" {
			n = n.Parent.Children()[max(len(n.Parent.Children())-2, 0)]
		}
	}
	if depth < maxCellDepth-20 {
		t.Fatalf("%d nested calls reach depth %d only; the test does not approach the limit", within, depth)
	}
	_, err = parse(nested(maxCellDepth / 2))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprint(maxCellDepth)) {
		t.Errorf("%d nested calls: got error %v, want one stating the limit %d", maxCellDepth/2, err, maxCellDepth)
	}
	_, err = parse(make([]byte, maxCellBytes+1))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprint(maxCellBytes>>20)) {
		t.Errorf("%d bytes: got error %v, want one stating the limit", maxCellBytes+1, err)
	}
}

// TestParseFlatMatchesCursorWalk parses sources in one parseFlat call,
// into a buffer too small for any tree, so that the buffer grows on the
// way, and checks each source's tree against go-tree-sitter's own walk of
// that source parsed alone. The sources are the whole corpus, and then a
// small source followed by code of more nodes than bytes, which outgrows
// the room parseFlat sets aside for the sources after the first: the
// buffer grows again with a tree in it.
func TestParseFlatMatchesCursorWalk(t *testing.T) {
	corpus := flattenCorpus()
	repoSources(t, corpus)
	dense := []string{"x = 1\n", strings.Repeat("a.", 20000) + "a\n", strings.Repeat("f()\n", 20000)}
	for _, srcs := range [][]string{slices.Sorted(maps.Values(corpus)), dense} {
		texts := make([][]byte, len(srcs))
		for i, src := range srcs {
			texts[i] = []byte(src)
		}
		p := parserPool.Get().(*sitter.Parser)
		flats, err := parseFlat(p, &[]flatNode{{}}, texts...)
		parserPool.Put(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(flats.depths) != len(srcs) {
			t.Fatalf("%d trees for %d sources", len(flats.depths), len(srcs))
		}
		for i, src := range texts {
			if err := sameTree(buildTree(flats.nodes(i)), cursorTree(t, src)); err != nil {
				t.Errorf("source %d of %d (%.40q): %v", i, len(srcs), src, err)
			}
		}
		flats.release()
	}
}

// TestEqualCellsGetTreesOfTheirOwn: cells are parsed in batches, and two
// cells of equal text in one document must still get a tree each, as
// parsing them one by one gave them: the analyses tell cells apart by
// their nodes (a SavedModel saved in one cell and loaded in another of the
// same text was once taken for a save in the loading cell).
func TestEqualCellsGetTreesOfTheirOwn(t *testing.T) {
	same := "model.save(\"saved\")\nreloaded = tf.keras.models.load_model(\"saved\")\n"
	before := batchedParses.Load()
	doc, err := NewDocument([]Source{{Index: 0, Text: same}, {Index: 1, Text: "import tensorflow as tf\n"}, {Index: 2, Text: same}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if batchedParses.Load() == before {
		t.Fatal("the cells were not parsed in a batch")
	}
	first, last := doc.Cells[0], doc.Cells[2]
	if first.Root == last.Root {
		t.Fatal("two cells of equal text share one tree")
	}
	if err := sameTree(last.Root, first.Root); err != nil {
		t.Errorf("the trees differ: %v", err)
	}
	if first.Index != 0 || last.Index != 2 || last.Offset != doc.Cells[1].End()+1 {
		t.Errorf("cells placed at index %d and %d, offset %d", first.Index, last.Index, last.Offset)
	}
}
