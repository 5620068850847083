"""Train a small regressor, save it as a SavedModel directory, load it back."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(1)
x = np.random.rand(64, 8).astype("float32")
y = x.sum(axis=1, keepdims=True)

model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=(8,)),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(x, y, epochs=1, batch_size=16, verbose=0)

model.save("saved_models/regressor")

restored = keras.models.load_model("saved_models/regressor")
pred = restored.predict(x[:4], verbose=0)
print("SUMMARY", "exists=%s" % os.path.isdir("saved_models/regressor"), "pred=%s" % (pred.shape,),
      "params=%d" % restored.count_params())
