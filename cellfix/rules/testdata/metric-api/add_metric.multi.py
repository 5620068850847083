import tensorflow as tf
from tensorflow.keras import layers


class Stats(layers.Layer):
    def call(self, inputs):
        self.add_metric(tf.reduce_mean(inputs), name="m")  # want "no automatic fix, because on JAX"
        return inputs
