"""Checkpoints the best model of a training run with ModelCheckpoint: on
Keras 2 (tf_keras) to a SavedModel directory, as the user wrote it, and on
Keras 3 to a `model.keras` file inside that directory, as
model-checkpoint-args' fix writes it; from the same weights and data. Then
loads the checkpoint back with load_model and trains it on. Prints, for each
side, the validation losses, whether the directory exists, the reloaded
model's predictions, and its optimizer step count and weights after more
training.
Run by test_checkpoint_directory.py.

With CKPT_CHECK_BREAK=last the Keras 3 side saves every epoch instead of
the best one, so the test can show it notices."""

import json
import os
import sys
import tempfile

import numpy as np
import keras
import tf_keras

rng = np.random.default_rng(7)
X = rng.random((60, 4)).astype("float32")
Y = rng.standard_normal((60, 1)).astype("float32")  # noise: validation loss goes up and down
W = [rng.standard_normal((4, 6)).astype("float32") * 0.5, np.zeros(6, "float32"),
     rng.standard_normal((6, 1)).astype("float32") * 0.5, np.zeros(1, "float32")]


def run(lib, filepath_in, best_only=True):
    os.chdir(tempfile.mkdtemp())
    model = lib.Sequential([lib.Input((4,)), lib.layers.Dense(6, activation="relu"), lib.layers.Dense(1)])
    model.set_weights(W)
    model.compile(optimizer=lib.optimizers.Adam(learning_rate=0.1), loss="mean_squared_error")
    cb = lib.callbacks.ModelCheckpoint(filepath_in, monitor="val_loss", save_best_only=best_only, verbose=0)
    history = model.fit(X, Y, validation_split=0.25, epochs=6, batch_size=9, shuffle=False, callbacks=[cb], verbose=0)
    reloaded = lib.models.load_model(filepath_in)
    predictions = np.asarray(reloaded.predict(X[:8], verbose=0))
    reloaded.fit(X, Y, epochs=1, batch_size=9, shuffle=False, verbose=0)
    # Keras 2 restores a SavedModel's optimizer slots when they are first
    # used, so the step count is read after training on.
    iterations = int(np.asarray(reloaded.optimizer.iterations))
    return {"val_loss": history.history["val_loss"], "isdir": os.path.isdir("best_model"),
            "predictions": predictions.tolist(), "iterations": iterations,
            "weights": [np.asarray(w).tolist() for w in reloaded.get_weights()]}


json.dump({"keras2": run(tf_keras, "best_model"),
           "keras3": run(keras, "best_model/model.keras", os.environ.get("CKPT_CHECK_BREAK") != "last")}, sys.stdout)
