import keras
import tensorflow as tf

# OK: a variable outside any layer, and in a plain class.
counter = tf.Variable(0)


class Plain:
    def __init__(self):
        self.v = tf.Variable(1.0)


# OK: the guide's fixed code uses add_weight; keras.Variable is tracked.
class MyCustomLayer(keras.layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units
        self.c = keras.Variable(initializer=0.0, trainable=False)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.w = self.add_weight(
            shape=[input_dim, self.units],
            initializer="zeros",
        )
        local = tf.Variable(1.0)

    def call(self, inputs):
        return keras.ops.matmul(inputs, self.w)
