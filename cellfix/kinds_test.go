package cellfix

import (
	"slices"
	"testing"
)

// TestEachVisitsAsWalk checks that Each and EachIn make the calls a walk
// makes with a callback that ignores the other types, pruning included:
// imports are skipped, as are the attributes inside an attribute chain
// and everything inside a string (f-strings hold nested expressions).
func TestEachVisitsAsWalk(t *testing.T) {
	src := `import tensorflow as tf
from tensorflow.keras import layers
def f(x, y=tf.keras.layers.Dense(3)):
    import keras.ops as ops
    z = f"{x.a.b(1)!r} {'s'}" + "t"
    return ops.add(tf.keras.backend.sum(x.y.z), layers.Dense(4)(y))
class C(tf.keras.layers.Layer):
    def call(self, x):
        return [g(h(i)) for i in x if i.j.k]
tf.keras.Model(  # an ERROR node follows
`
	c, err := parseCell(0, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	types := []string{"import_statement", "import_from_statement", "attribute", "identifier", "call", "string"}
	visit := func(out *[]string) func(n *Node) bool {
		return func(n *Node) bool {
			if !slices.Contains(types, n.Type()) {
				return true
			}
			*out = append(*out, n.Type()+":"+c.Masked[n.Start():n.End()])
			switch n.Type() {
			case "import_statement", "import_from_statement", "string":
				return false
			case "attribute":
				return n.Parent == nil || n.Parent.Type() != "attribute"
			}
			return true
		}
	}
	var want, got []string
	c.Root.Walk(visit(&want))
	c.Each(visit(&got), types...)
	if !slices.Equal(got, want) {
		t.Errorf("Each visits\n%q\nWalk visits\n%q", got, want)
	}
	if len(want) < 40 {
		t.Fatalf("the walk visits only %d nodes: the test source did not parse as meant", len(want))
	}
	// Every subtree, from each node of the listed types and the function
	// and class definitions.
	roots := append(c.NodesOf("function_definition"), c.NodesOf("class_definition")...)
	roots = append(roots, c.NodesOf("call")...)
	for _, root := range roots {
		want, got = nil, nil
		root.Walk(visit(&want))
		c.EachIn(root, visit(&got), types...)
		if !slices.Equal(got, want) {
			t.Errorf("EachIn(%q) visits\n%q\nWalk visits\n%q", c.Masked[root.Start():root.End()], got, want)
		}
	}
}

// TestEachWithoutNodesOfTheTypes asks for types the cell has none of, one
// and several: no call is made.
func TestEachWithoutNodesOfTheTypes(t *testing.T) {
	c, err := parseCell(0, "x = f(1)\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, types := range [][]string{{"lambda"}, {"lambda", "await", "with_statement"}} {
		c.Each(func(n *Node) bool {
			t.Errorf("Each(%q) visits %s", types, n.Type())
			return true
		}, types...)
	}
}

// TestNodesOfListsEveryNode checks that the per-type lists hold every node
// of the tree once, in preorder.
func TestNodesOfListsEveryNode(t *testing.T) {
	c, err := parseCell(0, "x = [a.b(c, d=1) for c in e if f]\n@g\ndef h(): return 'i' + \"j\"\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	byType := map[string][]*Node{}
	count := 0
	c.Root.Walk(func(n *Node) bool {
		byType[n.Type()] = append(byType[n.Type()], n)
		count++
		return true
	})
	listed := 0
	for typ, want := range byType {
		got := c.NodesOf(typ)
		if !slices.Equal(got, want) {
			t.Errorf("NodesOf(%q) has %d nodes, the walk finds %d (or another order)", typ, len(got), len(want))
		}
		listed += len(got)
	}
	if listed != count || count < 30 {
		t.Errorf("the lists hold %d nodes, the tree %d", listed, count)
	}
	if got := c.NodesOf("no_such_type"); got != nil {
		t.Errorf("NodesOf of an unknown type = %v, want nil", got)
	}
}
