import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class Stats(layers.Layer):
    """Reports two metrics."""

    def call(self, inputs):
        self.add_metric(tf.reduce_mean(inputs), name="mean activation", aggregation="mean")  # want "call its `update_state\\(\\)` in `call\\(\\)`"
        return inputs


class WithInit(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def call(self, inputs):
        self.add_metric(tf.reduce_max(inputs), "peak")  # want "call its `update_state\\(\\)` in `call\\(\\)`"
        return inputs


class Summed(layers.Layer):
    def call(self, inputs):
        self.add_metric(tf.reduce_sum(inputs), name="total", aggregation="sum")  # want "no automatic fix, because its aggregation is not the mean"
        return inputs


class Named(layers.Layer):
    def call(self, inputs, tag):
        self.add_metric(tf.reduce_sum(inputs), name=tag)  # want "no automatic fix, because the metric's name is not a string literal"
        return inputs


class Taken(layers.Layer):
    def __init__(self):
        super().__init__()
        self.loss_metric = 0

    def call(self, inputs):
        self.add_metric(tf.reduce_sum(inputs), name="loss")  # want "no automatic fix, because the metric's name gives no free attribute name"
        return inputs


class NoSuper(layers.Layer):
    def __init__(self):
        self.ready = True

    def call(self, inputs):
        self.add_metric(tf.reduce_sum(inputs), name="n")  # want "no automatic fix, because `__init__` does not call"
        return inputs


class Built(layers.Layer):
    def build(self, shape):
        self.add_metric(tf.constant(1.0), name="built")  # want "no automatic fix, because it is not a statement of a layer's `call\\(\\)`"

    def call(self, inputs):
        value = self.add_metric(tf.reduce_sum(inputs), name="v")  # want "no automatic fix, because it is not a statement"
        return inputs


inputs = keras.Input(shape=(3,))
model = keras.Model(inputs, Stats()(inputs))
model.add_metric(tf.reduce_mean(inputs), name="m")  # want "no automatic fix, because it is not a statement of a layer's `call\\(\\)`"


class Two(layers.Layer):
    def call(self, inputs):
        self.add_metric(tf.reduce_min(inputs), name="low")  # want "call its `update_state\\(\\)` in `call\\(\\)`"
        self.add_metric(tf.reduce_max(inputs), name="high")  # want "call its `update_state\\(\\)` in `call\\(\\)`"
        return inputs


class Tracked(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(1)

    def call(self, inputs):
        self.add_metric(tf.reduce_mean(inputs), name="seen")  # want "the fix is unsafe because it is in a model's own `call\\(\\)`"
        return self.dense(inputs)


class Sometimes(layers.Layer):
    def call(self, inputs, training=None):
        if training:
            self.add_metric(tf.reduce_mean(inputs), name="train mean")  # want "the fix is unsafe because the `add_metric\\(\\)` does not run on every call"
        return inputs
