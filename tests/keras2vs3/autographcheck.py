"""A layer whose call() branches in Python on tensor values, on Keras 2
(tf_keras, which ran call() through AutoGraph in graphs and as plain Python
in eager calls), against what call-autograph's fix writes for Keras 3: the
same call() converted by `Cls.call = tf.function(Cls.call)` after the
class. The branches are deterministic, so
the values can be compared: the same weights are loaded in both, then fit,
evaluate, predict, a direct call of the model and direct calls of the layer
(on inputs that take either branch, and on two batch sizes) are compared.
A layer with a random branch (program 28's RandomScale) is compared by what
it may return: the input times 2 or halved, row for row. As a control the
Keras 3 layer without tf.function is also fitted, which must fail. Prints
JSON; run by test_call_autograph.py."""

import json
import sys

import numpy as np
import keras
import tensorflow as tf
import tf_keras

rng = np.random.default_rng(28)
X = rng.uniform(-1, 1, size=(8, 3)).astype("float32")
Y = rng.random((8, 2)).astype("float32")
POSITIVE = np.abs(X[:3])
NEGATIVE = -np.abs(X[:5])


def branch_class(base, decorate):
    class SignScale(base):
        def call(self, inputs, training=None):
            total = tf.reduce_sum(inputs)
            if total > 0:
                return inputs * 2.0
            elif total < -100.0:
                return tf.zeros_like(inputs)
            else:
                return inputs / 2.0

    class RowFlip(base):
        def call(self, inputs):
            return -inputs if tf.reduce_max(inputs) > 0.5 else inputs + 1.0

    if decorate:  # what the fix writes after each class
        SignScale.call = tf.function(SignScale.call)
        RowFlip.call = tf.function(RowFlip.call)
    return SignScale, RowFlip


def random_class(base, decorate):
    class RandomScale(base):
        def call(self, inputs):
            if tf.random.uniform(()) > 0.5:
                return inputs * 2
            else:
                return inputs / 2
    if decorate:
        RandomScale.call = tf.function(RandomScale.call)
    return RandomScale


def run(lib, decorate, weights):
    sign, flip = branch_class(lib.layers.Layer, decorate)
    model = lib.Sequential([lib.Input(shape=(3,)), sign(), flip(), lib.layers.Dense(2)])
    model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.1), loss="mse")
    if weights is not None:
        model.set_weights(weights)
    out = {"layers": [type(layer).__name__ for layer in model.layers], "params": int(model.count_params())}
    history = model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    out["history"] = {k: [float(v) for v in vs] for k, vs in history.history.items()}
    out["evaluate"] = float(model.evaluate(X, Y, verbose=0))
    out["predict"] = model.predict(X, verbose=0).tolist()
    out["model_call"] = [np.asarray(model(x)).tolist() for x in (POSITIVE, NEGATIVE)]
    layer = model.layers[0]
    out["layer_call"] = [np.asarray(layer(x)).tolist() for x in (POSITIVE, NEGATIVE, X, POSITIVE)]
    out["flip_call"] = [np.asarray(model.layers[1](x)).tolist() for x in (POSITIVE, NEGATIVE * 0.1)]
    out["weights"] = [np.asarray(w).tolist() for w in model.get_weights()]
    return out


def random_run(lib, decorate):
    model = lib.Sequential([lib.Input(shape=(3,)), random_class(lib.layers.Layer, decorate)()])
    model.compile(optimizer="adam", loss="mse")
    model.fit(X, X, epochs=1, verbose=0)
    outputs = [model.predict(X, verbose=0), np.asarray(model(X)), np.asarray(model.layers[0](X))]
    allowed = [bool(np.allclose(o, X * 2) or np.allclose(o, X / 2)) for o in outputs]
    return {"shapes": [list(o.shape) for o in outputs], "allowed": allowed}


def control(lib):
    try:
        run(lib, False, None)
        return "ran"
    except Exception as e:
        return type(e).__name__


start = tf_keras.Sequential([tf_keras.Input(shape=(3,)), tf_keras.layers.Dense(2)]).get_weights()
json.dump({"keras": keras.__version__, "tf_keras": tf_keras.__version__,
           "keras2": run(tf_keras, False, start), "keras3": run(keras, True, start),
           "random2": random_run(tf_keras, False), "random3": random_run(keras, True),
           "keras3_undecorated": control(keras)}, sys.stdout)
