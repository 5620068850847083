"""A feature extractor built from model.get_layer(...).input and an intermediate output."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = layers.Input(shape=(10,), name="features")
h = layers.Dense(8, activation="relu", name="hidden")(inputs)
outputs = layers.Dense(2, activation="softmax", name="probs")(h)
model = keras.Model(inputs, outputs)

extractor = keras.Model(inputs=model.get_layer("features").input, outputs=model.get_layer("hidden").output)
np.random.seed(40)
emb = extractor.predict(np.random.rand(5, 10), verbose=0)
print("SUMMARY", "emb=%s" % (emb.shape,), "layers=%d" % len(extractor.layers))
