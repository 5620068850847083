"""A layer called with None inside a nested structure (guide example)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class CustomLayer(keras.layers.Layer):
    def call(self, inputs):
        foo = inputs["foo"]
        baz = inputs["bar"]["baz"]
        if baz is not None:
            return foo + baz
        return foo


layer = CustomLayer()
inputs = {
    "foo": keras.Input(shape=(1,), name="foo"),
    "bar": {
        "baz": None,
    },
}
out = layer(inputs)
print("SUMMARY", "out=%s" % (tuple(out.shape),))
