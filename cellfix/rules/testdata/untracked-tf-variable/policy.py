import tensorflow as tf
import keras

keras.mixed_precision.set_global_policy("mixed_float16")


class Linear(keras.layers.Layer):
    def build(self, input_shape):
        # A dtype policy autocasts keras.Variable, not tf.Variable: unsafe.
        self.w = tf.Variable(tf.zeros([input_shape[-1], 3]))  # want "not tracked by Keras 3"
