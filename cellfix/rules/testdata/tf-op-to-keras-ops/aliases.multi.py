# %%
import tensorflow as tf
from tensorflow import math as tfm
from tensorflow.nn import relu
# %%
import keras
nn = tf.nn
# %%
x = keras.ops.ones((2, 3))
# %%
class Block(keras.layers.Layer):
    def call(self, x):
        x = tfm.reduce_sum(x, axis=1)  # want "`tfm.reduce_sum` runs only on TensorFlow; use `keras.ops.sum`"
        x = nn.sigmoid(x)  # want "`nn.sigmoid` runs only on TensorFlow; use `keras.ops.sigmoid`"
        return relu(x)  # want "`relu` runs only on TensorFlow; use `keras.ops.relu`"
# %%
y = tf.linalg.matmul(x, x, transpose_b=True)  # want "needs a hand edit because its argument `transpose_b`"
z = tf.tile(x, [2, 1], "tile")  # want "use `keras.ops.tile`"
w = tf.concat(axis=0, values=[x, x])  # want "use `keras.ops.concatenate`"
s = tf.reduce_sum(*[x])  # want "needs a hand edit because it unpacks arguments"
g = tf.gather(x, [0], None, 1)  # want "use `keras.ops.take`"
c = tf.image.crop_to_bounding_box(x, 0, 0, 1, 1)  # want "use `keras.ops.image.crop_images` \\(check:"
