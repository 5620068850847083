"""Layer names with a slash, used to group layers by block (as ported TF1 code did)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(6,))
x = layers.Dense(8, activation="relu", name="block1/dense")(inputs)
x = layers.Dense(8, activation="relu", name="block2/dense")(x)
outputs = layers.Dense(1, name="head/out")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
np.random.seed(35)
model.fit(np.random.rand(16, 6), np.random.rand(16, 1), epochs=1, verbose=0)
print("SUMMARY", "names=%s" % [l.name for l in model.layers[1:]], "params=%d" % model.count_params())
