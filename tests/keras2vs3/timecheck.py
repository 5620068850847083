"""RNN layers with time_major=True on Keras 2 (tf_keras), against what
removed-api's fix writes for Keras 3: no `time_major`, the input swapped to
batch-major with keras.ops.transpose(x, (1, 0, 2)) and a sequence output
swapped back. Each case builds the Keras 2 layer, copies its weights into the
Keras 3 layer and compares the outputs (and states) of one call on the same
time-major numpy input. As a control the Keras 3 layer is also called without
the transposes, which must differ. Prints JSON; run by test_rnn_time_major.py."""

import json
import sys

import numpy as np
import keras
import tensorflow as tf
import tf_keras

rng = np.random.default_rng(38)
T, B, F, U = 7, 4, 3, 5
X = rng.random((T, B, F)).astype("float32")

CASES = [
    ("LSTM", dict(return_sequences=True), {}),
    ("LSTM", dict(return_sequences=False), {}),
    ("LSTM", dict(return_sequences=False, return_state=True), {}),
    ("LSTM", dict(return_sequences=True, go_backwards=True), {}),
    ("LSTM", dict(return_sequences=True, unroll=True), {}),
    ("LSTM", dict(return_sequences=True, activation="relu", use_bias=False), {}),
    ("LSTM", dict(return_sequences=True), {"initial_state": "lstm"}),
    ("LSTM", dict(return_sequences=True), {"training": True}),
    ("LSTM", dict(return_sequences=False), {"training": False}),
    ("GRU", dict(return_sequences=True), {}),
    ("GRU", dict(return_sequences=False, reset_after=False), {}),
    ("GRU", dict(return_sequences=False, return_state=True), {"initial_state": "one"}),
    ("GRU", dict(return_sequences=True, go_backwards=True), {"training": True}),
    ("SimpleRNN", dict(return_sequences=True), {}),
    ("SimpleRNN", dict(return_sequences=False), {"initial_state": "one"}),
    ("SimpleRNN", dict(return_sequences=False, return_state=True), {}),
]


def call_kwargs(spec):
    out = dict(spec)
    if spec.get("initial_state") == "lstm":
        out["initial_state"] = [tf.constant(rng.random((B, U)), tf.float32) for _ in range(2)]
    elif spec.get("initial_state") == "one":
        out["initial_state"] = [tf.constant(rng.random((B, U)), tf.float32)]
    return out


def arrays(result):
    if isinstance(result, (list, tuple)):
        return [np.asarray(r) for r in result]
    return [np.asarray(result)]


def difference(a, b):
    if [x.shape for x in a] != [y.shape for y in b]:
        return float("inf")
    return max(float(np.max(np.abs(x - y))) for x, y in zip(a, b))


report = {"keras": keras.__version__, "tf_keras": tf_keras.__version__, "cases": []}
for name, options, spec in CASES:
    kwargs = call_kwargs(spec)
    old = getattr(tf_keras.layers, name)(U, time_major=True, **options)
    expected = arrays(old(X, **kwargs))
    new = getattr(keras.layers, name)(U, **options)
    new.build((B, T, F))
    new.set_weights(old.get_weights())
    result = new(keras.ops.transpose(X, (1, 0, 2)), **kwargs)
    if options.get("return_sequences"):
        result = keras.ops.transpose(result, (1, 0, 2))
    got = arrays(result)
    untransposed = arrays(new(np.ascontiguousarray(X[:, :B]), **kwargs)) if T != B and "initial_state" not in kwargs else None
    report["cases"].append({
        "layer": name, "options": options, "call": sorted(spec),
        "shapes2": [list(a.shape) for a in expected], "shapes3": [list(a.shape) for a in got],
        "difference": difference(expected, got),
        "control_difference": None if untransposed is None else difference(expected, untransposed),
        "weights2": len(old.weights), "weights3": len(new.weights),
    })
json.dump(report, sys.stdout)
