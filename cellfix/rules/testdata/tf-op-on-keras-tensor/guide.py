import keras
import tensorflow as tf

input = keras.layers.Input([2, 2, 1])
tf.squeeze(input)  # want "`tf.squeeze` is applied to the symbolic Keras tensor `input`.*use `keras.ops.squeeze`"
