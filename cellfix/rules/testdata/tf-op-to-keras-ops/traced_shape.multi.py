import keras


class Lengths(keras.layers.Layer):
    def call(self, y_true, y_pred):
        batch = keras.ops.cast(keras.ops.shape(y_true)[0], dtype="int64")
        steps = keras.ops.shape(y_pred)[1]
        a = keras.ops.ones(shape=(batch, 1), dtype="int64")  # want "the shape `\\(batch, 1\\)` holds a tensor"
        b = keras.ops.zeros((steps * 2,))  # want "the shape `\\(steps \\* 2,\\)` holds a tensor"
        c = keras.ops.ones((4, 1))  # OK: a shape of numbers
        d = keras.ops.ones_like(y_true[:, :1])  # OK: broadcast from the input
        return a, b, c, d


n = keras.ops.shape(keras.ops.ones((3, 2)))[0]
eager = keras.ops.ones((n, 1))  # OK: outside a layer, JAX runs it eagerly
