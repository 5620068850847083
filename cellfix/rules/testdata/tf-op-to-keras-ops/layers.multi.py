# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers
# %%
# The guide's TokenAndPositionEmbedding, written with TensorFlow ops.
class PositionEmbedding(layers.Layer):
    def __init__(self, length, dim, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Embedding(length, dim)

    def call(self, inputs):
        inputs = tf.cast(inputs, tf.float32)  # want "`tf.cast` runs only on TensorFlow; use `keras.ops.cast`"
        length = tf.shape(inputs)[1]  # want "`tf.shape` runs only on TensorFlow; use `keras.ops.shape`"
        positions = tf.range(start=0, limit=length, delta=1)  # want "use `keras.ops.arange`"
        return inputs + self.embed(positions)[tf.newaxis, ...]  # want "`tf.newaxis` is TensorFlow's name for `None`"
# %%
class Attention(layers.Layer):
    def call(self, q, k, v):
        scores = tf.matmul(q, k, transpose_b=True)  # want "`keras.ops.matmul` needs a hand edit because its argument `transpose_b` has no counterpart"
        weights = tf.nn.softmax(scores, axis=-1)  # want "use `keras.ops.softmax`"
        out = tf.einsum("bij,bjd->bid", weights, v)  # want "use `keras.ops.einsum`"
        out = tf.concat([out, q], axis=-1)  # want "use `keras.ops.concatenate`"
        out = tf.reduce_sum(tf.square(out), axis=1, keepdims=True, name="sum")  # want "use `keras.ops.sum`" "use `keras.ops.square`"
        picked = tf.gather(out, [0, 1])  # want "use `keras.ops.take`"
        rows = tf.gather(out, [0], batch_dims=1)  # want "argument `batch_dims` has no counterpart in `keras.ops.take`"
        gelu = tf.nn.gelu(out)  # want "use `keras.ops.gelu`"
        flat = tf.reshape(tf.transpose(out, perm=[0, 2, 1]), [-1])  # want "use `keras.ops.reshape`" "use `keras.ops.transpose`"
        clipped = tf.clip_by_value(flat, 0.0, 1.0)  # want "use `keras.ops.clip`"
        mask = tf.where(clipped > 0.5, clipped, tf.zeros_like(clipped))  # want "use `keras.ops.where`" "use `keras.ops.zeros_like`"
        coords = tf.where(clipped > 0.5)  # want "`keras.ops.where` needs a hand edit because it leaves `x` unset"
        deep = tf.gather_nd(out, [[0, 1]])  # want "`tf.gather_nd` has no 1:1 Keras equivalent.*keras.ops.take_along_axis, but"
        words = tf.strings.split(["a b"])  # want "`tf.strings.split` has no Keras equivalent, so `Attention` runs only on TensorFlow"
        mean = tf.reduce_mean(out)  # want "use `keras.ops.mean` \\(check: On integer tensors"
        sizes = tf.shape(out)  # want "use `keras.ops.shape` \\(check: tf.shape returns"
        return tf.expand_dims(tf.squeeze(mean), -1)  # want "use `keras.ops.expand_dims`" "use `keras.ops.squeeze`"
# %%
# Functions and constants used as values.
dense = layers.Dense(4, activation=tf.nn.relu, dtype=tf.float32)  # want "`tf.nn.relu` runs only on TensorFlow; pass `keras.ops.relu`" "`tf.float32` is a TensorFlow dtype"
ones = keras.ops.ones((2, 2), dtype=tf.int32)  # want "Keras 3 takes the string `\"int32\"`"
ids = keras.Input(shape=(3,), dtype=tf.int64)  # want "`tf.int64` is a TensorFlow dtype"
# %%
# Outside layers, mapped ops are rewritten too; the rest is left alone.
x = np.arange(6.0).reshape(2, 3)
total = tf.reduce_max(x, axis=0)  # want "use `keras.ops.max`"
ranks = tf.argsort(x)  # want "use `keras.ops.argsort` \\(check: Ties"
# OK: no Keras equivalent, but not inside a layer or model.
record = tf.io.serialize_tensor(x)
strings = tf.strings.as_string(x)
# OK: dtype comparisons and TensorFlow-only uses of dtypes.
same = x.dtype == tf.float32
ds = tf.data.Dataset.from_tensor_slices(x)
# OK: functions handed to tf.data stay TensorFlow on every backend.
ds = ds.map(lambda t: tf.cast(t, tf.int32) * 2)


def scale(t):
    return tf.reduce_sum(t) / 255.0


ds = ds.map(scale)


# OK: code TensorFlow traces itself, and custom training loops on a tape.
@tf.function(jit_compile=True)
def graph_step(t):
    return tf.reduce_sum(t)


def traced(t):
    return tf.reduce_mean(t)


traced_fn = tf.function(traced)
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(x)
# OK: symbolic tensors are tf-op-on-keras-tensor's.
inputs = keras.Input((3,))
squeezed = tf.squeeze(inputs)
# %%
class Trainer(keras.Model):
    def train_step(self, data):
        # OK: tf-train-step reports TensorFlow-only code in train_step.
        with tf.GradientTape() as tape:
            loss = self.compute_loss(y=data[1], y_pred=self(data[0]))
        return {"loss": tf.reduce_mean(loss)}  # want "use `keras.ops.mean`"

    def call(self, x):
        # OK: random ops and variables are other rules' findings.
        noise = tf.random.normal((3,))
        v = tf.Variable(1.0)
        return x
# %%
import tensorflow.compat.v1 as tf1
import tensorflow.compat.v2 as tf2


class Legacy(keras.layers.Layer):
    def call(self, x):
        x = tf2.nn.relu(x)  # want "`tf2.nn.relu` runs only on TensorFlow; use `keras.ops.relu`"
        return tf1.layers.dense(x, 3)  # want "`tf1.layers.dense` is TensorFlow 1's API \\(`tf.compat.v1`\\), so `Legacy` runs only on TensorFlow"
