"""A layer with Python control flow on tensor values, declared dynamic=True."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class ClipLargeRows(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(dynamic=True, **kwargs)

    def call(self, inputs):
        rows = []
        for row in inputs:
            if float(tf.reduce_max(row)) > 0.9:
                rows.append(tf.clip_by_value(row, 0.0, 0.9))
            else:
                rows.append(row)
        return tf.stack(rows)

    def compute_output_shape(self, input_shape):
        return input_shape


model = keras.Sequential([keras.Input(shape=(3,)), ClipLargeRows(), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
np.random.seed(65)
model.fit(np.random.rand(8, 3), np.random.rand(8, 1), epochs=1, batch_size=4, verbose=0)
print("SUMMARY", "dynamic=%s" % model.layers[0].dynamic, "params=%d" % model.count_params())
