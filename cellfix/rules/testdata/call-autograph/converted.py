# A call() the code converts with AutoGraph itself runs as converted.
import tensorflow as tf
from tensorflow import keras


class Gate(keras.layers.Layer):
    # OK: converted below, after the class.
    def call(self, x):
        if tf.reduce_sum(x) > 0:
            return x * 2.0
        return x - 1.0


Gate.call = tf.autograph.to_graph(Gate.call)
# %%


class Traced(keras.layers.Layer):
    # OK: wrapped in tf.function in the next cell.
    def call(self, x):
        if tf.reduce_sum(x) > 0:
            return x * 2.0
        return x


# %%
Traced.call = tf.function(Traced.call)
# %%


class InInit(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.call = tf.function(self.call)

    # OK: the instance's call is a tf.function.
    def call(self, x):
        if tf.reduce_sum(x) > 0:
            return x * 2.0
        return x


class BoundToGraph(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.call = tf.autograph.to_graph(self.call)

    def call(self, x):
        if tf.reduce_sum(x) > 0:  # want "Python `if` on a tensor in `BoundToGraph.call`"
            return x * 2.0
        return x


class NotConverted(keras.layers.Layer):
    def call(self, x):
        if tf.reduce_sum(x) > 0:  # want "Python `if` on a tensor in `NotConverted.call`"
            return x * 2.0
        return x


Gate.call = tf.autograph.to_graph(Gate.call)
