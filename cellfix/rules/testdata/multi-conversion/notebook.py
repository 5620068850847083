# %%
# A notebook whose custom layers use only TensorFlow ops that keras.ops maps
# one to one. Converting it for --target multi must leave no tf. behind; the
# last cell checks the converted layers against NumPy.
import math

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
# %%
class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = tf.shape(x)[-1]
        positions = tf.range(start=0, limit=maxlen, delta=1)
        return self.token_emb(x) + self.pos_emb(positions)[tf.newaxis, ...]
# %%
class Stats(layers.Layer):
    def call(self, x):
        x = tf.cast(x, tf.float32)
        total = tf.reduce_sum(tf.square(x), axis=-1, keepdims=True, name="total")
        first = tf.gather(x, [0])
        running = tf.cumsum(x)
        exact_gelu = tf.nn.gelu(x)
        probs = tf.nn.softmax(x)
        joined = tf.concat([x, total], axis=-1)
        lower = tf.linalg.triangular_solve(tf.eye(2) * 2.0, tf.ones((2, 1)))
        picked = tf.where(x > 1.0, x, tf.zeros_like(x))
        return joined, first, running, exact_gelu, probs, lower, picked
# %%
class Scale(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", dtype=tf.float32)

    def call(self, x):
        return tf.nn.relu(tf.multiply(x, self.w)) + tf.reduce_max(x, axis=-1, keepdims=True)
# %%
inputs = keras.Input(shape=(3,))
outputs = layers.Dense(2, activation=tf.nn.sigmoid)(Scale()(inputs))
model = keras.Model(inputs, outputs)
# %%
x = np.array([[0.5, 1.5, -2.0], [3.0, 0.0, 1.0]], dtype="float32")
joined, first, running, exact_gelu, probs, lower, picked = [np.asarray(t) for t in Stats()(x)]
np.testing.assert_allclose(joined[:, 3], (x**2).sum(-1), rtol=1e-6)
np.testing.assert_allclose(first, x[:1])
np.testing.assert_allclose(running, np.cumsum(x, axis=0))
erf = np.vectorize(math.erf)
np.testing.assert_allclose(exact_gelu, 0.5 * x * (1 + erf(x / math.sqrt(2))), rtol=1e-5, atol=1e-6)
np.testing.assert_allclose(probs, np.exp(x) / np.exp(x).sum(-1, keepdims=True), rtol=1e-5)
np.testing.assert_allclose(lower, np.full((2, 1), 0.5))
np.testing.assert_allclose(picked, np.where(x > 1.0, x, 0.0))
emb = TokenAndPositionEmbedding(maxlen=4, vocab_size=10, embed_dim=2)
assert np.asarray(emb(np.array([[1, 2, 3, 4]]))).shape == (1, 4, 2)
assert np.asarray(model(x)).shape == (2, 2)
print("converted notebook ok")
