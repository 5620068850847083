"""Save weights to an .h5 file and load them into a fresh copy of the model."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def build_model():
    return keras.Sequential([
        layers.Dense(10, activation="relu", input_shape=(5,)),
        layers.Dense(3, activation="softmax"),
    ])


np.random.seed(4)
x = np.random.rand(30, 5).astype("float32")
y = np.random.randint(0, 3, size=(30,))

model = build_model()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
model.save_weights("model_weights.h5")

clone = build_model()
clone.load_weights("model_weights.h5")
same = all(np.allclose(a, b) for a, b in zip(model.get_weights(), clone.get_weights()))
print("SUMMARY", "file=%s" % os.path.exists("model_weights.h5"), "same=%s" % same,
      "n_weights=%d" % len(clone.get_weights()))
