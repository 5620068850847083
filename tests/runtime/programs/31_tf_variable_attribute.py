"""A layer that keeps tf.Variable attributes instead of add_weight (guide example)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class MyCustomLayer(keras.layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.w = tf.Variable(initial_value=tf.random.normal([input_dim, self.units]), trainable=True)
        self.b = tf.Variable(initial_value=tf.zeros([self.units]), trainable=True)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b


np.random.seed(31)
layer = MyCustomLayer(3)
model = keras.models.Sequential([keras.Input(shape=(4,)), layer])
model.compile(optimizer="adam", loss="mse")
before = layer.w.numpy().copy()
model.fit(np.random.rand(16, 4), np.random.rand(16, 3), epochs=1, verbose=0)
changed = not np.allclose(before, layer.w.numpy())
print("SUMMARY", "trainable=%d" % len(model.trainable_weights), "w_changed=%s" % changed)
