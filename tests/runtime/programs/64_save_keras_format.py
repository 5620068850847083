"""Save and load in the .keras format (TF 2.12+), a path that already works on both."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.save("model.keras")
restored = keras.models.load_model("model.keras")
np.random.seed(64)
data = np.random.rand(2, 3)
print("SUMMARY", "file=%s" % os.path.exists("model.keras"),
      "same=%s" % np.allclose(model.predict(data, verbose=0), restored.predict(data, verbose=0)))
