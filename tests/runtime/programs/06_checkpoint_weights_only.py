"""ModelCheckpoint saving weights only, to .h5 files named per epoch."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.callbacks import ModelCheckpoint

np.random.seed(6)
x = np.random.rand(64, 10).astype("float32")
y = np.random.randint(0, 2, size=(64, 1))

model = keras.Sequential([
    keras.layers.Dense(8, activation="relu", input_shape=(10,)),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

os.makedirs("checkpoints", exist_ok=True)
checkpoint = ModelCheckpoint("checkpoints/weights.{epoch:02d}.h5", save_weights_only=True, verbose=0)
model.fit(x, y, epochs=2, batch_size=16, callbacks=[checkpoint], verbose=0)

model.load_weights("checkpoints/weights.02.h5")
print("SUMMARY", "files=%s" % sorted(os.listdir("checkpoints")))
