"""Windowed forecasting with preprocessing.sequence.TimeseriesGenerator."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator

series = np.sin(np.arange(60) / 5.0).reshape(-1, 1).astype("float32")
gen = TimeseriesGenerator(series, series, length=8, batch_size=8)
model = keras.Sequential([keras.layers.Flatten(input_shape=(8, 1)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(gen, epochs=1, verbose=0)
x0, y0 = gen[0]
print("SUMMARY", "batches=%d" % len(gen), "x0=%s" % (x0.shape,), "y0=%s" % (y0.shape,))
