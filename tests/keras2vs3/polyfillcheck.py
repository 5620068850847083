"""Runs models holding Keras 2's LocallyConnected1D/2D, RandomFourierFeatures
and RadialConstraint on Keras 2 (tf_keras's own classes) and on Keras 3 (the
local copies removed-api inserts, cellfix/polyfill, executed as a program's
module-level code), from the same weights, and K.function against the
shim-only-api replacement, backend_function; prints what each observed as
JSON. Run by test_polyfill_moves.py."""

import contextlib
import io
import json
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402

POLYFILL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cellfix", "polyfill")
BREAK = os.environ.get("POLYFILL_CHECK_BREAK", "")  # a test of the test: drop a part of the fix


def inserted(*files):
    """The polyfills' code as the fix inserts it, run as a program would."""
    ns = {"__name__": "__main__", "keras": keras}
    for f in files:
        code = open(os.path.join(POLYFILL, f)).read().split("\nimport keras\n", 1)[1]
        if BREAK == "register":
            code = code.replace('@keras.saving.register_keras_serializable(package="keras2")\n', "")
        exec(compile(code, f, "exec"), ns)
    return ns


K3 = inserted("locally_connected.py", "random_fourier_features.py", "radial_constraint.py", "backend_function.py")
rng = np.random.default_rng(0)
X = rng.random((8, 10, 2))  # float64, as np.random.rand gives a program
Y = rng.random((8, 1))


def build(lib, lc1, lc2, rff, radial):
    # Keras 2 runs RadialConstraint eagerly only (run_eagerly=True below).
    return lib.Sequential([
        lib.Input((10, 2)), lc1(4, 3), lib.layers.Flatten(), rff(8, scale=2.0), lib.layers.Reshape((2, 2, 2)),
        lc2(3, 1, activation="relu"), lib.layers.Conv2D(1, 2, kernel_constraint=radial()),
        lib.layers.Flatten(), lib.layers.Dense(1),
    ])


def keras2_model():
    return build(tf_keras, tf_keras.layers.LocallyConnected1D, tf_keras.layers.LocallyConnected2D,
                 tf_keras.layers.experimental.RandomFourierFeatures, tf_keras.constraints.RadialConstraint)


def keras3_model():
    return build(keras, K3["LocallyConnected1D"], K3["LocallyConnected2D"], K3["RandomFourierFeatures"], K3["RadialConstraint"])


def short(name):
    return name.split("/")[-1].split(":")[0]


def plain(value):
    return json.loads(json.dumps(value, default=str))


def observe(lib, model, weights):
    model.set_weights(weights)
    out = {
        "layer_names": [layer.name for layer in model.layers],
        "layer_classes": [type(layer).__name__ for layer in model.layers],
        "weight_names": [short(w.name) for w in model.weights],
        "weight_shapes": [list(w.shape) for w in model.weights],
        "count_params": model.count_params(),
        "output_shape": list(model.output_shape),
        "layer_output_shapes": [list(layer.output.shape) for layer in model.layers],
        "trainable": len(model.trainable_weights),
        "non_trainable": len(model.non_trainable_weights),
        "configs": [{k: plain(v) for k, v in layer.get_config().items() if k not in ("dtype", "name")}
                    for layer in model.layers if type(layer).__name__ in K3],
        "constraint": plain(model.layers[5].get_config()["kernel_constraint"]["class_name"]),
        "predict": model.predict(X, verbose=0).tolist(),
    }
    clone = type(model.layers[0]).from_config(model.layers[0].get_config())
    out["from_config"] = type(clone).__name__
    model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.05), loss="mse", run_eagerly=True)
    history = model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    out["loss"] = history.history["loss"]
    out["trained"] = [np.asarray(w).tolist() for w in model.get_weights()]
    # Keras 2 cannot load a model holding RandomFourierFeatures (it is not
    # in its deserialization table), so no Keras 2 program does: saving and
    # loading is compared on the model without it, and the copy's own round
    # trip is recorded.
    lc1, lc2, radial = type(model.layers[0]), type(model.layers[4]), type(model.layers[5].kernel_constraint)
    saveable = lib.Sequential([lib.Input((10, 2)), lc1(4, 3), lib.layers.Flatten(), lib.layers.Reshape((4, 4, 2)),
                               lc2(3, 1), lib.layers.Conv2D(1, 2, kernel_constraint=radial()), lib.layers.Flatten(), lib.layers.Dense(1)])
    saveable.set_weights([rng_fixed(w.shape, i) for i, w in enumerate(saveable.weights)])
    out["saved"] = round_trips(lib, saveable, X)
    out["saved_rff"] = round_trips(lib, lib.Sequential([lib.Input((3,)), model.layers[2].__class__(4)]), X[:, 0, :1].repeat(3, 1))
    return out


def round_trips(lib, model, x):
    """Saves model as .keras and .h5 and loads it back in the same program,
    and rebuilds it from its JSON."""
    out = {}
    want = model.predict(x, verbose=0)
    with tempfile.TemporaryDirectory() as tmp:
        for ext in (".keras", ".h5"):
            path = os.path.join(tmp, "model" + ext)
            try:
                model.save(path)
                loaded = lib.models.load_model(path)
                out[ext] = {
                    "classes": [type(layer).__name__ for layer in loaded.layers],
                    "constraints": [type(layer.kernel_constraint).__name__ for layer in loaded.layers if hasattr(layer, "kernel_constraint")],
                    "same_predict": bool(np.allclose(loaded.predict(x, verbose=0), want, rtol=1e-6, atol=1e-6)),
                    "weights": [short(w.name) for w in loaded.weights],
                }
            except Exception as e:  # noqa: BLE001 - reported, the test fails on it
                out[ext] = {"error": type(e).__name__}
    try:
        out["json"] = [type(layer).__name__ for layer in lib.models.model_from_json(model.to_json()).layers]
    except Exception as e:  # noqa: BLE001 - as above
        out["json"] = {"error": type(e).__name__}
    return out


def function_cases(lib, function):
    """K.function(inputs, outputs) in the shapes programs use, on a model with
    dropout (inference mode expected) and a layer that prints when it runs
    (Keras 2 runs the model eagerly: once per call)."""
    with contextlib.redirect_stdout(io.StringIO()):  # building the model runs each layer once
        return run_functions(lib, function)


def run_functions(lib, function):
    class Shout(lib.layers.Layer):
        def call(self, x):
            print("ran")
            return x

    inp = lib.Input((3,))
    hidden = lib.layers.Dense(4, activation="relu", name="hidden")(inp)
    out = lib.layers.Dense(2, name="out")(lib.layers.Dropout(0.5)(Shout()(hidden)))
    mean = lib.layers.Lambda(lambda t: lib.backend.mean(t) if lib is tf_keras else keras.ops.mean(t))(out)
    model = lib.Model(inp, out)
    model.set_weights([rng_fixed(w.shape, i) for i, w in enumerate(model.weights)])
    x = np.random.default_rng(1).random((5, 3))
    calls = {
        "list_one": lambda: function([inp], [hidden])([x]),
        "list_two": lambda: function([inp], [hidden, out])([x]),
        "single": lambda: function(inp, out)(x),
        "single_called_with_list": lambda: function(inp, [out])([x]),
        "list_called_bare": lambda: function([inp], [out])(x),
        "tuple_one": lambda: function([inp], (out,))([x]),
        "tuple_two": lambda: function([inp], (hidden, out))([x]),
        "dict": lambda: function([inp], {"h": hidden, "o": out})([x]),
        "scalar": lambda: function([inp], [mean])([x]),
        "called_twice": lambda: (lambda f: (f([x]), f([x[:2]]))[1])(function([inp], [out])),
    }
    results = {}
    sys.stdout.flush()
    for name, call in calls.items():
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            value = call()
        results[name] = {"value": describe(value), "runs": printed.getvalue().count("ran")}
    return results


def rng_fixed(shape, i):
    return np.random.default_rng(10 + i).uniform(-1, 1, size=tuple(shape)).astype("float32")


def describe(v):
    if isinstance(v, (list, tuple)):
        return {"type": type(v).__name__, "items": [describe(a) for a in v]}
    if isinstance(v, dict):
        return {"type": "dict", "items": {k: describe(a) for k, a in sorted(v.items())}}
    if isinstance(v, float):
        return {"type": "float", "value": v}
    return {"type": type(v).__name__, "dtype": str(v.dtype), "value": np.asarray(v).tolist()}


def main():
    k2 = keras2_model()
    weights = [rng_fixed(w.shape, i) for i, w in enumerate(k2.weights)]
    report = {
        "keras": keras.__version__, "tf_keras": tf_keras.__version__,
        "keras2": observe(tf_keras, k2, weights),
        "keras3": observe(keras, keras3_model(), weights),
        "function_keras2": function_cases(tf_keras, tf_keras.backend.function),
        "function_keras3": function_cases(keras, K3["backend_function"]),
        "learning_phase_keras2": tf_keras.backend.learning_phase(),
    }
    json.dump(report, sys.stdout)


main()
