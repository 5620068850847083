import tensorflow as tf
import keras


class Linear(keras.layers.Layer):
    def build(self, input_shape):
        # Value and trainable only: keras.Variable trains as Keras 2 did.
        self.w = tf.Variable(initial_value=tf.random.normal([input_shape[-1], 3]), trainable=True)  # want "not tracked by Keras 3"
        self.b = tf.Variable(tf.zeros([3]))  # want "not tracked by Keras 3"
        # A name: Keras 3 spells variable names differently, so unsafe.
        self.c = tf.Variable(tf.zeros([3]), name="c")  # want "not tracked by Keras 3"
        # Its name is read below: unsafe.
        self.d = tf.Variable(tf.zeros([3]))  # want "not tracked by Keras 3"

    def call(self, inputs):
        print(self.d.name)
        return tf.matmul(inputs, self.w) + self.b + self.c
