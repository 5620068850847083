"""Runs the polyfill cases on one Keras and prints the results as JSON.

`python worker.py keras2` builds each case with tf-keras's own class (run it
with TF_USE_LEGACY_KERAS=1); `python worker.py keras3` builds it with the
polyfill from cellfix/polyfill (run it with KERAS_BACKEND set). Every case
sets the same weights and feeds the same input on both, so the outputs must
agree.
"""

import importlib.util
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402

MODE = sys.argv[1]
POLYFILL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cellfix", "polyfill")

if MODE == "keras2":
    import tensorflow as tf

    keras = tf.keras
    assert tf.keras.layers.Layer.__module__.startswith("tf_keras"), tf.keras.layers.Layer.__module__
    classes = {
        "LocallyConnected1D": keras.layers.LocallyConnected1D,
        "LocallyConnected2D": keras.layers.LocallyConnected2D,
        "RandomFourierFeatures": keras.layers.experimental.RandomFourierFeatures,
        "RadialConstraint": keras.constraints.RadialConstraint,
        "backend_function": keras.backend.function,
    }
else:
    import keras

    assert keras.__version__.startswith("3."), keras.__version__

    def load(file, name):
        spec = importlib.util.spec_from_file_location(name, os.path.join(POLYFILL, file))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return getattr(mod, name)

    classes = {
        "LocallyConnected1D": load("locally_connected.py", "LocallyConnected1D"),
        "LocallyConnected2D": load("locally_connected.py", "LocallyConnected2D"),
        "RandomFourierFeatures": load("random_fourier_features.py", "RandomFourierFeatures"),
        "RadialConstraint": load("radial_constraint.py", "RadialConstraint"),
        "backend_function": load("backend_function.py", "backend_function"),
    }


def arrays(shapes, seed):
    rng = np.random.default_rng(seed)
    return [rng.uniform(-1.0, 1.0, size=s).astype("float32") for s in shapes]


def plain(value):
    """A config value as JSON, tuples as lists."""
    return json.loads(json.dumps(value, default=str))


# name, class, constructor kwargs, input shape (batch first)
LAYER_CASES = [
    ("lc1d", "LocallyConnected1D", dict(filters=4, kernel_size=3), (2, 10, 2)),
    ("lc1d_strides_relu", "LocallyConnected1D", dict(filters=3, kernel_size=3, strides=2, activation="relu"), (3, 11, 2)),
    ("lc1d_first", "LocallyConnected1D", dict(filters=2, kernel_size=2, data_format="channels_first"), (2, 3, 7)),
    ("lc1d_nobias", "LocallyConnected1D", dict(filters=2, kernel_size=4, use_bias=False), (2, 6, 3)),
    ("lc2d", "LocallyConnected2D", dict(filters=3, kernel_size=(3, 2), strides=(1, 2)), (2, 6, 5, 2)),
    ("lc2d_first", "LocallyConnected2D", dict(filters=2, kernel_size=2, data_format="channels_first", activation="tanh"), (2, 3, 4, 5)),
    ("rff", "RandomFourierFeatures", dict(output_dim=8, scale=10.0, kernel_initializer="gaussian"), (4, 6)),
    ("rff_default_scale", "RandomFourierFeatures", dict(output_dim=5), (3, 8)),
    ("rff_laplacian", "RandomFourierFeatures", dict(output_dim=4, kernel_initializer="laplacian"), (3, 2)),
]


def run_layer(cls, kwargs, input_shape, seed):
    layer = classes[cls](**kwargs)
    layer.build(input_shape)
    x = arrays([input_shape], seed)[0]
    init = {w.name.split("/")[-1].split(":")[0]: np.asarray(w.numpy()).tolist() for w in layer.weights if "kernel_scale" in w.name}
    bounds = {w.name.split("/")[-1].split(":")[0]: float(np.abs(np.asarray(w.numpy())).max()) for w in layer.weights}
    layer.set_weights(arrays([tuple(w.shape) for w in layer.weights], seed + 1))
    out = np.asarray(layer(x))
    layer.trainable = True
    unfrozen = [w.name.split("/")[-1].split(":")[0] for w in layer.trainable_weights]
    return {
        "trainable_when_unfrozen": unfrozen,
        "weights": [[w.name.split("/")[-1].split(":")[0], list(w.shape)] for w in layer.weights],
        "trainable_weights": len(layer.trainable_weights),
        "output": out.tolist(),
        "output_shape": list(out.shape),
        "computed_shape": list(layer.compute_output_shape(input_shape)),
        "config": {k: plain(v) for k, v in layer.get_config().items()},
        "scale_init": init,
        "max_abs_init": bounds,  # the initial values are random: compared by range
    }


def run_constraint(shape, seed):
    w = arrays([shape], seed)[0]
    c = classes["RadialConstraint"]()
    return {"output": np.asarray(c(keras.backend.constant(w) if MODE == "keras2" else keras.ops.convert_to_tensor(w))).tolist(),
            "config": c.get_config()}


def run_function(kind, seed):
    inp = keras.Input((3,))
    hidden = keras.layers.Dense(4, activation="relu", name="hidden")(inp)
    dropped = keras.layers.Dropout(0.5)(hidden)
    out = keras.layers.Dense(2, name="out")(dropped)
    model = keras.Model(inp, out)
    model.set_weights(arrays([tuple(w.shape) for w in model.weights], seed))
    x = arrays([(5, 3)], seed + 1)[0]
    f = classes["backend_function"]
    if kind == "list_one":
        result = f([inp], [hidden])([x])
    elif kind == "list_two":
        result = f([inp], [hidden, out])([x])
    elif kind == "single":
        result = f(inp, out)(x)
    elif kind == "list_called_bare":
        result = f([inp], [out])(x)
    elif kind == "tuple_one":  # Keras 3 would unwrap it; Keras 2 kept the tuple
        result = f([inp], (out,))([x])
    else:  # single input tensor, called with a list
        result = f(inp, [out])([x])
    if isinstance(result, list):
        return {"type": "list", "items": [[type(r).__name__, np.asarray(r).tolist()] for r in result]}
    return {"type": type(result).__name__, "value": np.asarray(result).tolist()}


results = {}
for i, (name, cls, kwargs, shape) in enumerate(LAYER_CASES):
    np.random.seed(i)  # the laplacian initializer draws from NumPy
    results[name] = run_layer(cls, kwargs, shape, seed=10 * i)
for k in (3, 4, 5, 6):
    results["radial_%d" % k] = run_constraint((k, k, 2, 3), seed=k)
for kind in ("list_one", "list_two", "single", "single_called_with_list", "list_called_bare", "tuple_one"):
    results["function_" + kind] = run_function(kind, seed=7)
print("RESULTS " + json.dumps(results))
