import keras
import numpy as np
import tensorflow as tf
from keras import layers


# OK: the guide's fixed code sets the attribute instead of compiling.
class MyModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def call(self, inputs):
        string_input = tf.strings.as_string(inputs)
        return tf.strings.to_number(string_input)


subclass_model = MyModel()
x_train = np.array([[1, 2, 3], [4, 5, 6]])
subclass_model.jit_compile = False
subclass_model.predict(x_train)


# OK: compiled with jit_compile=False.
class Compiled(keras.Model):
    def call(self, inputs):
        return tf.strings.to_number(tf.as_string(inputs))


compiled = Compiled()
compiled.compile(optimizer="sgd", loss="mse", jit_compile=False)


# OK: run eagerly, so never compiled.
class Eager(keras.Model):
    def call(self, inputs):
        return tf.numpy_function(np.sin, [inputs], tf.float32)


eager = Eager()
eager.compile(loss="mse", run_eagerly=True)


# OK: the model turns XLA off itself.
class SelfOff(keras.Model):
    def __init__(self):
        super().__init__()
        self.jit_compile = False

    def call(self, inputs):
        return tf.strings.length(inputs)


# OK: a layer, not a model; and a model whose ops XLA handles.
class StringLayer(layers.Layer):
    def call(self, inputs):
        return tf.strings.as_string(inputs)


class Plain(keras.Model):
    def call(self, inputs):
        return tf.reduce_sum(tf.constant([1.0, 2.0]) * inputs)


plain = Plain()
plain.compile(loss="mse")
text = tf.strings.as_string(tf.constant([1, 2]))
