# Which definition a call by plain name runs: the last one at the top level
# of the cell; methods and nested functions of the same name are not it.
import keras
import numpy as np
import tensorflow as tf

model = keras.Sequential([keras.layers.Dense(1)])
x = np.ones((1, 3))


@tf.function
def decorated(x):
    with tf.GradientTape() as tape:
        y = model(x)
    return tape.gradient(y, model.trainable_weights)


def method_name(x):
    return model(x)


class Holder:
    def method_name(self, x):
        with tf.GradientTape() as tape:
            y = model(x)
        return tape.gradient(y, model.trainable_weights)


def outer():
    def nested_only(x):
        with tf.GradientTape() as tape:
            y = model(x)
        return tape.gradient(y, model.trainable_weights)

    return nested_only


def tape_then_plain(x):
    with tf.GradientTape() as tape:
        y = model(x)
    return tape.gradient(y, model.trainable_weights)


def tape_then_plain(x):
    return model(x)


def plain_then_tape(x):
    return model(x)


def plain_then_tape(x):
    with tf.GradientTape() as tape:
        y = model(x)
    return tape.gradient(y, model.trainable_weights)


decorated(x)  # want "`decorated` computes gradients with `tf.GradientTape`"
method_name(x)
nested_only = Holder().method_name  # bound by assignment, not by a def
nested_only(x)
tape_then_plain(x)
plain_then_tape(x)  # want "`plain_then_tape` computes gradients with `tf.GradientTape`"
