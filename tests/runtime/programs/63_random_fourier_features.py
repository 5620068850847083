"""Kernel approximation with layers.experimental.RandomFourierFeatures."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([
    keras.Input(shape=(6,)),
    keras.layers.experimental.RandomFourierFeatures(output_dim=16, scale=10.0, kernel_initializer="gaussian"),
    keras.layers.Dense(2),
])
model.compile(optimizer="adam", loss="hinge")
np.random.seed(63)
model.fit(np.random.rand(16, 6), keras.utils.to_categorical(np.random.randint(0, 2, 16), 2), epochs=1, verbose=0)
print("SUMMARY", "out=%s" % (model.output_shape,), "trainable=%d" % len(model.trainable_weights))
