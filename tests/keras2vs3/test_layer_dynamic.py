"""removed-api's fix for `dynamic=True` on real Keras (see dyncheck.py and
compare.py): a Keras 2 dynamic layer and the fixed Keras 3 layer, in a model
compiled with run_eagerly=True, train, evaluate and predict the same values
from the same weights and answer `.dynamic` alike; Keras 3 without
run_eagerly=True cannot run the layer at all. That is what makes the fix
safe under the conditions of layer_dynamic.go."""

import numpy as np
import pytest

from compare import run_script

CASES = ("list", "add", "none", "fit")


@pytest.fixture(scope="module")
def report():
    return run_script("dyncheck.py")


def test_keras_2_and_3_are_compared(report):
    assert report["keras"].startswith("3.")
    assert report["tf_keras"].startswith("2.")
    assert sorted(report["cases"]) == sorted(CASES)


@pytest.mark.parametrize("how", CASES)
def test_fixed_layer_runs_as_keras_2_dynamic_layer(report, how):
    k2, k3 = report["cases"][how]["keras2"], report["cases"][how]["keras3"]
    for key in ("dynamic", "params", "run_eagerly", "layers", "output_shape"):
        assert k3[key] == k2[key], key
    assert k3["history"].keys() == k2["history"].keys()
    for key in ("history", "evaluate", "train_on_batch", "predict", "call"):
        np.testing.assert_allclose(np.array(k3[key] if key != "history" else k3[key]["loss"]),
                                   np.array(k2[key] if key != "history" else k2[key]["loss"]),
                                   rtol=1e-6, atol=1e-7, err_msg=key)
    for a, b in zip(k2["weights"], k3["weights"]):
        np.testing.assert_allclose(np.array(b), np.array(a), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("how", CASES)
def test_run_eagerly_is_what_makes_it_run(report, how):
    assert report["cases"][how]["keras3_traced"].get("error") == "OperatorNotAllowedInGraphError"
