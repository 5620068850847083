"""Saves a compiled, trained model and loads it back to train on: on Keras 2
(tf_keras) to an .h5 file, as the user wrote it, and on Keras 3 to a .keras
file, as h5-reload-training's fix writes it; from the same weights and data,
with Adam (whose moments and step count the file must carry) and a metric.
Prints each side's second-training losses, metric values, trained weights
and the optimizer's step count as JSON. Run by test_h5_reload_training.py.

With RELOAD_CHECK_BREAK=compile the Keras 3 side loads with compile=False
and compiles again (a fresh optimizer), so the test can show it notices."""

import json
import os
import sys
import tempfile

import numpy as np
import keras
import tf_keras

rng = np.random.default_rng(52)
X = rng.random((32, 4)).astype("float32")
Y = rng.random((32, 1)).astype("float32")
W = [rng.standard_normal((4, 6)).astype("float32") * 0.5, np.zeros(6, "float32"),
     rng.standard_normal((6, 1)).astype("float32") * 0.5, np.zeros(1, "float32")]


def run(lib, filename, fresh_optimizer=False):
    model = lib.Sequential([lib.Input((4,)), lib.layers.Dense(6, activation="relu"), lib.layers.Dense(1)])
    model.set_weights(W)
    model.compile(optimizer=lib.optimizers.Adam(learning_rate=0.01), loss="mean_squared_error", metrics=["mae"])
    model.fit(X, Y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    path = os.path.join(tempfile.mkdtemp(), filename)
    model.save(path)
    if fresh_optimizer:
        reloaded = lib.models.load_model(path, compile=False)
        reloaded.compile(optimizer=lib.optimizers.Adam(learning_rate=0.01), loss="mean_squared_error", metrics=["mae"])
    else:
        reloaded = lib.models.load_model(path)
    history = reloaded.fit(X, Y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    return {"loss": history.history["loss"], "mae": history.history["mae"],
            "iterations": int(np.asarray(reloaded.optimizer.iterations)),
            "weights": [np.asarray(w).tolist() for w in reloaded.get_weights()],
            "file": os.path.isfile(path)}


json.dump({"keras2": run(tf_keras, "regressor.h5"),
           "keras3": run(keras, "regressor.keras", os.environ.get("RELOAD_CHECK_BREAK") == "compile")}, sys.stdout)
