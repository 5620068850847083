"""Intermediate activations with K.function and the learning phase (2019-2021 tutorials)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K

model = keras.Sequential([
    keras.layers.Dense(5, activation="relu", input_shape=(3,), name="hidden"),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(1, name="out"),
])
get_hidden = K.function([model.input], [model.get_layer("hidden").output])
np.random.seed(51)
hidden = get_hidden([np.random.rand(4, 3)])[0]
print("SUMMARY", "hidden=%s" % (hidden.shape,), "format=%s" % K.image_data_format(),
      "phase=%s" % K.learning_phase())
