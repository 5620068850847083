import numpy as np
import tensorflow as tf
from tensorflow import keras


class Clip(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(dynamic=True, **kwargs)  # want "must run eagerly, compile the model with `run_eagerly=True`$"

    def call(self, inputs):
        return tf.stack([row if float(tf.reduce_max(row)) < 1 else row * 0 for row in inputs])

    def compute_output_shape(self, shape):
        return shape


model = keras.Sequential([keras.Input(shape=(3,)), Clip(), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0)
print(model.layers[0].dynamic, model.layers[-2].dynamic, model.count_params(), model(np.ones((2, 3))))

added = keras.Sequential()
added.add(keras.Input(shape=(3,)))
added.add(Clip())
added.compile("sgd", "mse")
added.predict(np.ones((4, 3)))


# %%
class NoShape(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because the class does not define `compute_output_shape\\(\\)`"

    def call(self, inputs):
        return inputs if float(tf.reduce_sum(inputs)) > 0 else -inputs


no_shape = keras.Sequential([keras.Input(shape=(3,)), NoShape()])
no_shape.compile("sgd", "mse")


# %%
class Early(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because the model is run before a `compile\\(\\)`"

    def compute_output_shape(self, shape):
        return shape


early = keras.Sequential([keras.Input(shape=(3,)), Early()])
early.predict(np.ones((2, 3)))
early.compile("sgd", "mse")


# %%
class Passed(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because the model is passed on"

    def compute_output_shape(self, shape):
        return shape


passed = keras.Sequential([keras.Input(shape=(3,)), Passed()])
passed.compile("sgd", "mse")
clone = keras.models.clone_model(passed)


# %%
class Saved(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because the code uses the model's `save`"

    def compute_output_shape(self, shape):
        return shape


saved = keras.Sequential([keras.Input(shape=(3,)), Saved()])
saved.compile("sgd", "mse")
saved.save("saved.h5")


# %%
class Jit(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because a `compile\\(\\)` of the model sets `jit_compile`"

    def compute_output_shape(self, shape):
        return shape


jit = keras.Sequential([keras.Input(shape=(3,)), Jit()])
jit.compile("sgd", "mse", jit_compile=True)
