"""A GAN-style loop with train_on_batch(reset_metrics=False) and test_on_batch."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(37)
model = keras.Sequential([keras.layers.Dense(4, activation="relu", input_shape=(3,)),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
logs = None
for step in range(3):
    xb = np.random.rand(8, 3)
    yb = np.random.randint(0, 2, size=(8, 1))
    logs = model.train_on_batch(xb, yb, reset_metrics=False)
test_logs = model.test_on_batch(np.random.rand(8, 3), np.random.randint(0, 2, size=(8, 1)))
print("SUMMARY", "train=%d" % len(logs), "test=%d" % len(test_logs))
