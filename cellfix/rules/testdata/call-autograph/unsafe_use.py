import numpy as np
import tensorflow as tf
from tensorflow import keras


class Changed(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.limit = 0.0

    def call(self, inputs):
        if tf.reduce_sum(inputs) > self.limit:  # want "unsafe because `call\\(\\)` reads `self.limit`, which the code changes"
            return inputs
        return -inputs


changed = keras.Sequential([keras.Input(shape=(3,)), Changed()])
changed.layers[0].limit = 1.0


# %%
class Direct(keras.layers.Layer):
    def call(self, inputs):
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because an instance of the class goes elsewhere"
            return inputs
        return -inputs


print(Direct()(np.ones((2, 3))))


# %%
tf.random.set_seed(0)


class Seeded(keras.layers.Layer):
    def call(self, inputs):
        if tf.random.uniform(()) > 0.5:  # want "unsafe because the program seeds TensorFlow's random numbers"
            return inputs
        return -inputs


seeded = keras.Sequential([keras.Input(shape=(3,)), Seeded()])
