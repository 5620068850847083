import os

import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(2)])
os.makedirs("training_1", exist_ok=True)
checkpoint_path = "training_1/cp.ckpt"
model.save_weights(checkpoint_path)  # want "checkpoint prefix `checkpoint_path` fails"
# %%
fresh = keras.Sequential([keras.layers.Dense(2)])
fresh.load_weights(checkpoint_path)
print(os.path.exists(checkpoint_path + ".index"))
model.save_weights("ckpt/final", overwrite=True)  # want "checkpoint prefix"
