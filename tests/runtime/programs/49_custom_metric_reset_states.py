"""A custom streaming metric that overrides reset_states (the Keras 2 name)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class CountPositives(keras.metrics.Metric):
    def __init__(self, name="count_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.count = self.add_weight(name="count", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.count.assign_add(tf.reduce_sum(tf.cast(y_pred > 0.5, tf.float32)))

    def result(self):
        return self.count

    def reset_states(self):
        self.count.assign(100.0)


metric = CountPositives()
metric.update_state(None, tf.constant([0.9, 0.1, 0.7]))
before = float(metric.result())
metric.reset_states()
after_manual = float(metric.result())
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_shape=(2,))])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[CountPositives()])
np.random.seed(49)
model.evaluate(np.random.rand(4, 2), np.ones((4, 1)), verbose=0)
print("SUMMARY", "before=%d" % before, "after_manual=%d" % after_manual)
