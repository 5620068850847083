"""metric-api's fix for `self.add_metric(value, name=...)` in a layer's
call() on real Keras (TensorFlow): the keras.metrics.Mean the fixed layer
holds gives the same history keys and values, evaluate() results (as a list
and as a dict, also after a direct call of the model) and weights as Keras
2's add_metric(), whether the layer sits in a functional, Sequential or
subclassed model, is shared or used twice. See addmetric.py and compare.py.
"""

import numpy as np

from compare import run_script


def assert_same(got, want, where):
    if isinstance(want, dict):
        assert sorted(got) == sorted(want), where
        for key in want:
            assert_same(got[key], want[key], "%s/%s" % (where, key))
    elif isinstance(want, list):
        assert len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, "%s[%d]" % (where, i))
    else:
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=where)


def test_layer_mean_metric_reports_as_keras_2_add_metric():
    report = run_script("addmetric.py")
    k2, k3 = report["keras2"], report["keras3"]
    assert "mean_activation" in k2["functional/None"]["history"]
    assert sorted(k3) == sorted(k2)
    for case in k2:
        assert_same(k3[case], k2[case], case)
