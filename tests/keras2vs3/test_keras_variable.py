"""untracked-tf-variable's fix on real Keras: a layer that keeps its
weights in tf.Variable attributes trains on Keras 2 (tf_keras tracks them)
exactly as the fixed layer, with keras.Variable attributes, trains on
Keras 3: the same trainable weights, dtypes and trained values. That is what
makes the fix safe where no dtype policy and no variable name are involved.
See varcheck.py and compare.py.
"""

import numpy as np

from compare import run_script


def test_keras_variable_trains_as_keras_2_tf_variable():
    report = run_script("varcheck.py")
    k2, k3 = report["keras2"], report["keras3"]
    assert k2["trainable"] == k3["trainable"] == 2
    assert k2["dtypes"] == k3["dtypes"]
    for a, b in zip(k2["weights"], k3["weights"]):
        np.testing.assert_allclose(np.array(b), np.array(a), rtol=1e-5, atol=1e-6)
