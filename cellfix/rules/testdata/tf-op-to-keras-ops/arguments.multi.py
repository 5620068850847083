# %%
import tensorflow as tf
import keras
# %%
m = keras.ops.ones((2, 3, 3))
t = tf.linalg.trace(m)  # want "use `keras.ops.trace`"
tt = tf.linalg.matrix_transpose(m, "T")  # want "use `keras.ops.swapaxes`"
s = tf.reduce_sum(  # want "use `keras.ops.sum`"
    m,  # the matrices
    axis=[1, 2],
    name="total",
)
e = tf.einsum("bij,bjk->bik", m, m, name="mm")  # want "its argument `name` has no counterpart in `keras.ops.einsum`"
g = tf.meshgrid([1, 2], [3, 4], indexing="ij")  # want "use `keras.ops.meshgrid`"
c = tf.cumsum(m, 1)  # want "use `keras.ops.cumsum`"
c0 = tf.cumsum(m)  # want "use `keras.ops.cumsum`"
k = tf.math.top_k(m)  # want "use `keras.ops.top_k`"
p = tf.pad(m, [[0, 0], [1, 1], [1, 1]], mode="REFLECT")  # want "argument `mode` has no counterpart in `keras.ops.pad`"
r = tf.range(10)  # want "use `keras.ops.arange`"
loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1], logits=m[0, :2])  # want "use `keras.ops.sparse_categorical_crossentropy`"
bce = tf.nn.sigmoid_cross_entropy_with_logits(logits=m)  # want "needs a hand edit because it leaves `labels` unset"
solve = tf.linalg.triangular_solve(m, m)  # want "use `keras.ops.solve_triangular`"
o = tf.one_hot([0, 2], 3, dtype=tf.int32)  # want "use `keras.ops.one_hot`"
extra = tf.squeeze(m, 0, "squeeze", 3)  # want "passes more positional arguments than TensorFlow takes"
gen = tf.reduce_sum(x for x in [1, 2])  # want "needs a hand edit because its arguments cannot be mapped"
typo = tf.squeeze(m, axes=0)  # want "`axes` is not an argument of the TensorFlow op"
words = tf.constant(["a", "b"])  # OK: outside a model a string tensor is TensorFlow on purpose
number = tf.constant(3.0)  # want "use `keras.ops.convert_to_tensor` \\(check:"
