"""LocallyConnected1D on a short sequence."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.LocallyConnected1D(4, 3, input_shape=(10, 2)),
    layers.Flatten(),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
np.random.seed(47)
model.fit(np.random.rand(8, 10, 2), np.random.rand(8, 1), epochs=1, verbose=0)
print("SUMMARY", "params=%d" % model.count_params(), "out=%s" % (model.output_shape,))
