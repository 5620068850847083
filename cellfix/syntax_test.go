package cellfix

import (
	"strings"
	"testing"
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

func BenchmarkParse(b *testing.B) {
	src := []byte(benchSource)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestConvertKeepsEveryNode checks the copied tree against tree-sitter's
// own view: same node count, named nodes and error flags.
func TestParseTreeShape(t *testing.T) {
	root, err := parse([]byte("x = f(a, b=1)\nif x:\n    pass\n"))
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	root.Walk(func(n *Node) bool {
		if n.Named {
			types = append(types, n.Type)
		}
		return true
	})
	want := "module expression_statement assignment identifier call identifier argument_list identifier keyword_argument identifier integer if_statement identifier block pass_statement"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("named nodes:\n got %s\nwant %s", got, want)
	}
	call := root.Children[0].Children[0].Child("right")
	if call.Type != "call" || call.Child("function").Type != "identifier" || call.Parent.Type != "assignment" {
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
