# %%
import keras
# %%
from keras import layers
# %%
class Base(layers.Layer):
    pass
# %%
class Gate(Base):
    def __init__(self, threshold=0.0):
        super().__init__()
        self.threshold = threshold

    @staticmethod
    def helper(x):
        return x

    def call(self, inputs, training=None):
        total = keras.ops.sum(inputs)
        scaled = total * 2
        if scaled > self.threshold:  # want "Python `if` on a tensor in `Gate.call`"
            return inputs
        while inputs[0] < 3:  # want "Python `while` on a tensor.*`keras.ops.while_loop`"
            inputs = inputs + 1
        for row in inputs:  # want "Python `for` on a tensor.*`keras.ops.fori_loop`"
            pass
        return inputs if keras.ops.all(inputs > 0) else -inputs  # want "Python `if` on a tensor"
