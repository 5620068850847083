"""removed-api's fix for `time_major=True` on real Keras (see timecheck.py
and compare.py): LSTM, GRU and SimpleRNN layers given time-major numpy input
on Keras 2 return the same outputs and states, from the same weights, as the
Keras 3 layers with the input transposed to batch-major and a sequence
output transposed back; without the transposes the values differ. That is
what makes the fix safe under the conditions of rnn_time_major.go."""

import pytest

from compare import run_script

TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def report():
    return run_script("timecheck.py")


def test_keras_2_and_3_are_compared(report):
    assert report["keras"].startswith("3.")
    assert report["tf_keras"].startswith("2.")
    assert {c["layer"] for c in report["cases"]} == {"LSTM", "GRU", "SimpleRNN"}


def test_transposed_keras_3_layer_returns_keras_2_values(report):
    wrong = ["%s %s %s: %s" % (c["layer"], c["options"], c["call"], c["difference"]) for c in report["cases"]
             if c["shapes2"] != c["shapes3"] or c["difference"] > TOLERANCE or c["weights2"] != c["weights3"]]
    assert not wrong, "cases where the fixed layer differs from Keras 2's time-major layer: %s" % wrong


def test_without_the_transposes_the_values_differ(report):
    same = ["%s %s" % (c["layer"], c["options"]) for c in report["cases"]
            if c["control_difference"] is not None and c["control_difference"] < 1e-3]
    assert not same, "the control did not tell the layouts apart: %s" % same
