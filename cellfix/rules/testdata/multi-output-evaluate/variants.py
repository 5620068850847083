import tensorflow as tf
from tensorflow import keras

inp = keras.Input((4,))
heads = {"a": keras.layers.Dense(1)(inp), "b": keras.layers.Dense(1)(inp), "c": keras.layers.Dense(1)(inp)}
net = keras.Model(inp, heads)
net.compile("adam", {"a": "mse", "b": "mse", "c": "mae"})
loss, *rest = net.evaluate(x, y)  # want "`net` has 3 outputs.*one entry per output"


def train(x, y):
    i = keras.Input((2,))
    two = keras.Model(i, [keras.layers.Dense(1)(i), keras.layers.Dense(1)(i)])
    two.compile(loss="mse")
    return two.evaluate(x, y)  # want "`two` has 2 outputs.*metrics=\\[\"mse\", \"mse\"\\]"
