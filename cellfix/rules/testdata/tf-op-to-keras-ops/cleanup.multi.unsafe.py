# %%
import tensorflow as tf
import keras
# %%
class Normalize(keras.layers.Layer):
    def call(self, x):
        mean = tf.reduce_mean(x, axis=-1, keepdims=True)  # want "use `keras.ops.mean`"
        var = tf.math.reduce_variance(x, axis=-1, keepdims=True)  # want "use `keras.ops.var`"
        batch = tf.shape(x)[0]  # want "use `keras.ops.shape`"
        parts = tf.split(x, 2, axis=-1)  # want "use `keras.ops.split`"
        first = tf.argmax(parts[0])  # want "use `keras.ops.argmax`"
        return (x - mean) / tf.sqrt(var + 1e-6)  # want "use `keras.ops.sqrt`"
# %%
image = keras.ops.ones((4, 4, 3))
crop = tf.image.crop_to_bounding_box(image, 0, 1, 2, 2)  # want "use `keras.ops.image.crop_images` \\(check: Arguments are passed by keyword"
noise = tf.random.normal((2,), seed=3)  # want "use `keras.random.normal` \\(check:"
flip = tf.image.flip_left_right(image)  # want "use `keras.ops.flip`"
