"""A subclassed model running string ops in call() (not XLA-compilable; guide example)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class MyModel(keras.Model):
    def call(self, inputs):
        string_input = tf.strings.as_string(inputs)
        return tf.strings.to_number(string_input)


subclass_model = MyModel()
x_train = np.array([[1, 2, 3], [4, 5, 6]])
subclass_model.compile(optimizer="sgd", loss="mse")
out = subclass_model.predict(x_train, verbose=0)
print("SUMMARY", "out=%s" % out.astype(int).tolist())
