"""Grad-CAM on a Sequential CNN: a grad model from model.inputs and a conv layer's output."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Conv2D(4, 3, activation="relu", input_shape=(12, 12, 3), name="conv_last"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(3, activation="softmax"),
])

grad_model = tf.keras.models.Model(
    [model.inputs], [model.get_layer("conv_last").output, model.output]
)
np.random.seed(41)
img = np.random.rand(1, 12, 12, 3).astype("float32")
with tf.GradientTape() as tape:
    conv_out, preds = grad_model(img)
    class_channel = preds[:, 0]
grads = tape.gradient(class_channel, conv_out)
pooled = tf.reduce_mean(grads, axis=(0, 1, 2))
heatmap = tf.squeeze(conv_out[0] @ pooled[..., tf.newaxis])
print("SUMMARY", "input=%s" % (tuple(model.input.shape),), "heatmap=%s" % (tuple(heatmap.shape),))
