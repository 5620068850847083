"""A sequence tagger compiled with sample_weight_mode="temporal" to mask padded steps."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

np.random.seed(66)
x = np.random.rand(12, 5, 3).astype("float32")
y = np.random.randint(0, 4, size=(12, 5))
weights = np.ones((12, 5))
weights[:, 3:] = 0.0

model = keras.Sequential([
    layers.TimeDistributed(layers.Dense(8, activation="relu"), input_shape=(5, 3)),
    layers.TimeDistributed(layers.Dense(4, activation="softmax")),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", sample_weight_mode="temporal")
history = model.fit(x, y, sample_weight=weights, epochs=1, verbose=0)
print("SUMMARY", "out=%s" % (model.output_shape,), "keys=%s" % sorted(history.history))
