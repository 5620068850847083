"""A layer that reports an extra metric with add_metric()."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class ActivationStats(layers.Layer):
    def call(self, inputs):
        self.add_metric(tf.reduce_mean(inputs), name="mean_activation", aggregation="mean")
        return inputs


inputs = keras.Input(shape=(4,))
h = ActivationStats()(layers.Dense(4, activation="relu")(inputs))
outputs = layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
np.random.seed(50)
history = model.fit(np.random.rand(16, 4), np.random.rand(16, 1), epochs=1, verbose=0)
print("SUMMARY", "keys=%s" % sorted(history.history))
