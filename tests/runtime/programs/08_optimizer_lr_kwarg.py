"""Optimizers created with the short lr= argument."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.optimizers import Adam

np.random.seed(8)
x = np.random.rand(32, 5).astype("float32")
y = np.random.randint(0, 2, size=(32,))

model = keras.Sequential([keras.layers.Dense(4, activation="relu", input_shape=(5,)),
                          keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer=Adam(lr=0.001), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, epochs=1, verbose=0)
print("SUMMARY", "optimizer=%s" % type(model.optimizer).__name__, "keys=%s" % sorted(history.history))
