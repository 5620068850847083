"""A subclassed model with sublayers created in __init__ and no build() method."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class ResidualMLP(keras.Model):
    def __init__(self, hidden=16, classes=3):
        super().__init__()
        self.dense1 = layers.Dense(hidden, activation="relu")
        self.dense2 = layers.Dense(hidden)
        self.norm = layers.LayerNormalization()
        self.out = layers.Dense(classes, activation="softmax")

    def call(self, inputs, training=False):
        h = self.dense1(inputs)
        h = self.norm(h + self.dense2(h))
        return self.out(h)


np.random.seed(32)
model = ResidualMLP()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(np.random.rand(32, 6).astype("float32"), np.random.randint(0, 3, size=(32,)), epochs=1, verbose=0)
print("SUMMARY", "params=%d" % model.count_params(), "layers=%d" % len(model.layers))
