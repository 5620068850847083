"""h5-reload-training's fix on real Keras: a program that saves a compiled
model to an .h5 file and loads it back to train on continues on Keras 2 with
the optimizer's state from the file. On Keras 3 the same program with the
file named .keras (the fix) continues identically: the same losses, metric
values, step count and trained weights. The only change is the file's name,
which the fix declares. See reloadcheck.py and compare.py.
"""

import os

import numpy as np
import pytest

from compare import run_script


def assert_same_training(k2, k3):
    assert k2["file"] and k3["file"]
    assert k3["iterations"] == k2["iterations"]
    np.testing.assert_allclose(k3["loss"], k2["loss"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(k3["mae"], k2["mae"], rtol=1e-5, atol=1e-6)
    for a, b in zip(k2["weights"], k3["weights"]):
        np.testing.assert_allclose(np.array(b), np.array(a), rtol=1e-5, atol=1e-6)


def test_keras_file_continues_training_as_keras_2_h5_did():
    report = run_script("reloadcheck.py")
    assert report["keras2"]["iterations"] == 16  # 2 + 2 epochs of 4 steps: the state came back
    assert_same_training(report["keras2"], report["keras3"])


def test_a_fresh_optimizer_would_be_noticed(monkeypatch):
    monkeypatch.setenv("RELOAD_CHECK_BREAK", "compile")
    report = run_script("reloadcheck.py")
    with pytest.raises(AssertionError):
        assert_same_training(report["keras2"], report["keras3"])
