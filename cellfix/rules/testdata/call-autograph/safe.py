import numpy as np
import tensorflow as tf
from tensorflow import keras


class RandomScale(keras.layers.Layer):
    def call(self, inputs, training=None):
        """Scales by 2 or 1/2 at random."""
        draw = tf.random.uniform(())
        if draw > 0.5:  # want "for backend-agnostic code$"
            return inputs * 2
        return inputs / 2


class Flip(keras.layers.Layer):
    def __init__(self, limit=0.5):
        super().__init__()
        self.limit = limit

    def call(self, inputs):
        return -inputs if tf.reduce_max(inputs) > self.limit else inputs + 1.0  # want "for backend-agnostic code$"


model = keras.Sequential([keras.Input(shape=(3,)), RandomScale(), Flip(), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.predict(np.ones((2, 3)))
