"""A functional model that applies TensorFlow ops directly to symbolic Keras tensors."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

image = keras.Input(shape=(8, 8, 1), name="image")
meta = keras.Input(shape=(3,), name="meta")
x = layers.Conv2D(4, 3, padding="same", activation="relu")(image)
x = tf.reduce_mean(x, axis=[1, 2])
x = tf.concat([x, meta], axis=-1)
x = tf.nn.relu(x)
squeezed = tf.squeeze(layers.Dense(1)(x), axis=-1)
model = keras.Model(inputs=[image, meta], outputs=squeezed)

np.random.seed(30)
out = model.predict([np.random.rand(5, 8, 8, 1), np.random.rand(5, 3)], verbose=0)
print("SUMMARY", "out=%s" % (out.shape,), "params=%d" % model.count_params())
