import keras
import tensorflow as tf
from tensorflow.keras import layers


class Fixed(keras.layers.Layer):
    # OK: the guide's fix decorates call.
    @tf.function()
    def call(self, inputs):
        if tf.random.uniform(()) > 0.5:
            return inputs * 2
        else:
            return inputs / 2


class Flags(layers.Layer):
    def __init__(self, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.use_bias = use_bias
        self.blocks = [layers.Dense(2), layers.Dense(3)]

    # OK: conditions on Python values.
    def call(self, inputs, training=None, mask=None, mode="sum", depth=2):
        if training:
            inputs = inputs * 1
        if self.use_bias and mode == "sum":
            inputs = inputs + 1
        if mask is not None:
            inputs = inputs * mask
        if inputs.shape[-1] > 3 and len(inputs.shape) == 2:
            inputs = inputs[:, :3]
        if isinstance(inputs, (list, tuple)):
            inputs = inputs[0]
        if tf.executing_eagerly():
            pass
        for block in self.blocks:
            inputs = block(inputs)
        for _ in range(depth):
            inputs = inputs + 0
        n = inputs.shape[1]
        while n > 1:
            n = n // 2
        return inputs


class NotKeras:
    def call(self, inputs):
        if tf.reduce_sum(inputs) > 0:
            return inputs
        return inputs


def outside(x):
    if tf.reduce_sum(x) > 0:
        return x
    return x


class AlreadyDecorated(keras.Model):
    @tf.function
    def call(self, x):
        while tf.reduce_sum(x) > 0:
            x = x - 1
        return x
