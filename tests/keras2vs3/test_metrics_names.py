"""metric-api's fix for `model.metrics_names` on real Keras: after fit,
evaluate, train_on_batch or test_on_batch of a model with one output,
Keras 3's `list(model.get_metrics_result())` names the results exactly as
Keras 2's `model.metrics_names` did, in the order evaluate() returns them.
With two outputs the order differs, which is why the fix stays unsafe
there. See metricsnames.py and compare.py.
"""

import functools

from compare import run_script


@functools.lru_cache(maxsize=None)
def report():
    return run_script("metricsnames.py")


def test_get_metrics_result_lists_keras_2_metrics_names():
    k2, k3 = report()["keras2"], report()["keras3"]
    assert k2["single"]["several_strings/sequential"]["evaluate"] == ["loss", "mae", "mse", "binary_accuracy", "binary_crossentropy"]
    assert k3["single"] == k2["single"]


def test_two_outputs_are_listed_in_another_order():
    k2, k3 = report()["keras2"]["two_outputs"], report()["keras3"]["two_outputs"]
    assert sorted(k2) == sorted(k3)
    assert k2 != k3
