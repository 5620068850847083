"""A custom dense layer that passes the weight name positionally to add_weight."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class MyDense(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", trainable=True)
        self.bias = self.add_weight("bias", shape=(self.units,), initializer="zeros")
        super().build(input_shape)

    def call(self, inputs):
        return tf.matmul(inputs, self.kernel) + self.bias


np.random.seed(15)
inputs = keras.Input(shape=(4,))
outputs = MyDense(3)(inputs)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(16, 4), np.random.rand(16, 3), epochs=1, verbose=0)
names = sorted(w.name.split("/")[-1].split(":")[0] for w in model.layers[1].weights)
print("SUMMARY", "weights=%s" % names, "params=%d" % model.count_params())
