# %%
import tensorflow as tf
import keras
from keras import layers
# %%
class RandomNoise(layers.Layer):
    def __init__(self, noise_rate, **kwargs):
        super().__init__(**kwargs)  # keeps its comment
        self.noise_rate = noise_rate

    def call(self, inputs):
        noise = tf.random.uniform(tf.shape(inputs), maxval=self.noise_rate)  # want "`tf.random.uniform` in `RandomNoise` uses TensorFlow's stateful random generator; use `keras.random.uniform` with `seed=self.seed_generator`"
        return inputs + noise
# %%
class SeededDropout(layers.Layer):
    def __init__(self, rate):
        super(SeededDropout, self).__init__()
        self.rate = rate

    def call(self, x, training=False):
        if training:
            return tf.nn.dropout(x, self.rate, seed=42)  # want "`tf.nn.dropout` in `SeededDropout`.*use `keras.random.dropout`"
        return x
# %%
class TwoDraws(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rng = keras.random.SeedGenerator(7)

    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1],), initializer="zeros")

    def call(self, x):
        a = tf.random.normal((2,), 0.0, 1.0, tf.float32, 5)  # want "use `keras.random.normal`"
        b = tf.random.truncated_normal((2,))  # want "use `keras.random.truncated_normal`"
        return x + a + b
# %%
class TwoFresh(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def call(self, x):
        a = tf.random.normal((2,), seed=11)  # want "use `keras.random.normal`"
        b = tf.random.shuffle(x)  # want "use `keras.random.shuffle`"
        return a + b
# %%
class NoInit(layers.Layer):
    def call(self, x):
        return x * tf.random.normal(tf.shape(x))  # want "`NoInit` has no `__init__`; add one that calls `super\\(\\).__init__\\(\\*\\*kwargs\\)`"
# %%
class Gamma(layers.Layer):
    def __init__(self):
        super().__init__()

    def call(self, x):
        g = tf.random.gamma((2,), 1.0)  # want "`tf.random.gamma` in `Gamma`.*no `keras.random` equivalent: tf.random.gamma appends"
        return tf.random.stateless_normal((2,), seed=[1, 2])  # want "`tf.random.stateless_normal` in `Gamma`.*no `keras.random` equivalent$"
# %%
class IntSeeds(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed = 1337
        self.seed_generator = keras.random.SeedGenerator(1337)

    def build(self, shape):
        # OK: an integer seed outside call is drawn once.
        self.noise = keras.random.normal((shape[-1],), seed=3)

    def call(self, x):
        a = keras.random.normal((2,), seed=42)  # want "`keras.random.normal` in `IntSeeds.call` gets a plain integer seed"
        self.seed += 1
        b = keras.random.uniform((2,), 0.0, 1.0, None, self.seed)  # want "gets a plain integer seed.*compiled `call` keeps the first seed"
        step = 3
        c = keras.random.normal((2,), seed=step + 1)  # want "gets a plain integer seed"
        # OK: the guide's pattern, and no seed at all.
        d = keras.random.normal((2,), seed=self.seed_generator)
        e = keras.random.uniform((2,))
        return x + a + b + c + d + e
# %%
# OK: random ops outside layers are tf-op-to-keras-ops' business.
noise = tf.random.normal((3,))
gen = keras.random.SeedGenerator(42)
sample = keras.random.normal((3,), seed=42)
