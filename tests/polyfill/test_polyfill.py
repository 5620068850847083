"""The polyfills gokmig inserts for removed Keras 2 API (cellfix/polyfill/*.py)
behave like Keras 2's own classes.

worker.py builds each case once with tf-keras 2 (TF_USE_LEGACY_KERAS=1) and
once with the polyfill on Keras 3, on the TensorFlow and on the JAX backend,
with the same weights and the same input: the weights' names and shapes, the
outputs, the output shapes, the trainable weights and the layer config must
agree. Initial values are random, so they are compared by range.

Under CI=true a missing tf-keras or JAX is a failure, not a skip.
"""

import functools
import json
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, "worker.py")


@functools.lru_cache(maxsize=None)
def results(mode, env_items):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **dict(env_items))
    env.pop("TF_USE_LEGACY_KERAS", None) if mode == "keras3" else None
    proc = subprocess.run([sys.executable, WORKER, mode], capture_output=True, text=True, env=env)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULTS "):
            return json.loads(line[len("RESULTS "):])
    missing = "No module named" in proc.stderr
    if missing and os.environ.get("CI") != "true":
        pytest.skip("worker could not import its Keras:\n" + proc.stderr[-500:])
    raise AssertionError("worker %s %s failed:\n%s" % (mode, env_items, proc.stderr[-3000:]))


def keras2():
    return results("keras2", (("TF_USE_LEGACY_KERAS", "1"),))


def keras3(backend):
    return results("keras3", (("KERAS_BACKEND", backend),))


def case_names():
    # The worker's case list, without running it.
    src = open(WORKER).read()
    names = [line.split('"')[1] for line in src.split("LAYER_CASES = [", 1)[1].split("]\n", 1)[0].splitlines() if line.strip().startswith('("')]
    return names


def same_config(old, new, top=True):
    """new has every key of old with the same value; at the top level the
    keys are the same but for dtype (a DTypePolicy in Keras 3). Keras 3
    initializers add keys of their own (GlorotUniform's input_axes)."""
    if isinstance(old, dict) and isinstance(new, dict):
        if top and set(old) - {"dtype"} != set(new) - {"dtype"}:
            return False
        return all(k in new and same_config(v, new[k], False) for k, v in old.items() if not (top and k == "dtype"))
    return old == new


BACKENDS = ["tensorflow", "jax"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", case_names())
def test_layer_matches_keras2(case, backend):
    old, new = keras2()[case], keras3(backend)[case]
    assert new["weights"] == old["weights"]
    assert new["output_shape"] == old["output_shape"]
    assert new["computed_shape"][1:] == old["computed_shape"][1:]
    np.testing.assert_allclose(np.asarray(new["output"]), np.asarray(old["output"]), rtol=1e-5, atol=1e-5)
    assert new["trainable_weights"] == old["trainable_weights"]
    assert new["trainable_when_unfrozen"] == old["trainable_when_unfrozen"]
    assert new["scale_init"] == old["scale_init"]
    for name, bound in old["max_abs_init"].items():
        # Same initializers: zero where Keras 2's is zero (a bias), else
        # within the initializer's range (Glorot's limit for a kernel, 2*pi
        # for the random features' phases).
        got = new["max_abs_init"][name]
        assert (bound == 0) == (got == 0), name
        if name == "kernel":
            assert got <= glorot_limit(dict(old["weights"])[name]) + 1e-6
        if name == "bias" and bound > 0:
            assert 0 < got <= 2 * np.pi
    assert same_config(old["config"], new["config"]), (old["config"], new["config"])


def glorot_limit(shape):
    receptive = int(np.prod(shape[:-2]))
    return np.sqrt(6.0 / ((shape[-2] + shape[-1]) * receptive))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("size", [3, 4, 5, 6])
def test_radial_constraint_matches_keras2(size, backend):
    old, new = keras2()["radial_%d" % size], keras3(backend)["radial_%d" % size]
    np.testing.assert_allclose(np.asarray(new["output"]), np.asarray(old["output"]), rtol=1e-6)
    assert new["config"] == old["config"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kind", ["list_one", "list_two", "single", "single_called_with_list", "list_called_bare", "tuple_one"])
def test_backend_function_matches_keras2(kind, backend):
    old, new = keras2()["function_" + kind], keras3(backend)["function_" + kind]
    assert new["type"] == old["type"]
    if old["type"] == "list":
        assert [t for t, _ in new["items"]] == [t for t, _ in old["items"]]
        for (_, a), (_, b) in zip(old["items"], new["items"]):
            np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-5, atol=1e-6)
    else:
        np.testing.assert_allclose(np.asarray(new["value"]), np.asarray(old["value"]), rtol=1e-5, atol=1e-6)
