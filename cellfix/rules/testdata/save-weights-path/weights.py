import os

import numpy as np

import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(2)])
model.save_weights("model_weights.h5")  # want "`save_weights\\(\\)` writes only files whose name ends in `.weights.h5`, so `\"model_weights.h5\"` fails"
model.save_weights("run/w.hdf5")  # want "so `\"run/w.hdf5\"` fails"
model.save_weights(os.path.join(out_dir, "final.h5"))  # want "final.h5"
weights_file = "best.h5"
model.save_weights(weights_file)  # want "so `weights_file` fails"
model.save_weights(f"{root}/epoch_{epoch}.h5")  # want "fails"
model.save_weights("whole.keras")  # want "not `\"whole.keras\"`: save the whole model with `save\\(\\)`"
model.save_weights(weights_path)  # want "may not: make sure"

# %%
# The same file read in a later cell is renamed with it.
clone = keras.Sequential([keras.layers.Dense(2)])
clone.load_weights("model_weights.h5")
print(os.path.exists("model_weights.h5"), os.path.exists(weights_file))
clone.load_weights("run/w.hdf5")

# %%
# A TensorFlow checkpoint prefix written and read back here: a safe fix.
model.save_weights("training_1/cp.ckpt")  # want "TensorFlow checkpoint prefix `\"training_1/cp.ckpt\"` fails"
model.save_weights("ckpt/weights", save_format="tf")  # want "checkpoint prefix"
model.load_weights("pretrained/ckpt")  # want "`load_weights\\(\\)` reads only `.weights.h5`, `.keras` and `.h5` files, not the TensorFlow checkpoint"

# %%
# OK
model.save_weights("m.weights.h5")
model.save_weights("shard.weights.json", max_shard_size=2)
model.load_weights("m.weights.h5")
model.load_weights("old.h5")
model.load_weights("whole.keras")
model.load_weights("training_1/cp.ckpt")  # written above: goes with that save
np.save_weights("x")
thing.save_weights(unknown_path)  # nothing says thing is a Keras model
keras.Model.save_weights(model, "x.weights.h5")
