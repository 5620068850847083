"""A model with Lambda layers saved to HDF5 and loaded back."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(4,))
x = layers.Lambda(lambda t: t * 2.0, name="double")(inputs)
x = layers.Dense(2)(x)
outputs = layers.Lambda(lambda t: tf.nn.softmax(t), name="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.save("lambda_model.h5")

restored = keras.models.load_model("lambda_model.h5")
np.random.seed(34)
data = np.random.rand(3, 4).astype("float32")
same = np.allclose(model.predict(data, verbose=0), restored.predict(data, verbose=0), atol=1e-6)
print("SUMMARY", "file=%s" % os.path.exists("lambda_model.h5"), "same=%s" % same,
      "layers=%s" % [l.name for l in restored.layers if isinstance(l, layers.Lambda)])
