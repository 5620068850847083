"""A convolution with a RadialConstraint on its kernel (trained eagerly, as the constraint requires)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Conv2D(2, 3, kernel_constraint=keras.constraints.RadialConstraint(), input_shape=(6, 6, 1)),
    layers.Flatten(),
    layers.Dense(1),
])
model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
np.random.seed(44)
model.fit(np.random.rand(8, 6, 6, 1), np.random.rand(8, 1), epochs=1, verbose=0)
print("SUMMARY", "params=%d" % model.count_params())
