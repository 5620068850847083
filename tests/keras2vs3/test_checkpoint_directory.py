"""model-checkpoint-args' fix for a SavedModel directory, on real Keras: a
ModelCheckpoint that keeps the best model in a directory on Keras 2 keeps
the same model as `model.keras` inside that directory on Keras 3: reloaded,
it predicts the same, and the directory exists on both. Only the
directory's content changes (a `.keras` file, not a SavedModel), which the
fix declares.

Reloaded and trained on, the two differ: Keras 2 brings a SavedModel back
with a fresh optimizer, the `.keras` file with the optimizer's state. That
is why the fix is safe only when the program never loads the checkpoint.
See ckptdircheck.py and compare.py.
"""

import functools

import numpy as np
import pytest

from compare import run_script


@functools.lru_cache(maxsize=None)
def report():
    return run_script("ckptdircheck.py")


def assert_same_checkpoint(k2, k3):
    assert k2["isdir"] and k3["isdir"]
    np.testing.assert_allclose(k3["val_loss"], k2["val_loss"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(k3["predictions"], k2["predictions"], rtol=1e-5, atol=1e-6)


def test_keras_file_in_the_directory_holds_the_model_keras_2_kept():
    k2, k3 = report()["keras2"], report()["keras3"]
    best = int(np.argmin(k2["val_loss"]))
    assert best < len(k2["val_loss"]) - 1, "the data must make an earlier epoch the best: %s" % k2["val_loss"]
    assert_same_checkpoint(k2, k3)


def test_reloaded_and_trained_on_they_differ():
    k2, k3 = report()["keras2"], report()["keras3"]
    best = int(np.argmin(k2["val_loss"]))
    # One more epoch is 7 steps of 9 rows: Keras 2 counts from 0 again,
    # Keras 3 goes on from the best epoch's 5 steps an epoch.
    assert k2["iterations"] == 7
    assert k3["iterations"] == (best + 1) * 5 + 7
    assert not np.allclose(np.array(k2["weights"][0]), np.array(k3["weights"][0]), atol=1e-4)


def test_a_checkpoint_of_another_epoch_would_be_noticed(monkeypatch):
    monkeypatch.setenv("CKPT_CHECK_BREAK", "last")
    broken = run_script("ckptdircheck.py")
    with pytest.raises(AssertionError):
        assert_same_checkpoint(broken["keras2"], broken["keras3"])
