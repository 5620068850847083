"""Trains the same layer kept in tf.Variable attributes on Keras 2 (tf_keras,
which tracks them) and in keras.Variable attributes on Keras 3 (what
untracked-tf-variable's fix writes), from the same values, and prints what
each trained as JSON. Run by test_keras_variable.py."""

import json
import sys

import numpy as np
import keras
import tensorflow as tf
import tf_keras

rng = np.random.default_rng(0)
W = rng.standard_normal((4, 3)).astype("float32")
X = rng.random((16, 4)).astype("float32")
Y = rng.random((16, 3)).astype("float32")


def layer_class(base, variable, keyword):
    class Linear(base):
        def __init__(self, units):
            super().__init__()
            self.units = units

        def build(self, input_shape):
            self.w = variable(**{keyword: tf.constant(W)}, trainable=True)
            self.b = variable(**{keyword: tf.zeros([self.units])}, trainable=True)

        def call(self, inputs):
            return tf.matmul(inputs, self.w) + self.b
    return Linear


def train(lib, variable, keyword):
    layer = layer_class(lib.layers.Layer, variable, keyword)(3)
    model = lib.Sequential([lib.Input((4,)), layer])
    model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.1), loss="mse")
    model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    return {"trainable": len(model.trainable_weights), "dtypes": [str(np.asarray(w).dtype) for w in model.get_weights()],
            "weights": [np.asarray(w).tolist() for w in model.get_weights()]}


json.dump({"keras2": train(tf_keras, tf.Variable, "initial_value"),
           "keras3": train(keras, keras.Variable, "initializer")}, sys.stdout)
