package cellfix

import (
	"slices"
	"testing"
)

func newTestDoc(t *testing.T, cells ...string) *Document {
	t.Helper()
	var sources []Source
	for i, c := range cells {
		sources = append(sources, Source{Index: i, Text: c})
	}
	doc, err := NewDocument(sources, false)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// nodeAt returns the nth (0-based) node of type typ whose text is text in
// the cell at position cell.
func nodeAt(t *testing.T, doc *Document, cell int, typ, text string, nth int) *Node {
	t.Helper()
	c := doc.Cells[cell]
	var found *Node
	c.Root.Walk(func(n *Node) bool {
		if found == nil && n.Type() == typ && c.Masked[n.Start():n.End()] == text {
			if nth == 0 {
				found = n
			}
			nth--
		}
		return found == nil
	})
	if found == nil {
		t.Fatalf("cell %d: no %s %q", cell, typ, text)
	}
	return found
}

func TestKerasClassesAcrossCellsAndSpellings(t *testing.T) {
	doc := newTestDoc(t,
		"import tensorflow as tf\nfrom tensorflow.keras.layers import Layer as KLayer\n",         // 0
		"from tensorflow.keras import layers\nimport keras\n",                                    // 1
		"class Base(KLayer):\n    pass\n",                                                        // 2
		"class Net(tf.keras.Model):\n    pass\nclass Plain(object):\n    pass\n",                 // 3
		"class Dense2(layers.Dense):\n    pass\nclass Seq(keras.models.Sequential):\n    pass\n", // 4
		"class Child(Base):\n    pass\nclass SubNet(Net):\n    pass\nlayer = Child()\n",          // 5
		"class Base(Plain):\n    pass\n",                                                         // 6: shadows the Keras Base
	)
	m := doc.Model()
	cases := []struct {
		cell    int
		name    string
		isKeras bool
		isModel bool
		bases   []string
	}{
		{2, "Base", true, false, []string{"tensorflow.keras.layers.Layer"}},
		{3, "Net", true, true, []string{"tensorflow.keras.Model"}},
		{3, "Plain", false, false, nil},
		{4, "Dense2", true, false, []string{"tensorflow.keras.layers.Dense"}},
		{4, "Seq", true, true, []string{"keras.models.Sequential"}},
		{5, "Child", true, false, []string{"Base"}},
		{5, "SubNet", true, true, []string{"Net"}},
		{5, "Base", true, false, []string{"tensorflow.keras.layers.Layer"}}, // defined in cell 2, still visible
		{1, "Base", false, false, nil},                                      // not defined yet
		{6, "Base", false, false, nil},                                      // redefined as a plain class
		{6, "Child", true, false, []string{"Base"}},
	}
	for _, tc := range cases {
		kc := m.KerasClass(tc.cell, tc.name)
		if (kc != nil) != tc.isKeras {
			t.Errorf("KerasClass(%d, %q) = %v, want Keras class: %v", tc.cell, tc.name, kc, tc.isKeras)
			continue
		}
		if kc == nil {
			continue
		}
		if kc.IsModel != tc.isModel || !slices.Equal(kc.Bases, tc.bases) || kc.Name != tc.name {
			t.Errorf("KerasClass(%d, %q) = {%s model=%v bases=%v}, want model=%v bases=%v",
				tc.cell, tc.name, kc.Name, kc.IsModel, kc.Bases, tc.isModel, tc.bases)
		}
	}
	if kc := m.KerasClass(5, "Child"); kc == nil || kc.Cell != 5 || kc.Node.Type() != "class_definition" {
		t.Errorf("Child: want a class_definition in cell 5, got %+v", kc)
	}
	// The instance made in cell 5 is known to be a Child.
	if kc := m.InstanceOf(5, nodeAt(t, doc, 5, "identifier", "layer", 0)); kc == nil || kc.Name != "Child" {
		t.Errorf("InstanceOf(layer) = %v, want Child", kc)
	}
	var names []string
	for _, kc := range m.KerasClasses() {
		names = append(names, kc.Name)
	}
	if want := []string{"Base", "Net", "Dense2", "Seq", "Child", "SubNet"}; !slices.Equal(names, want) {
		t.Errorf("KerasClasses() = %v, want %v", names, want)
	}
}

// An alias imported in cell 1 still works in cell 9.
func TestKerasName(t *testing.T) {
	for q, want := range map[string]string{
		"tensorflow.keras.layers.Dense":            "keras.layers.Dense",
		"tensorflow.python.keras.Model":            "keras.Model",
		"tensorflow.compat.v1.keras.Sequential":    "keras.Sequential",
		"keras.ops.squeeze":                        "keras.ops.squeeze",
		"keras":                                    "keras",
		"tensorflow.squeeze":                       "",
		"kerasx.layers":                            "",
		"tensorflow.compat.v1.keras_preprocessing": "",
	} {
		if got := KerasName(q); got != want {
			t.Errorf("KerasName(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestKerasAliasFromEarlyCell(t *testing.T) {
	cells := make([]string, 10)
	for i := range cells {
		cells[i] = "print(1)\n"
	}
	cells[1] = "from tensorflow import keras as K\nL = K.layers\n"
	cells[9] = "class Block(L.Layer):\n    def call(self, x):\n        return x\ninp = K.Input(shape=(3,))\nout = Block()(inp)\n"
	doc := newTestDoc(t, cells...)
	m := doc.Model()
	kc := m.KerasClass(9, "Block")
	if kc == nil || kc.IsModel || !slices.Equal(kc.Bases, []string{"tensorflow.keras.layers.Layer"}) {
		t.Fatalf("KerasClass(9, Block) = %+v", kc)
	}
	if !m.IsSymbolic(9, nodeAt(t, doc, 9, "identifier", "inp", 1)) {
		t.Error("inp (from K.Input in cell 9) should be symbolic")
	}
	if !m.IsSymbolic(9, nodeAt(t, doc, 9, "call", "Block()(inp)", 0)) {
		t.Error("Block()(inp) should be symbolic")
	}
}

func TestEnclosingKerasClassAndMethod(t *testing.T) {
	doc := newTestDoc(t, `import keras
class Outer(keras.layers.Layer):
    size = 3
    def call(self, inputs):
        def helper(v):
            return v * 2
        return helper(inputs)
    @staticmethod
    def make():
        return 1
class NotKeras:
    def call(self, inputs):
        return inputs
def free(inputs):
    return inputs
`)
	m := doc.Model()
	cases := []struct {
		typ, text string
		nth       int
		class     string
		method    string
	}{
		{"binary_operator", "v * 2", 0, "Outer", "call"},
		{"integer", "3", 0, "Outer", ""},
		{"integer", "1", 0, "Outer", "make"},
		{"return_statement", "return inputs", 0, "", "call"},
		{"return_statement", "return inputs", 1, "", ""},
	}
	for _, tc := range cases {
		n := nodeAt(t, doc, 0, tc.typ, tc.text, tc.nth)
		kc := m.EnclosingKerasClass(0, n)
		got := ""
		if kc != nil {
			got = kc.Name
		}
		if got != tc.class {
			t.Errorf("EnclosingKerasClass(%q) = %q, want %q", tc.text, got, tc.class)
		}
		fn, name := m.EnclosingMethod(n)
		if name != tc.method || (fn == nil) != (tc.method == "") {
			t.Errorf("EnclosingMethod(%q) = %v %q, want %q", tc.text, fn != nil, name, tc.method)
		}
	}
	kc := m.KerasClass(0, "Outer")
	if m.Method(kc, "call") == nil || m.Method(kc, "make") == nil || m.Method(kc, "build") != nil {
		t.Error("Method: want call and make (decorated), no build")
	}
}

func TestInheritedMethod(t *testing.T) {
	doc := newTestDoc(t,
		"import keras\nclass Base(keras.layers.Layer):\n    def build(self, shape):\n        pass\n",
		"class Child(Base):\n    def call(self, x):\n        return x\n",
	)
	m := doc.Model()
	child := m.KerasClass(1, "Child")
	if m.Method(child, "build") != nil || m.InheritedMethod(child, "build") == nil {
		t.Error("Child inherits build from Base defined in an earlier cell")
	}
}

func TestIsSymbolic(t *testing.T) {
	doc := newTestDoc(t,
		// cell 0
		`import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
inputs = keras.Input(shape=(4,))
x = layers.Dense(8)(inputs)
dense = layers.Dense(2)
y = dense(x)
seq, h, c = layers.LSTM(3, return_state=True, return_sequences=True)(inputs)
both = layers.concatenate([x, y])
summed = x + 1
part = x[:, 0]
z = tf.squeeze(x)
data = np.zeros((3, 4))
shape = x.shape
x2 = x
x2 = data
feed = {"a": inputs, "b": x}
picked = feed["a"]
model = keras.Model(inputs, y)
`,
		// cell 1
		`out = keras.ops.relu(y)
y = np.ones(3)
class Custom(layers.Layer):
    def call(self, inputs):
        return tf.nn.relu(inputs) + x
def build_model(units):
    inp = layers.Input(shape=(3,))
    hidden = layers.Dense(units)(inp)
    return keras.Model(inp, hidden)
def uses_param(x):
    return tf.reduce_sum(x)
print(len(inputs))
`)
	m := doc.Model()
	cases := []struct {
		cell      int
		typ, text string
		nth       int
		want      bool
	}{
		{0, "identifier", "inputs", 1, true},             // in layers.Dense(8)(inputs)
		{0, "call", "layers.Dense(8)(inputs)", 0, true},  // inline layer call
		{0, "identifier", "y", 0, true},                  // y = dense(x): called layer instance
		{0, "identifier", "seq", 0, true},                // unpacked LSTM states
		{0, "identifier", "h", 0, true},                  // unpacked LSTM states
		{0, "identifier", "both", 0, true},               // keras function on a list
		{0, "identifier", "summed", 0, true},             // arithmetic
		{0, "identifier", "part", 0, true},               // slicing
		{0, "identifier", "z", 0, true},                  // a tf op on one (an error, but a KerasTensor once fixed)
		{0, "identifier", "data", 0, false},              // numpy
		{0, "identifier", "shape", 0, false},             // attribute of a tensor
		{0, "identifier", "x2", 1, false},                // rebound to numpy data
		{0, "identifier", "feed", 0, false},              // a dict of tensors, not a tensor
		{0, "identifier", "picked", 0, true},             // an item of such a dict
		{0, "identifier", "model", 0, false},             // a model, not a tensor
		{0, "identifier", "dense", 0, false},             // a layer, not a tensor
		{1, "call", "keras.ops.relu(y)", 0, true},        // y from cell 0
		{1, "identifier", "y", 1, false},                 // rebound in cell 1 ...
		{1, "identifier", "inputs", 1, false},            // call() parameter
		{1, "identifier", "x", 0, false},                 // inside call(): never symbolic
		{1, "identifier", "inp", 1, true},                // functional construction in a function
		{1, "call", "layers.Dense(units)(inp)", 0, true}, // ...
		{1, "identifier", "x", 2, false},                 // parameter shadows module x
		{1, "call", "len(inputs)", 0, false},             // builtin
		{1, "identifier", "inputs", 2, true},             // module-level inputs from cell 0
	}
	for _, tc := range cases {
		n := nodeAt(t, doc, tc.cell, tc.typ, tc.text, tc.nth)
		if got := m.IsSymbolic(tc.cell, n); got != tc.want {
			t.Errorf("cell %d: IsSymbolic(%s %q #%d) = %v, want %v", tc.cell, tc.typ, tc.text, tc.nth, got, tc.want)
		}
	}
	if !m.HoldsSymbolic(0, nodeAt(t, doc, 0, "identifier", "feed", 1)) {
		t.Error("HoldsSymbolic(feed) = false, want true")
	}
}

func TestModelOutputs(t *testing.T) {
	doc := newTestDoc(t,
		`import keras
from keras import layers
inputs = layers.Input(shape=(10,))
a = layers.Dense(5)(inputs)
b = layers.Dense(5)(inputs)
two = keras.Model(inputs=inputs, outputs=[a, b])
outs = {"a": a, "b": b, "c": a}
three = keras.models.Model(inputs, outs)
one = keras.Model(inputs, a)
tupled = keras.Model(inputs, (a,))
`,
		`import tensorflow as tf
def build():
    return keras.Model(inputs, [a, b])
unknown = build()
two_tf = tf.keras.Model(inputs, outputs=[a, b])
three = keras.Model(inputs, a)
`)
	m := doc.Model()
	cases := []struct {
		cell int
		name string
		want int
	}{
		{0, "two", 2}, {0, "three", 3}, {0, "one", 1}, {0, "tupled", 1}, {0, "missing", 0},
		{1, "two", 2}, // from cell 0
		{1, "unknown", 0}, {1, "two_tf", 2},
		{1, "three", 1}, // rebound in cell 1
		{0, "inputs", 0},
	}
	for _, tc := range cases {
		if got := m.ModelOutputs(tc.cell, tc.name); got != tc.want {
			t.Errorf("ModelOutputs(%d, %q) = %d, want %d", tc.cell, tc.name, got, tc.want)
		}
	}
}

func TestValueOfScopes(t *testing.T) {
	doc := newTestDoc(t, `v = 1
def f(v):
    return v
def g():
    return v
def h():
    w = v
    v = 2
    return w
for k in range(3):
    pass
print(k)
`)
	m := doc.Model()
	check := func(text string, nth int, want string) {
		t.Helper()
		cell, val := m.ValueOf(0, nodeAt(t, doc, 0, "identifier", text, nth))
		got := ""
		if val != nil {
			got = doc.Cells[cell].Masked[val.Start():val.End()]
		}
		if got != want {
			t.Errorf("ValueOf(%s #%d) = %q, want %q", text, nth, got, want)
		}
	}
	check("v", 2, "")  // parameter
	check("v", 3, "1") // module v seen from g
	check("v", 4, "")  // local in h, not yet assigned
	check("k", 1, "")  // loop variable
}

// The analysis is computed once per model.
func TestKerasAnalysisIsComputedOnce(t *testing.T) {
	doc := newTestDoc(t, "import keras\nclass A(keras.Layer):\n    pass\n")
	m := doc.Model()
	if m.keras() != m.keras() {
		t.Fatal("analysis is recomputed for the same model")
	}
}

// BenchmarkKerasAnalysis measures the analysis of a parsed 200-cell
// notebook of functional models and layer classes (bindings included),
// asking IsSymbolic of every name.
func BenchmarkKerasAnalysis(b *testing.B) {
	cells := []string{"import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"}
	for i := range 100 {
		cells = append(cells,
			"class Block(layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.d = layers.Dense(4)\n    def call(self, x):\n        return self.d(x)\n",
			"inp = keras.Input((8,))\nx = layers.Dense(8)(inp)\nfor _ in range(3):\n    x = Block()(x)\ny = tf.squeeze(x)\nmodel = keras.Model(inp, [x, y])\n")
		_ = i
	}
	var sources []Source
	for i, c := range cells {
		sources = append(sources, Source{Index: i, Text: c})
	}
	doc, err := NewDocument(sources, false)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		// A fresh document over the same parsed cells, so the analysis (a
		// fact of the document) is not cached.
		fresh := &Document{Cells: doc.Cells, Script: doc.Script}
		fresh.model = buildModel(fresh)
		m := fresh.model
		for i, c := range doc.Cells {
			c.Root.Walk(func(n *Node) bool {
				if n.Type() == "identifier" {
					m.IsSymbolic(i, n)
				}
				return true
			})
		}
	}
}
