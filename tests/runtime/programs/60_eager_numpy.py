"""Calling layers eagerly and converting the result with .numpy()."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

dense = keras.layers.Dense(3, kernel_initializer="ones", bias_initializer="zeros")
out = dense(tf.ones((2, 4))).numpy()
norm = keras.layers.LayerNormalization()
normed = norm(tf.constant([[1.0, 2.0, 3.0]])).numpy()
print("SUMMARY", "out=%s" % out.tolist(), "normed_shape=%s" % (normed.shape,))
