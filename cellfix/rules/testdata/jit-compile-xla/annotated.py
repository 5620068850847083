import keras
import tensorflow as tf


class Reader(keras.Model):
    def call(self, x):
        return tf.io.decode_raw(x, tf.uint8)  # want "`Reader.call` uses `tf.io.decode_raw`"


reader = Reader()
# Annotations without a value set nothing: XLA stays on.
reader.jit_compile: bool
reader.run_eagerly: bool
reader.compile(loss="mse")
