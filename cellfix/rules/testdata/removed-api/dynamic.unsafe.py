import numpy as np
import tensorflow as tf
from tensorflow import keras


class Clip(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(dynamic=True, **kwargs)  # want "remove it, and if the layer must run eagerly"

    def call(self, inputs):
        return tf.stack([row if float(tf.reduce_max(row)) < 1 else row * 0 for row in inputs])

    def compute_output_shape(self, shape):
        return shape


model = keras.Sequential([keras.Input(shape=(3,)), Clip(), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
print(model.layers[0].dynamic)

other = keras.Sequential()
other.add(keras.Input(shape=(3,)))
other.add(Clip())
other.compile("adam", "mse", run_eagerly=True)
other.compile(optimizer="sgd", loss="mse")

# %%
eager_rnn = keras.Sequential([keras.Input((4, 2)), keras.layers.SimpleRNN(3, dynamic=True)])  # want "no automatic fix, because the code reads `.dynamic`"
eager_rnn.compile("adam", "mse")
