"""A keras.utils.Sequence that shuffles on epoch end, used for fit and evaluate."""
import numpy as np
import tensorflow as tf
from tensorflow.keras.utils import Sequence
from tensorflow.keras import layers, models


class ShuffledBatches(Sequence):
    def __init__(self, x, y, batch_size=8):
        self.x = x
        self.y = y
        self.batch_size = batch_size
        self.indices = np.arange(len(x))
        self.epochs_seen = 0

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, i):
        idx = self.indices[i * self.batch_size:(i + 1) * self.batch_size]
        return self.x[idx], self.y[idx]

    def on_epoch_end(self):
        self.epochs_seen += 1
        np.random.shuffle(self.indices)


np.random.seed(22)
train = ShuffledBatches(np.random.rand(32, 4).astype("float32"), np.random.randint(0, 2, size=(32,)))
model = models.Sequential([layers.Dense(6, activation="relu", input_shape=(4,)),
                           layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train, epochs=2, verbose=0)
result = model.evaluate(train, verbose=0)
print("SUMMARY", "len=%d" % len(train), "results=%d" % len(result), "epochs_seen=%d" % train.epochs_seen)
