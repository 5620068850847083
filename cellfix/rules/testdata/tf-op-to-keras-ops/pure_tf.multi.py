# OK: a notebook that never uses Keras is not a Keras migration, so its
# TensorFlow ops stay as they are.
# %%
import tensorflow as tf
# %%
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
y = tf.reduce_sum(tf.square(x), axis=1)
z = tf.cast(y, tf.int32)[tf.newaxis]
