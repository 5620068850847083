"""A VGG16 backbone (no pretrained weights) with a new classification head."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

base = tf.keras.applications.VGG16(input_shape=(32, 32, 3), include_top=False, weights=None)
base.trainable = False
inputs = keras.Input(shape=(32, 32, 3))
x = tf.keras.applications.vgg16.preprocess_input(inputs)
x = base(x, training=False)
x = keras.layers.GlobalAveragePooling2D()(x)
outputs = keras.layers.Dense(4)(x)
model = keras.Model(inputs, outputs)
np.random.seed(56)
out = model(np.random.rand(2, 32, 32, 3).astype("float32") * 255, training=False)
print("SUMMARY", "out=%s" % (tuple(out.shape),), "base_params=%d" % base.count_params(),
      "trainable=%d" % len(model.trainable_weights))
