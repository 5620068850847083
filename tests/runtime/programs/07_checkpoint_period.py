"""ModelCheckpoint with period= and save_best_only on a SavedModel path."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(7)
x = np.random.rand(60, 4).astype("float32")
y = np.random.rand(60, 1).astype("float32")

model = keras.Sequential([keras.layers.Dense(6, activation="relu", input_shape=(4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

cb = keras.callbacks.ModelCheckpoint(
    "best_model", monitor="val_loss", save_best_only=True, period=1, verbose=0
)
history = model.fit(x, y, validation_split=0.25, epochs=1, callbacks=[cb], verbose=0)
print("SUMMARY", "saved=%s" % os.path.isdir("best_model"), "keys=%s" % sorted(history.history))
