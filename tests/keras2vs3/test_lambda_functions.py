"""The safe fix of lambda-load-safe-mode K315 (every lambda of a model saved
to HDF5 turned into a function registered with Keras) verified on real
Keras: the original program on Keras 2 and the fixed one on Keras 3 predict
the same with the model and with the model loaded back, and show the same
layers, Lambda layer names and settings and files. The conditions the rule
checks are shown to matter: a name the lambda reads that is bound again
after the load gives Keras 2's reloaded lambda the old value (the function
reads the new one), and Keras 2 refuses lambdas in a .keras file. See
lambdacheck.py and compare.py.
"""

import numpy as np
import pytest

from compare import run_script

TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def report():
    return run_script("lambdacheck.py")


def close(a, b):
    return np.allclose(np.array(a), np.array(b), atol=TOLERANCE)


def test_hdf5_programs_observe_the_same(report):
    keras2, fixed = report["hdf5"]["keras2"], report["hdf5"]["keras3_fixed"]
    assert "error" not in keras2, keras2
    assert "error" not in fixed, fixed
    for key in ("prediction", "restored_prediction"):
        assert close(keras2[key], fixed[key]), key
    for key in ("layers", "lambda_names", "lambda_settings", "files"):
        assert keras2[key] == fixed[key], key


def test_keras2_reloads_the_lambda_that_was_saved(report):
    keras2 = report["hdf5"]["keras2"]
    assert close(keras2["prediction"], keras2["restored_prediction"])


def test_a_name_bound_again_after_the_load_differs(report):
    keras2, fixed = report["hdf5_rebound"]["keras2"], report["hdf5_rebound"]["keras3_fixed"]
    assert close(keras2["prediction"], fixed["prediction"])
    assert not close(keras2["restored_prediction"], fixed["restored_prediction"]), \
        "Keras 2's reloaded lambda sees the rebound global: the rule may allow rebinding"


def test_keras2_refuses_lambdas_in_a_keras_file(report):
    assert report["keras_file"]["keras2"] == {"error": "ValueError"}
    assert "error" not in report["keras_file"]["keras3_fixed"]
