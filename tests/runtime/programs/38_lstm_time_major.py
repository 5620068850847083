"""An LSTM fed time-major sequences (time_major=True)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

timesteps, batch, features = 7, 4, 3
np.random.seed(38)
x = np.random.rand(timesteps, batch, features).astype("float32")
lstm = layers.LSTM(5, time_major=True, return_sequences=True)
out = lstm(x)
print("SUMMARY", "out=%s" % (tuple(out.shape),), "weights=%d" % len(lstm.weights))
