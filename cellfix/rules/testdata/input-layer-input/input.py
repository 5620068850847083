import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = layers.Input(shape=(10,), name="features")
h = layers.Dense(8, activation="relu", name="hidden")(inputs)
model = keras.Model(inputs, layers.Dense(2)(h))

# %%
extractor = keras.Model(inputs=model.get_layer("features").input, outputs=model.get_layer("hidden").output)  # want "input layer's `.input` is an empty list"
again = keras.Model(model.get_layer(name='features').input, h)  # want "empty list"

# %%
# OK
hidden_in = model.get_layer("hidden").input
other = model.get_layer(layer_name).input
first = model.get_layer(index=0).input
out = model.get_layer("features").output
