package cellfix

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
)

// benchSource is a typical notebook's worth of Keras code, about 9 KB.
var benchSource = strings.Repeat(`import tensorflow as tf
from tensorflow import keras

class Block(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(units, activation="relu")
        self.norm = keras.layers.LayerNormalization()

    def call(self, inputs, training=False):
        x = self.dense(inputs)
        if training:
            x = tf.nn.dropout(x, rate=0.1)
        return self.norm(x + inputs)

inputs = keras.Input(shape=(32,))
x = Block(32)(inputs)
model = keras.Model(inputs, keras.layers.Dense(10)(x))
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
`, 12)

// BenchmarkParse compares parse (tree-sitter's parse and the copy into Go
// Nodes) with tree-sitter's parse alone on the same input: the copy's cost
// is the difference. MB/s are of source code.
func BenchmarkParse(b *testing.B) {
	inputs := []struct{ name, src string }{
		{"keras", benchSource},
		{"long-line", "y = " + strings.Repeat("tf.keras.layers.Dense(1)(x) + ", 1000) + "0\n"},
		{"many-lines", strings.Repeat("a = b.c(d)\n", 10000)},
	}
	for _, in := range inputs {
		src := []byte(in.src)
		b.Run(in.name+"/parse", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			defer reportCPU(b)()
			for b.Loop() {
				if _, err := parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(in.name+"/tree-sitter", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			p := parserPool.Get().(*sitter.Parser)
			defer parserPool.Put(p)
			defer reportCPU(b)()
			for b.Loop() {
				tree, err := p.ParseCtx(context.Background(), nil, src)
				if err != nil {
					b.Fatal(err)
				}
				tree.Close()
			}
		})
	}
}

// reportCPU adds the process's CPU time per operation (user and system, GC
// included) to a benchmark's results: on a machine shared with other work,
// wall time per operation varies with the load, CPU time much less. Call
// the function it returns when the loop is done.
func reportCPU(b *testing.B) func() {
	before := cpuTime(b)
	return func() {
		b.ReportMetric(float64((cpuTime(b)-before).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestParseTreeShape checks the named nodes, fields, parents and error
// flags of small trees against what Python's grammar gives.
func TestParseTreeShape(t *testing.T) {
	root, err := parse([]byte("x = f(a, b=1)\nif x:\n    pass\n"))
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	root.Walk(func(n *Node) bool {
		if n.Named {
			types = append(types, n.Type())
		}
		return true
	})
	want := "module expression_statement assignment identifier call identifier argument_list identifier keyword_argument identifier integer if_statement identifier block pass_statement"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("named nodes:\n got %s\nwant %s", got, want)
	}
	call := root.Children()[0].Children()[0].Child("right")
	if call.Type() != "call" || call.Child("function").Type() != "identifier" || call.Parent.Type() != "assignment" {
		t.Errorf("fields or parents wrong: %+v", call)
	}
	broken, _ := parse([]byte("x = f(\n"))
	if !hasError(broken) {
		t.Error("syntax error not marked")
	}
	missing, _ := parse([]byte("print(1\n"))
	if !hasError(missing) {
		t.Error("missing token not marked")
	}
}

// scopeOf, which tests type numbers, finds for every node of every rule
// fixture the ancestor that Ancestor finds by type name, and nodes made
// outside buildTree (no type number) are found by name.
func TestScopeOfMatchesAncestor(t *testing.T) {
	scoped := 0
	eachFixtureTree(t, func(f string, root *Node) {
		root.Walk(func(n *Node) bool {
			want := n.Ancestor(scopeOfTypes...)
			if got := scopeOf(n); got != want {
				t.Errorf("%s: scopeOf(%s at %d) = %v, Ancestor gives %v", f, n.Type(), n.Start(), got, want)
			}
			if want != nil {
				scoped++
			}
			return true
		})
	})
	if scoped == 0 {
		t.Error("no node in a scope: the comparison compared nothing")
	}
	fn := handMadeNode(t, "function_definition", "", 0, 0, nil)
	body := handMadeNode(t, "block", "", 0, 0, fn)
	if got := scopeOf(handMadeNode(t, "identifier", "", 0, 0, body)); got != fn {
		t.Errorf("scopeOf in a tree made by hand = %v, want the function", got)
	}
}

// childCovering's binary search finds, for every node of every rule fixture
// (error-recovered trees among them) and for the span of each of its
// children and each descendant, and the empty spans at its children's
// edges, the child a scan in order finds first.
func TestChildCoveringMatchesScan(t *testing.T) {
	scan := func(n *Node, from, to int) *Node {
		for _, ch := range n.Children() {
			if ch.Start() <= from && ch.End() >= to {
				return ch
			}
		}
		return nil
	}
	found := 0
	eachFixtureTree(t, func(f string, root *Node) {
		root.Walk(func(n *Node) bool {
			var spans [][2]int
			for _, ch := range n.Children() {
				spans = append(spans, [2]int{ch.Start(), ch.End()}, [2]int{ch.Start(), ch.Start()}, [2]int{ch.End(), ch.End()})
				ch.Walk(func(d *Node) bool {
					spans = append(spans, [2]int{d.Start(), d.End()})
					return d == ch // the descendants one level down are enough
				})
			}
			spans = append(spans, [2]int{n.Start(), n.End()}, [2]int{n.End() + 1, n.End() + 1})
			for _, s := range spans {
				want := scan(n, s[0], s[1])
				if got := n.childCovering(s[0], s[1]); got != want {
					t.Errorf("%s: %s at %d, span [%d, %d): childCovering gives %v, a scan %v", f, n.Type(), n.Start(), s[0], s[1], got, want)
				}
				if want != nil {
					found++
				}
			}
			return true
		})
	})
	if found == 0 {
		t.Error("no span was covered: the comparison compared nothing")
	}
}

// eachFixtureTree calls visit with the path and the tree of every rule
// fixture.
func eachFixtureTree(t *testing.T, visit func(path string, root *Node)) {
	t.Helper()
	files, err := filepath.Glob("rules/testdata/*/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule fixtures: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		root, err := parse(data)
		if err != nil {
			t.Fatal(err)
		}
		visit(f, root)
	}
}
