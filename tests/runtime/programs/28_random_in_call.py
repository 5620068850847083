"""Layers that draw random numbers in call(): additive noise and a random branch."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class GaussianNoiseLayer(keras.layers.Layer):
    def __init__(self, stddev, **kwargs):
        super().__init__(**kwargs)
        self.stddev = stddev

    def call(self, inputs, training=None):
        if training:
            return inputs + tf.random.normal(tf.shape(inputs), stddev=self.stddev)
        return inputs


class RandomScale(keras.layers.Layer):
    def call(self, inputs):
        if tf.random.uniform(()) > 0.5:
            return inputs * 2
        else:
            return inputs / 2


np.random.seed(28)
data = np.random.uniform(size=[8, 3]).astype("float32")
model = keras.models.Sequential([keras.Input(shape=(3,)), GaussianNoiseLayer(0.1), RandomScale(), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.fit(data, np.random.rand(8, 2), epochs=1, verbose=0)
out = model.predict(data, verbose=0)
print("SUMMARY", "out=%s" % (out.shape,))
