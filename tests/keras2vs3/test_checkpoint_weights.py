"""save-weights-path's tf fix on real Keras: where the code writes a TF
checkpoint prefix and then reads it, tf.train.Checkpoint(model=...).write
plus update_checkpoint_state on Keras 3 leave the same files as Keras 2's
save_weights() (the index, the data shard and the same `checkpoint` state
text), and tf.train.Checkpoint(model=...).read restores the same weights and
the same optimizer state as load_weights() (training on gives the same
weights). See checkpointweights.py and compare.py.
"""

import os

import numpy as np
import pytest

from compare import run_script

_report = {}


def report():
    if not _report:
        _report.update(run_script("checkpointweights.py"))
    return _report


@pytest.mark.parametrize("prefix", ["training_1/cp.ckpt", "cp.ckpt"])
def test_checkpoint_round_trip_matches_keras_2(prefix):
    k2, k3 = report()[prefix]["keras2"], report()[prefix]["keras3"]
    name = prefix.rsplit("/", 1)[-1]
    assert {name + ".index", name + ".data-00000-of-00001", "checkpoint"} <= set(k2["files"])
    assert k3["files"] == k2["files"]
    assert k3["state"] == k2["state"]
    assert k3["latest"] == k2["latest"]
    assert os.path.normpath(k2["latest"]) == prefix
    for saved, read in zip(k2["saved"], k2["read"]):
        np.testing.assert_array_equal(np.array(read), np.array(saved))
    for key in ("saved", "read", "trained_on"):
        for a, b in zip(k2[key], k3[key]):
            np.testing.assert_allclose(np.array(b), np.array(a), rtol=1e-5, atol=1e-6)
