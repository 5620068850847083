"""A layer declared dynamic=True (Python loops and float() on tensor values
in call()) on Keras 2 (tf_keras), against what removed-api's fix writes for
Keras 3: no `dynamic` argument, `self.dynamic = True`, and `run_eagerly=True`
in the compile() of the model that holds the layer. The same weights are
loaded in both; fit, evaluate, predict, train_on_batch and a direct call are
compared, for a Sequential built from a list with an Input, one built with
add(), and without an Input (built by build(), or by the first fit()). As a control the
fixed code is also compiled without run_eagerly=True, which must fail or
differ. Prints JSON; run by test_layer_dynamic.py."""

import json
import sys

import numpy as np
import keras
import tensorflow as tf
import tf_keras

rng = np.random.default_rng(65)
X = rng.random((8, 3)).astype("float32")
Y = rng.random((8, 1)).astype("float32")


def clip_class(base, keras2):
    class ClipLargeRows(base):
        def __init__(self, **kwargs):
            if keras2:
                super().__init__(dynamic=True, **kwargs)
            else:
                super().__init__(**kwargs)
                self.dynamic = True

        def call(self, inputs):
            rows = []
            for row in inputs:
                if float(tf.reduce_max(row)) > 0.9:
                    rows.append(tf.clip_by_value(row, 0.0, 0.9))
                else:
                    rows.append(row)
            return tf.stack(rows)

        def compute_output_shape(self, input_shape):
            return input_shape
    return ClipLargeRows


def build(lib, keras2, how):
    clip = clip_class(lib.layers.Layer, keras2)
    if how == "list":
        return lib.Sequential([lib.Input(shape=(3,)), clip(), lib.layers.Dense(1)])
    if how == "add":
        model = lib.Sequential()
        model.add(lib.Input(shape=(3,)))
        model.add(clip())
        model.add(lib.layers.Dense(1))
        return model
    # "none" and "fit": no Input; "fit" leaves the build to the first fit(),
    # from a Dense that starts at the same weights in both.
    return lib.Sequential([clip(), lib.layers.Dense(1, kernel_initializer=lib.initializers.Constant(0.3))])


def run(lib, keras2, how, weights, compile_kwargs):
    model = build(lib, keras2, how)
    model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.1), loss="mse", **compile_kwargs)
    if how == "none":
        model.build((None, 3))
    if weights is not None:
        model.set_weights(weights)
    history = model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    out = {"dynamic": bool(model.layers[0].dynamic), "params": int(model.count_params()),
           "run_eagerly": bool(model.run_eagerly),
           "layers": [type(layer).__name__ for layer in model.layers],
           "output_shape": list(model.layers[0].compute_output_shape((None, 3)))}
    out["history"] = {k: [float(v) for v in vs] for k, vs in history.history.items()}
    out["evaluate"] = float(model.evaluate(X, Y, verbose=0))
    out["train_on_batch"] = float(np.asarray(model.train_on_batch(X[:4], Y[:4])).ravel()[0])
    out["predict"] = model.predict(X, verbose=0).tolist()
    out["call"] = np.asarray(model(X * 2)).tolist()
    out["weights"] = [np.asarray(w).tolist() for w in model.get_weights()]
    return model, out


def attempt(lib, keras2, how, weights, compile_kwargs):
    try:
        return run(lib, keras2, how, weights, compile_kwargs)[1]
    except Exception as e:  # the control: Keras 3 traces call() without run_eagerly
        return {"error": type(e).__name__}


report = {"keras": keras.__version__, "tf_keras": tf_keras.__version__, "cases": {}}
for how in ("list", "add", "none", "fit"):
    start = None
    if how != "fit":
        keras2_model = build(tf_keras, True, how)
        if how == "none":
            keras2_model.build((None, 3))
        start = [w.copy() for w in keras2_model.get_weights()]
    _, k2 = run(tf_keras, True, how, start, {})
    _, k3 = run(keras, False, how, start, {"run_eagerly": True})
    control = attempt(keras, False, how, start, {})
    report["cases"][how] = {"keras2": k2, "keras3": k3, "keras3_traced": control}
json.dump(report, sys.stdout)
