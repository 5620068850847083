import numpy as np
import tensorflow as tf
from tensorflow import keras


class Printing(keras.layers.Layer):
    def call(self, inputs):
        print("called")
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because `call\\(\\)` runs `print\\(\"called\"\\)` for its effect"
            return inputs
        return -inputs


class Counting(keras.layers.Layer):
    def call(self, inputs):
        self.calls = 1
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because `call\\(\\)` assigns to `self.calls`"
            return inputs
        return -inputs


class Eager(keras.layers.Layer):
    def call(self, inputs):
        if float(tf.reduce_sum(inputs)) > 0:  # want "unsafe because `call\\(\\)` calls `float`"
            return inputs
        return -inputs


class HalfDefined(keras.layers.Layer):
    def call(self, inputs):
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because a branch of an `if` on a tensor in `call\\(\\)` does not end in `return`"
            inputs = inputs * 2
        return inputs


class ByTraining(keras.layers.Layer):
    def call(self, inputs, training=None):
        if training:
            return inputs
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because `call\\(\\)` reads `training`"
            return inputs
        return -inputs


class Looping(keras.layers.Layer):
    def call(self, inputs):
        for _ in tf.range(3):  # want "unsafe because `call\\(\\)` has a `for` statement"
            inputs = inputs * 2
        return inputs


printing_model = keras.Sequential([keras.Input(shape=(3,)), Printing()])
counting_model = keras.Sequential([keras.Input(shape=(3,)), Counting()])
eager_model = keras.Sequential([keras.Input(shape=(3,)), Eager()])
halfdefined_model = keras.Sequential([keras.Input(shape=(3,)), HalfDefined()])
bytraining_model = keras.Sequential([keras.Input(shape=(3,)), ByTraining()])
looping_model = keras.Sequential([keras.Input(shape=(3,)), Looping()])


class NestedEffect(keras.layers.Layer):
    def call(self, inputs):
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because `call\\(\\)` runs `print\\(inputs\\)` for its effect"
            print(inputs)
            return inputs
        else:
            return -inputs


class Flagged(keras.layers.Layer):
    def __init__(self, flag=True):
        super().__init__()
        self.flag = flag

    def call(self, inputs):
        if self.flag:
            return inputs
        return inputs * 2 if tf.reduce_sum(inputs) > 0 else inputs  # want "unsafe because `call\\(\\)` branches on the Python value `self.flag`"


nested_model = keras.Sequential([keras.Input(shape=(3,)), NestedEffect(), Flagged()])


class NoElse(keras.layers.Layer):
    def call(self, inputs):
        if tf.reduce_sum(inputs) > 0:  # want "unsafe because an `if` on a tensor in `call\\(\\)` has no `else`"
            return inputs
        doubled = inputs * 2
        return doubled


no_else_model = keras.Sequential([keras.Input(shape=(3,)), NoElse()])
