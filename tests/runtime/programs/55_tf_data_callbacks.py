"""tf.data input pipeline with EarlyStopping, ReduceLROnPlateau and CSVLogger."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(55)
x = np.random.rand(80, 6).astype("float32")
y = (x.sum(axis=1) > 3).astype("float32")
train = tf.data.Dataset.from_tensor_slices((x[:60], y[:60])).shuffle(60, seed=1).batch(16)
val = tf.data.Dataset.from_tensor_slices((x[60:], y[60:])).batch(16)

model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(6,)),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1),
    keras.callbacks.CSVLogger("training.log"),
]
history = model.fit(train, validation_data=val, epochs=2, callbacks=callbacks, verbose=0)
print("SUMMARY", "log=%s" % os.path.exists("training.log"), "epochs=%d" % len(history.history["loss"]),
      "keys=%s" % sorted(k for k in history.history if k != "lr" and k != "learning_rate"))
