"""call-autograph's fix on real Keras (see autographcheck.py and
compare.py): a layer whose call() branches on tensor values, converted on
Keras 3 by `Cls.call = tf.function(Cls.call)` after the class, gives the
values Keras 2 gave for the plain layer in fit, evaluate, predict and
direct calls of the model and of the layer, from the same weights; a random
branch returns one of its two values on both; unconverted, Keras 3 cannot
run the layer. That is what makes the fix safe under the conditions in
call_autograph.go."""

import numpy as np
import pytest

from compare import run_script


@pytest.fixture(scope="module")
def report():
    return run_script("autographcheck.py")


def test_keras_2_and_3_are_compared(report):
    assert report["keras"].startswith("3.")
    assert report["tf_keras"].startswith("2.")


def test_decorated_call_gives_keras_2_values(report):
    k2, k3 = report["keras2"], report["keras3"]
    assert k3["layers"] == k2["layers"]
    assert k3["params"] == k2["params"]
    assert k3["history"].keys() == k2["history"].keys()
    for key in ("evaluate", "predict"):
        np.testing.assert_allclose(np.array(k3[key]), np.array(k2[key]), rtol=1e-6, atol=1e-7, err_msg=key)
    np.testing.assert_allclose(k3["history"]["loss"], k2["history"]["loss"], rtol=1e-6, atol=1e-7)
    for key in ("model_call", "layer_call", "flip_call", "weights"):
        for a, b in zip(k2[key], k3[key]):
            np.testing.assert_allclose(np.array(b), np.array(a), rtol=1e-6, atol=1e-7, err_msg=key)


def test_random_branch_returns_one_of_its_values(report):
    for side in ("random2", "random3"):
        assert report[side]["shapes"] == [[8, 3]] * 3
        assert all(report[side]["allowed"]), side


def test_undecorated_keras_3_layer_fails(report):
    assert report["keras3_undecorated"] == "OperatorNotAllowedInGraphError"
