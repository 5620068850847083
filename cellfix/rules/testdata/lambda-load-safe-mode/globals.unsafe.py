import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

scale = 3.0
inputs = keras.Input(shape=(4,))
x = layers.Lambda(lambda t: tf.nn.relu(t) * scale, name="scaled-relu")(inputs)
y = layers.Concatenate()([layers.Lambda(lambda t: np.pi * t)(x), layers.Lambda(lambda t: tf.abs(
    t))(x)])
model = keras.Model(inputs, y)
model.save("globals.keras")
restored = keras.models.load_model("globals.keras")  # want "even with `safe_mode=False` the lambda `lambda t: tf.nn.relu\\(t\\) \\* scale` cannot be rebuilt"
