"""Saves a trained model's weights to a TensorFlow checkpoint prefix and reads
them into a fresh model: on Keras 2 (tf_keras) with save_weights() and
load_weights(), the original code; on Keras 3 with what save-weights-path's
fix writes (tf.train.Checkpoint(model=...).write, update_checkpoint_state,
tf.train.Checkpoint(model=...).read). Prints, as JSON, the files written,
the `checkpoint` state file, latest_checkpoint, the weights read, and the
weights after the fresh model trains on (which shows the optimizer state
read). Run by test_checkpoint_weights.py."""

import json
import os
import sys
import tempfile

import keras
import numpy as np
import tensorflow as tf
import tf_keras

rng = np.random.default_rng(5)
X = rng.random((20, 3)).astype("float32")
Y = rng.random((20, 2)).astype("float32")
KERNEL = rng.standard_normal((3, 2)).astype("float32")


def make(lib):
    inputs = lib.Input((3,))
    model = lib.Model(inputs, lib.layers.Dense(2)(inputs))
    model.compile(optimizer="adam", loss="mse")
    model.set_weights([KERNEL, np.zeros(2, "float32")])
    return model


def keras2_round_trip(model, fresh, prefix):
    model.save_weights(prefix)
    fresh.load_weights(prefix)


def keras3_round_trip(model, fresh, prefix):
    tf.train.Checkpoint(model=model).write(prefix)
    tf.compat.v1.train.update_checkpoint_state(os.path.dirname(prefix), prefix)
    tf.train.Checkpoint(model=fresh).read(prefix)


def run(lib, round_trip, prefix):
    os.chdir(tempfile.mkdtemp())
    folder = os.path.dirname(prefix) or "."
    os.makedirs(folder, exist_ok=True)
    model = make(lib)
    model.fit(X, Y, epochs=2, batch_size=5, shuffle=False, verbose=0)
    fresh = make(lib)
    round_trip(model, fresh, prefix)
    state = os.path.join(folder, "checkpoint")
    out = {"files": sorted(os.listdir(folder)), "state": open(state).read() if os.path.exists(state) else None,
           "latest": tf.train.latest_checkpoint(folder),
           "saved": [w.tolist() for w in model.get_weights()], "read": [w.tolist() for w in fresh.get_weights()]}
    fresh.fit(X, Y, epochs=1, batch_size=5, shuffle=False, verbose=0)
    out["trained_on"] = [w.tolist() for w in fresh.get_weights()]
    return out


json.dump({prefix: {"keras2": run(tf_keras, keras2_round_trip, prefix), "keras3": run(keras, keras3_round_trip, prefix)}
           for prefix in ("training_1/cp.ckpt", "cp.ckpt")}, sys.stdout)
