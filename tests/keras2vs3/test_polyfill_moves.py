"""The local replacements that removed-api and shim-only-api insert as safe
fixes (cellfix/polyfill) on real Keras: a model holding Keras 2's
LocallyConnected1D/2D, RandomFourierFeatures and RadialConstraint (tf_keras)
and the same model holding the inserted copies (Keras 3) have the same layer
names, weight names and shapes, parameter counts, output shapes, configs,
outputs and training from the same weights, and save and load again (.keras,
.h5, JSON) as Keras 2's do in one program; K.function and backend_function
return the same structures and values, in inference mode, running the model
once per call. See polyfillcheck.py and compare.py; tests/polyfill compares
single layers on TensorFlow and JAX.
"""

import os

import numpy as np
import pytest

from compare import run_script

SAME_STRUCTURE = ["layer_names", "layer_classes", "weight_names", "weight_shapes", "count_params", "output_shape",
                  "layer_output_shapes", "trainable", "non_trainable", "constraint", "from_config"]


@pytest.fixture(scope="module")
def report():
    return run_script("polyfillcheck.py")


def test_keras_2_and_3_are_compared(report):
    assert report["keras"].startswith("3.")
    assert report["tf_keras"].startswith("2.")


@pytest.mark.parametrize("key", SAME_STRUCTURE)
def test_model_structure_is_keras_2s(report, key):
    assert report["keras3"][key] == report["keras2"][key]


def test_configs_hold_keras_2s_keys_and_values(report):
    for old, new in zip(report["keras2"]["configs"], report["keras3"]["configs"]):
        assert set(new) == set(old)
        for k, v in old.items():
            if isinstance(v, dict) and isinstance(new[k], dict):
                # Keras 3 initializers add keys of their own (input_axes).
                assert {a: b for a, b in new[k]["config"].items() if a in v["config"]} == v["config"], k
                assert new[k]["class_name"] == v["class_name"], k
            else:
                assert new[k] == v, k


def test_outputs_and_training_are_keras_2s(report):
    old, new = report["keras2"], report["keras3"]
    np.testing.assert_allclose(new["predict"], old["predict"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new["loss"], old["loss"], rtol=1e-5, atol=1e-6)
    for a, b in zip(old["trained"], new["trained"]):
        np.testing.assert_allclose(np.array(b), np.array(a), rtol=1e-4, atol=1e-5)


def test_save_and_load_in_one_program_as_keras_2(report):
    old, new = report["keras2"]["saved"], report["keras3"]["saved"]
    for fmt in (".keras", ".h5"):
        assert "error" not in old[fmt], "Keras 2 could not save and load: %s" % old[fmt]
        assert new[fmt] == old[fmt], fmt
    assert new["json"] == old["json"]


def test_random_fourier_features_saves_where_keras_2_could_not(report):
    # Keras 2 raises on loading any model holding it, so no program that ran
    # on Keras 2 did; the copy loads back.
    assert all("error" in v for v in report["keras2"]["saved_rff"].values())
    new = report["keras3"]["saved_rff"]
    assert new[".keras"]["same_predict"] and new[".h5"]["same_predict"]
    assert new["json"] == ["RandomFourierFeatures"]


def test_backend_function_is_keras_2s(report):
    old, new = report["function_keras2"], report["function_keras3"]
    assert set(new) == set(old)
    for case in old:
        assert new[case]["runs"] == old[case]["runs"], case
        compare_values(old[case]["value"], new[case]["value"], case)


def compare_values(old, new, where):
    assert new["type"] == old["type"], where
    if "items" in old:
        items = old["items"]
        assert (sorted(new["items"]) if isinstance(items, dict) else len(new["items"])) == (sorted(items) if isinstance(items, dict) else len(items)), where
        for k in (items if isinstance(items, dict) else range(len(items))):
            compare_values(items[k], new["items"][k], where)
        return
    assert new.get("dtype") == old.get("dtype"), where
    np.testing.assert_allclose(np.array(new["value"]), np.array(old["value"]), rtol=1e-5, atol=1e-6, err_msg=where)


def test_learning_phase_is_0_by_default(report):
    # What shim-only-api's fix writes for K.learning_phase() where nothing
    # sets the phase.
    assert report["learning_phase_keras2"] == 0
