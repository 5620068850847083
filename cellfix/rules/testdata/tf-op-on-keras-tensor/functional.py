# %%
import tensorflow as tf
from tensorflow.keras import layers
# %%
inputs = layers.Input(shape=(8, 4))
x = layers.Dense(16)(inputs)
x = tf.reduce_mean(x, axis=1, keepdims=True)  # want "`tf.reduce_mean`.*use `keras.ops.mean`"
y = tf.transpose(x, perm=[0, 2, 1])  # want "use `keras.ops.transpose`"
z = tf.concat([x, y], axis=-1)  # want "`tf.concat` is applied to the symbolic Keras tensor `.x, y.`"
n = tf.nn.l2_normalize(z, axis=-1, epsilon=1e-6)  # want "`keras.ops.normalize` needs a hand edit because its argument `epsilon` has no counterpart"
s = tf.squeeze(x, axis=1, name="squeeze")  # want "`tf.squeeze`.*use `keras.ops.squeeze`"
w = tf.nn.ctc_greedy_decoder(x, [8])  # want "no `keras.ops` function is an exact equivalent, so move this code into the `call..` of a custom layer"
# %%
def build(units):
    inp = tf.keras.Input((units,))
    return tf.math.abs(inp)  # want "use `keras.ops.absolute`"
