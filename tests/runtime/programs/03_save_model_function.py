"""tf.keras.models.save_model with the path held in a variable."""
import os

import numpy as np
import tensorflow as tf

np.random.seed(3)
x = np.random.rand(40, 6).astype("float32")
y = np.random.rand(40, 1).astype("float32")

model = tf.keras.Sequential([
    tf.keras.layers.Dense(4, activation="tanh", input_shape=(6,)),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="rmsprop", loss="mse")
model.fit(x, y, epochs=1, verbose=0)

MODEL_DIR = "models"
model_path = os.path.join(MODEL_DIR, "tanh_net")
tf.keras.models.save_model(model, model_path)
loaded = tf.keras.models.load_model(model_path)
print("SUMMARY", "dir=%s" % os.path.isdir(model_path), "layers=%d" % len(loaded.layers),
      "params=%d" % loaded.count_params())
