import keras
import numpy as np
import tensorflow as tf
from keras import layers

# OK: the guide's fixed code.
input = keras.layers.Input([2, 2, 1])
keras.ops.squeeze(input)

# OK: TF ops on real data, inside a layer, and in a Lambda.
data = np.zeros((2, 2, 1))
squeezed = tf.squeeze(data)
rebound = keras.Input((3,))
rebound = np.ones(3)
tf.reduce_sum(rebound)


class Squeeze(layers.Layer):
    def call(self, inputs):
        return tf.squeeze(inputs)


out = Squeeze()(input)
lam = layers.Lambda(lambda t: tf.squeeze(t))(input)
dense = layers.Dense(3)
shape = tf.TensorShape(input.shape)
