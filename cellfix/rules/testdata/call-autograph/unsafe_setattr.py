import tensorflow as tf
from tensorflow import keras


class Limited(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.limit = 0.0

    def call(self, inputs):
        if tf.reduce_sum(inputs) > self.limit:  # want "unsafe because `call\\(\\)` reads `self.limit` and the code calls `setattr\\(\\)`"
            return inputs
        return -inputs


model = keras.Sequential([keras.Input(shape=(3,)), Limited()])
setattr(model.layers[0], "limit", 1.0)


# %%
class Base(keras.layers.Layer):
    def call(self, inputs):
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because a class in the code inherits from this one"
            return inputs
        return -inputs


class Derived(Base):
    pass


derived = keras.Sequential([keras.Input(shape=(3,)), Base(), Derived()])
