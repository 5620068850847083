"""Save with an explicit save_format="tf" for TF Serving, then reload."""
import os

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

np.random.seed(2)
x = np.random.rand(32, 4).astype("float32")
y = (x[:, 0] > 0.5).astype("int32")

inputs = layers.Input(shape=(4,))
h = layers.Dense(8, activation="relu")(inputs)
outputs = layers.Dense(2, activation="softmax")(h)
model = models.Model(inputs, outputs)
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, verbose=0)

export_dir = os.path.join("export", "classifier", "1")
model.save(export_dir, save_format="tf")

reloaded = tf.keras.models.load_model(export_dir)
print("SUMMARY", "pb=%s" % os.path.exists(os.path.join(export_dir, "saved_model.pb")),
      "out=%s" % (reloaded.predict(x[:3], verbose=0).shape,))
