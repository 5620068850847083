import tensorflow as tf
from tensorflow import keras


class Mutated(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.f = [1.0]

    def call(self, inputs):
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because `call\\(\\)` reads `self.f`, which construction binds to something other than a constant"
            return inputs * self.f[0]
        return -inputs


mutated = keras.Sequential([keras.Input(shape=(3,)), Mutated()])
mutated.layers[0].f[0] = 5.0


class Unpacked(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.a = 1.0

    def call(self, inputs):
        if tf.reduce_sum(inputs) > self.a:  # want "unsafe because `call\\(\\)` reads `self.a`, which the code changes after construction"
            return inputs
        return -inputs


unpacked = keras.Sequential([keras.Input(shape=(3,)), Unpacked()])
layer = unpacked.layers[0]
layer.a, layer.b = 2.0, 3.0


class Augmented(keras.layers.Layer):
    def __init__(self, scale=2.0):
        super().__init__()
        self.scale = scale

    def call(self, inputs):
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because `call\\(\\)` reads `self.scale`, which the code changes after construction"
            return inputs * self.scale
        return -inputs


augmented = keras.Sequential([keras.Input(shape=(3,)), Augmented(3.0)])
augmented.layers[0].scale += 1.0


class Passed(keras.layers.Layer):
    def __init__(self, limit):
        super().__init__()
        self.limit = limit

    def call(self, inputs):
        if tf.reduce_sum(inputs) > self.limit:  # want "unsafe because `call\\(\\)` reads `self.limit`, which construction binds to something other than a constant"
            return inputs
        return -inputs


bound = 0.5
passed = keras.Sequential([keras.Input(shape=(3,)), Passed(bound)])
