"""A DCGAN-style discriminator with LeakyReLU(alpha=0.2)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

np.random.seed(14)


def make_discriminator():
    model = keras.Sequential(name="discriminator")
    model.add(layers.Conv2D(8, (3, 3), strides=(2, 2), padding="same", input_shape=(16, 16, 1)))
    model.add(layers.LeakyReLU(alpha=0.2))
    model.add(layers.Dropout(0.3))
    model.add(layers.Flatten())
    model.add(layers.Dense(1))
    return model


disc = make_discriminator()
images = np.random.rand(4, 16, 16, 1).astype("float32")
logits = disc(images, training=False)
slope = float(layers.LeakyReLU(alpha=0.2)(np.array([-1.0], dtype="float32"))[0])
print("SUMMARY", "logits=%s" % (tuple(logits.shape),), "slope=%.2f" % slope)
