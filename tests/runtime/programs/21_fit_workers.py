"""A keras.utils.Sequence fed to fit with workers / use_multiprocessing / max_queue_size."""
import math

import numpy as np
import tensorflow as tf
from tensorflow import keras


class ArraySequence(keras.utils.Sequence):
    def __init__(self, x, y, batch_size):
        self.x, self.y = x, y
        self.batch_size = batch_size

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, idx):
        s = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        return self.x[s], self.y[s]


np.random.seed(21)
seq = ArraySequence(np.random.rand(40, 5).astype("float32"), np.random.rand(40, 1).astype("float32"), 10)
model = keras.Sequential([keras.layers.Dense(3, activation="relu", input_shape=(5,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(seq, epochs=1, workers=2, use_multiprocessing=False, max_queue_size=4, verbose=0)
pred = model.predict(seq, workers=2, verbose=0)
print("SUMMARY", "batches=%d" % len(seq), "pred=%s" % (pred.shape,))
