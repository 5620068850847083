# A model saved to HDF5 whose lambdas read only names bound once before
# them: every lambda becomes a registered function, a safe fix.
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

scale = 3.0
inputs = keras.Input(shape=(4,))
x = layers.Lambda(lambda t: t * 2.0, name="double")(inputs)
x = layers.Dense(2)(x)
y = layers.Lambda(lambda t: tf.nn.softmax(t) * scale + np.pi + abs(
    t))(x)
model = keras.Model(inputs, layers.Lambda(lambda t: tf.nn.softmax(t), name="softmax")(y))
model.save("lambda_model.h5")
restored = keras.models.load_model("lambda_model.h5")  # want "turn each lambda into a named function registered"
# %%
# Not safe: `offset` is bound again after the layer; Keras 2's reloaded
# lambda keeps the value of load time.
offset = 1.0
shifted = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t + offset)])
shifted.save("shifted.h5")
keras.models.load_model("shifted.h5")  # want "reads `offset`, which is not bound exactly once"
offset = 2.0
# %%
# Not safe: the layer is built in a loop.
stack = keras.Sequential([keras.Input((2,))])
for k in range(2):
    stack.add(layers.Lambda(lambda t: t * 2.0))
stack.save("stack.h5")
keras.models.load_model("stack.h5")  # want "built inside a function, class, comprehension or loop"
# %%
# Not safe: a lambda output_shape stays a lambda.
shaped = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t * 2.0, output_shape=lambda s: s)])
shaped.save("shaped.h5")
keras.models.load_model("shaped.h5")  # want "given more than its function"
# %%
# Not safe: save_format picks the format, not the extension.
fmt = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t * 2.0)])
fmt.save("fmt.h5", save_format="h5")
keras.models.load_model("fmt.h5")  # want "explicit `save_format`"
# %%
# An import repeated in a later cell binds the same module: still safe.
import numpy as np

half = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t * np.float32(0.5))])
half.save("half.h5")
keras.models.load_model("half.h5")  # want "turn each lambda into a named function registered"
