"""Reads the result names of the same compiled models on Keras 2 (tf_keras,
`model.metrics_names`, the original code) and on Keras 3
(`list(model.get_metrics_result())`, what metric-api's fix writes), after
each kind of training or evaluation call, and prints them as JSON. Run by
test_metrics_names.py."""

import json
import sys

import keras
import numpy as np
import tensorflow as tf
import tf_keras

rng = np.random.default_rng(23)
X = rng.random((40, 5)).astype("float32")
Y = rng.integers(0, 2, size=(40, 1)).astype("float32")


def custom_metric(y_true, y_pred):
    return tf.reduce_mean(y_pred)


METRICS = {
    "strings_and_object": lambda lib: ["accuracy", lib.metrics.AUC(name="auc")],
    "short_name": lambda lib: ["acc"],
    "several_strings": lambda lib: ["mae", "mse", "binary_accuracy", "binary_crossentropy"],
    "objects": lambda lib: [lib.metrics.Precision(), lib.metrics.Recall()],
    "function": lambda lib: [custom_metric],
    "none": lambda lib: None,
}


def single_output_names(lib, names):
    out = {}
    for key, metrics in METRICS.items():
        for kind in ("sequential", "functional"):
            if kind == "sequential":
                model = lib.Sequential([lib.layers.Dense(8, activation="relu", input_shape=(5,)),
                                        lib.layers.Dense(1, activation="sigmoid", kernel_regularizer="l2")])
            else:
                inputs = lib.Input((5,))
                model = lib.Model(inputs, lib.layers.Dense(1, activation="sigmoid")(inputs))
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=metrics(lib),
                          weighted_metrics=["accuracy"] if key == "none" else None)
            seen = {}
            model.fit(X, Y, epochs=1, verbose=0, validation_data=(X, Y))
            seen["fit"] = names(model)
            scores = model.evaluate(X, Y, verbose=0)
            seen["evaluate"] = names(model)
            seen["evaluate_results"] = len(scores) if isinstance(scores, list) else 1
            model.train_on_batch(X, Y)
            seen["train_on_batch"] = names(model)
            model.test_on_batch(X, Y)
            seen["test_on_batch"] = names(model)
            out[key + "/" + kind] = seen
    return out


def two_output_names(lib, names):
    inputs = lib.Input((5,))
    model = lib.Model(inputs, [lib.layers.Dense(1, activation="sigmoid", name="a")(inputs),
                               lib.layers.Dense(1, name="b")(inputs)])
    model.compile(optimizer="adam", loss=["binary_crossentropy", "mse"], metrics=[["accuracy"], ["mae"]])
    model.evaluate(X, [Y, Y], verbose=0)
    return names(model)


def keras2_names(model):
    return list(model.metrics_names)


def keras3_names(model):
    return list(model.get_metrics_result())


json.dump({"keras2": {"single": single_output_names(tf_keras, keras2_names),
                      "two_outputs": two_output_names(tf_keras, keras2_names)},
           "keras3": {"single": single_output_names(keras, keras3_names),
                      "two_outputs": two_output_names(keras, keras3_names)}}, sys.stdout)
