import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.layers import Embedding, Dense

model = keras.Sequential()
model.add(Embedding(50, 8, input_length=10))  # want "ignores `input_length` .*no longer built"
model.add(Dense(1))
model.summary()  # want "`model` is not built on Keras 3 at this point, so `summary\\(\\)` shows every layer unbuilt.*line 7"
e2 = layers.Embedding(50, 8, input_length=None)  # want "`None` said nothing"
e3 = Embedding(50, 8, input_length=10, input_shape=(10,))  # want "`input_shape` already gives the input"

stateful = keras.Sequential([
    layers.SimpleRNN(6, stateful=True, batch_input_shape=(4, 5, 2)),  # want "no `batch_input_shape`"
    layers.Dense(1),
])
m2 = keras.Sequential()
m2.add(layers.LSTM(4, batch_input_shape=(2, 3, 1), stateful=True))  # want "no `batch_input_shape`"
m2.add(layers.Dense(1))
lonely = layers.GRU(3, batch_input_shape=(2, 3, 1), dtype="float64")  # want "no `batch_input_shape`"

inputs = keras.Input(shape=(6,), name="in/features")  # want "rejects `/` in layer names"
x = layers.Dense(8, activation="relu", name="block1/dense")(inputs)  # want "renames the layer \"block1_dense\""
x = Dense(8, name=f"block{2}/dense")(x)  # want "choose a name without it"
act = layers.LeakyReLU(alpha=0.2)  # want "`negative_slope`"


class MyDense(layers.Layer):
    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", shape=(input_shape[-1], 3), initializer="glorot_uniform")  # want "keyword only"
        self.bias = self.add_weight("bias", (3,), "float32")  # want "keyword only"
        self.extra = self.add_weight("extra", name="x")  # want "keyword only"

# %%
print(model.count_params(), model.output_shape)  # want "`model` is not built.*count_params.*ValueError" "`model` is not built.*output_shape.*AttributeError"
words = keras.Sequential([Embedding(50, 8, input_length=4), layers.Flatten()])  # want "ignores `input_length`"
words.summary()  # want "`words` is not built.*line 2\\)"

# %%
# OK
ok1 = Embedding(50, 8)
print(stateful.count_params())
ok2 = layers.Embedding(50, 8, input_shape=(10,))
ok3 = layers.Dense(3, name="dense_1")
ok4 = layers.LeakyReLU(negative_slope=0.2)
ok5 = something(input_length=3, batch_input_shape=(1, 2), name="a/b", alpha=0.1)
path = os.path.join("a/b", name="c/d")


class Helper:
    def build(self):
        self.w = self.add_weight("w", (3,))


class Good(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(3,))
