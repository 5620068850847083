import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

image = keras.Input(shape=(8, 8, 1))
ids = keras.Input(shape=(4,), dtype="int32")
x = layers.Conv2D(4, 3)(image)
pooled = tf.reduce_mean(x, axis=[1, 2])  # want "use `keras.ops.mean`"
# An integer input, a layer with a dtype, a layer that keeps its input's dtype: unsafe.
counts = tf.reduce_mean(ids, axis=-1)  # want "use `keras.ops.mean`"
half = tf.reduce_mean(layers.Dense(2, dtype="float64")(image), axis=-1)  # want "use `keras.ops.mean`"
flat = tf.reduce_mean(layers.Flatten()(ids), axis=-1)  # want "use `keras.ops.mean`"
