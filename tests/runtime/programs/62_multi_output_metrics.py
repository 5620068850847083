"""A two-headed model compiled with a single metrics list for both outputs."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(8,))
h = layers.Dense(8, activation="relu")(inputs)
cls = layers.Dense(3, activation="softmax", name="cls")(h)
reg = layers.Dense(1, name="reg")(h)
model = keras.Model(inputs, [cls, reg])
model.compile(optimizer="adam", loss=["sparse_categorical_crossentropy", "mse"], metrics=["accuracy"])
np.random.seed(62)
x = np.random.rand(24, 8)
history = model.fit(x, [np.random.randint(0, 3, size=(24,)), np.random.rand(24, 1)], epochs=1, verbose=0)
print("SUMMARY", "keys=%s" % sorted(history.history))
