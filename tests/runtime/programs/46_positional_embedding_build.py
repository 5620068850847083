"""A positional-embedding layer that creates a sublayer's state inside call() (guide example)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, output_dim, **kwargs):
        super().__init__(**kwargs)
        self.position_embeddings = layers.Embedding(input_dim=sequence_length, output_dim=output_dim)
        self.sequence_length = sequence_length
        self.output_dim = output_dim

    def call(self, inputs):
        inputs = tf.cast(inputs, self.compute_dtype)
        length = tf.shape(inputs)[1]
        positions = tf.range(start=0, limit=length, delta=1)
        embedded_positions = self.position_embeddings(positions)
        return inputs + embedded_positions


np.random.seed(46)
model = keras.Sequential([
    keras.Input(shape=(6, 4)),
    PositionalEmbedding(6, 4, name="frame_position_embedding"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(16, 6, 4), np.random.rand(16, 1), epochs=1, verbose=0)
print("SUMMARY", "params=%d" % model.count_params())
