import numpy as np
from tensorflow import keras


class Branch(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because the model's `compile\\(\\)` stands in a function, loop or branch"

    def compute_output_shape(self, shape):
        return shape


branch = keras.Sequential([keras.Input(shape=(3,)), Branch()])
if False:
    branch.compile("sgd", "mse")
branch.predict(np.ones((2, 3)))


# %%
class InFunction(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because the model's `compile\\(\\)` stands in a function, loop or branch"

    def compute_output_shape(self, shape):
        return shape


def prepare(model):
    model.compile("sgd", "mse")


in_function = keras.Sequential([keras.Input(shape=(3,)), InFunction()])


def prepare_here():
    in_function.compile("sgd", "mse")


in_function.fit(np.ones((2, 3)), np.ones((2, 3)), verbose=0)


# %%
class Dyn(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because a class in the code inherits from this one"

    def compute_output_shape(self, shape):
        return shape


class Sub(Dyn):
    pass


held = keras.Sequential([keras.Input(shape=(3,)), Dyn()])
held.compile("sgd", "mse")
other = keras.Sequential([Sub()])
