"""save_weights to a TensorFlow checkpoint prefix, then load_weights."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(5)
x = np.random.rand(20, 3).astype("float32")
y = np.random.rand(20, 2).astype("float32")


def make():
    m = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])
    m.compile(optimizer="adam", loss="mse")
    return m


model = make()
model.fit(x, y, epochs=1, verbose=0)
os.makedirs("training_1", exist_ok=True)
checkpoint_path = "training_1/cp.ckpt"
model.save_weights(checkpoint_path)

fresh = make()
fresh.load_weights(checkpoint_path)
same = all(np.allclose(a, b) for a, b in zip(model.get_weights(), fresh.get_weights()))
print("SUMMARY", "index=%s" % os.path.exists(checkpoint_path + ".index"), "same=%s" % same)
