import keras
import numpy as np
import tensorflow as tf


class MyCustomLayer(keras.layers.Layer):
    def call(self, inputs):
        if tf.random.uniform(()) > 0.5:  # want "Python `if` on a tensor in `MyCustomLayer.call`.*`tf.function`.*`keras.ops.cond`"
            return inputs * 2
        else:
            return inputs / 2


layer = MyCustomLayer()
data = np.random.uniform(size=[3, 3])
model = keras.models.Sequential([layer])
model.compile(optimizer="adam", loss="mse")
model.predict(data)
