# %%
import keras
# %%
# Keras 3.13 and later accept None among a layer's inputs (checked on
# 3.12.0 and 3.13.0), so the newest Keras hears nothing about this call.
class Add(keras.layers.Layer):
    def call(self, inputs):
        baz = inputs["bar"]["baz"]
        return inputs["foo"] if baz is None else inputs["foo"] + baz

Add()({"foo": keras.Input(shape=(1,)), "bar": {"baz": None}})
# %%
# A None among the returned values still fails on the newest Keras.
class Pair(keras.layers.Layer):
    def call(self, inputs):
        return inputs, None  # want "returns `None` inside a nested value"
