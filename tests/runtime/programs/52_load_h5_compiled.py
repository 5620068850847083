"""Save a compiled model to HDF5 and reload it to continue training."""
import os

import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential, load_model
from tensorflow.keras.layers import Dense

np.random.seed(52)
x = np.random.rand(32, 4)
y = np.random.rand(32, 1)
model = Sequential([Dense(6, activation="relu", input_shape=(4,)), Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(x, y, epochs=1, verbose=0)
model.save("regressor.h5")

reloaded = load_model("regressor.h5")
history = reloaded.fit(x, y, epochs=1, verbose=0)
print("SUMMARY", "file=%s" % os.path.exists("regressor.h5"), "keys=%s" % sorted(history.history))
