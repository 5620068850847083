import tensorflow as tf
from tensorflow.keras import layers


class Pair(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(2)

    def call(self, x, training=None):
        y = self.dense([x, None])  # want "`None` inside a nested structure"
        if training:
            return x, None  # want "`call\\(\\)` of `Pair` returns `None` inside a nested value"
        return {"out": x, "aux": [None]}  # want "returns `None` inside a nested value"


x = layers.Input((2,))
merged = layers.Concatenate()([x, None])  # want "`None` inside a nested structure"
pair = Pair()
out = pair((x, None))  # want "`None` inside a nested structure"
