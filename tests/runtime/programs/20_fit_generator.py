"""fit_generator / evaluate_generator / predict_generator on a Python generator."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(20)
X = np.random.rand(64, 6).astype("float32")
Y = np.random.randint(0, 2, size=(64, 1)).astype("float32")


def batches(batch_size=16):
    while True:
        for i in range(0, len(X), batch_size):
            yield X[i:i + batch_size], Y[i:i + batch_size]


model = keras.Sequential([keras.layers.Dense(4, activation="relu", input_shape=(6,)),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit_generator(batches(), steps_per_epoch=4, epochs=1, verbose=0)
scores = model.evaluate_generator(batches(), steps=4)
preds = model.predict_generator(batches(), steps=2)
print("SUMMARY", "scores=%d" % len(scores), "preds=%s" % (preds.shape,))
