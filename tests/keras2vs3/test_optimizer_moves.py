"""The optimizer table (cellfix/rules/optimizer_moves.tsv, behind the safe
moves of tf-keras-import K301 and the safe decay schedule of
optimizer-arguments K321) verified on real Keras: a row marked safe trains
the same weights with the Keras 2 class (tf_keras) and the Keras 3 class,
with every listed argument away from its default, and for the legacy module
also with `decay` against InverseTimeDecay; a row marked unsafe trains
different weights, as its note says. See optcheck.py and compare.py.
"""

import pytest

from compare import run_script

# float32 rounding of a different order of operations over 12 steps stays
# far below this; a different update rule (the unsafe rows) is far above.
TOLERANCE = 1e-5
DIFFERENT = 1e-3


@pytest.fixture(scope="module")
def report():
    return run_script("optcheck.py")


def test_keras_2_and_3_are_compared(report):
    assert report["keras"].startswith("3.")
    assert report["tf_keras"].startswith("2.")
    assert report["rows"], "the table has no rows"


def test_safe_rows_train_the_same_weights(report):
    wrong = ["%s: %.3g" % (r["name"], r["difference"]) for r in report["rows"]
             if r["safety"] == "safe" and r["difference"] > TOLERANCE]
    assert not wrong, "rows marked safe whose Keras 3 class trains other weights: %s" % wrong


def test_legacy_decay_is_inverse_time_decay(report):
    wrong = ["%s: %.3g" % (r["name"], r["decay_difference"]) for r in report["rows"]
             if r["safety"] == "safe" and "decay_difference" in r and r["decay_difference"] > TOLERANCE]
    assert not wrong, "Keras 2 decay differs from InverseTimeDecay(decay_steps=1) for: %s" % wrong


def test_unsafe_rows_train_other_weights(report):
    same = [r["name"] for r in report["rows"] if r["safety"] == "unsafe" and r["difference"] < DIFFERENT]
    assert not same, "rows marked unsafe that train the same weights (make them safe): %s" % same
