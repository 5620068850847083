"""A functional model with an activity penalty added through model.add_loss on a symbolic tensor."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(6,))
hidden = layers.Dense(8, activation="relu")(inputs)
outputs = layers.Dense(1)(hidden)
model = keras.Model(inputs, outputs)
model.add_loss(0.01 * tf.reduce_mean(tf.square(hidden)))
model.compile(optimizer="adam", loss="mse")
np.random.seed(48)
model.fit(np.random.rand(16, 6), np.random.rand(16, 1), epochs=1, verbose=0)
print("SUMMARY", "losses=%d" % len(model.losses))
