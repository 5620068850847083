import keras
import numpy as np
import tensorflow as tf


class MyCustomLayer(keras.layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.w = tf.Variable(initial_value=tf.zeros([input_dim, self.units]))  # want "`self.w = tf.Variable\\(...\\)` is not tracked by Keras 3, so `MyCustomLayer` never trains or saves it; create it with `self.add_weight\\(...\\)`"
        self.b = tf.Variable(initial_value=tf.zeros([self.units,]))  # want "`self.b = tf.Variable"

    def call(self, inputs):
        return keras.ops.matmul(inputs, self.w) + self.b
