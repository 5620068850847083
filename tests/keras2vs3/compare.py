"""Runs a script of this folder that imports Keras 2 (tf_keras) and Keras 3
(keras) side by side on the TensorFlow backend, and returns the JSON it
prints. Under CI=true a missing TensorFlow, Keras or tf_keras is a failure;
elsewhere the test skips."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def run_script(name):
    for module in ("tensorflow", "keras", "tf_keras"):
        if importlib.util.find_spec(module) is None:
            reason = "%s is not importable: install the test environment (scripts/setup)" % module
            if os.environ.get("CI") == "true":
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
    env.pop("TF_USE_LEGACY_KERAS", None)
    proc = subprocess.run([sys.executable, os.path.join(HERE, name)], env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, "%s failed:\n%s" % (name, proc.stderr[-3000:])
    return json.loads(proc.stdout)
