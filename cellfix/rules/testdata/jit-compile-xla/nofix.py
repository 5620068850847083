import keras
import tensorflow as tf


class Printer(keras.Model):
    def call(self, x):
        tf.print(x)  # want "uses `tf.print`, a string-typed `tf.cast`, which XLA cannot compile"
        return tf.cast(x, dtype=tf.string)


class Reader(keras.models.Model):
    def call(self, x):
        return tf.io.decode_raw(x, tf.uint8)  # want "`Reader.call` uses `tf.io.decode_raw`"


reader = Reader()
reader.compile(loss="mse", jit_compile=True)
