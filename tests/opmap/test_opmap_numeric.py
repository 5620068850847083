"""The op table (cellfix/opmap/opmap.tsv, behind tf-op-to-keras-ops K501)
verified on numbers: every row marked safe runs as the TensorFlow op and as
its keras.ops replacement on the same random inputs (float and integer
tensors of several shapes where the op takes them), under the TensorFlow
and the JAX backends (one process each: KERAS_BACKEND acts at import), and
the results must agree in structure, shape, kind of dtype and value. A row
that disagrees is demoted in the table (unsafe or report-only) with the
reason in its note. See opcheck.py for how the calls are built.

Under CI=true a missing TensorFlow, Keras or JAX is a failure; elsewhere the
tests skip.
"""

import concurrent.futures
import importlib.util
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
BACKENDS = ("tensorflow", "jax")
# An unsafe row whose note says why it is not exact (TensorFlow's integer
# mean is an integer): the check must find that disagreement too.
KNOWN_DISAGREEMENT = "tf.reduce_mean"


def run_opcheck(backend):
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="2", PYTHONHASHSEED="0")
    env.pop("TF_USE_LEGACY_KERAS", None)
    if backend == "jax":
        # XLA compiling each op for each shape is most of the JAX run's
        # time; these cases need no optimised code.
        env["XLA_FLAGS"] = "--xla_backend_optimization_level=0 --xla_llvm_disable_expensive_passes=true"
    proc = subprocess.run([sys.executable, os.path.join(HERE, "opcheck.py"), "--also", KNOWN_DISAGREEMENT],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, "opcheck.py on %s failed:\n%s" % (backend, proc.stderr[-3000:])
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def results():
    for module, package in (("tensorflow", "tensorflow-cpu"), ("keras", "keras"), ("jax", "jax[cpu]")):
        if importlib.util.find_spec(module) is None:
            reason = "%s is not importable: install %s (scripts/setup)" % (module, package)
            if os.environ.get("CI") == "true":
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)
    # The two backends in parallel: each is mostly TensorFlow's import.
    with concurrent.futures.ThreadPoolExecutor(len(BACKENDS)) as pool:
        return dict(zip(BACKENDS, pool.map(run_opcheck, BACKENDS)))


@pytest.mark.parametrize("backend", BACKENDS)
def test_safe_rows_agree_on_numbers(results, backend):
    report = results[backend]
    assert report["backend"] == backend
    safe = [r for r in report["rows"] if r["safety"] == "safe"]
    assert len(safe) >= 100, "fewer safe rows than expected: %d" % len(safe)
    untested = [r["tf"] for r in safe if r["cases"] == 0]
    assert not untested, "safe rows with no numeric case (add one to opcheck.py): %s" % untested
    wrong = ["opmap.tsv:%d %s\n    %s" % (r["line"], r["tf"], "\n    ".join(r["problems"][:3]))
             for r in safe if r["problems"]]
    print("%s: %d safe rows, %d cases, %.1f s of CPU for the checks" % (
        backend, len(safe), sum(r["cases"] for r in safe), report["cpu_seconds"]))
    assert not wrong, ("rows marked safe whose Keras replacement disagrees with TensorFlow on %s "
                       "(demote them to unsafe or report with the reason in the note):\n%s"
                       % (backend, "\n".join(wrong)))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_known_disagreement_is_caught(results, backend):
    row = next(r for r in results[backend]["rows"] if r["tf"] == KNOWN_DISAGREEMENT)
    assert row["safety"] != "safe"
    assert any("dtype int32, Keras float" in p for p in row["problems"]), row["problems"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_known_disagreement_is_only_on_integers(results, backend):
    """tf-op-on-keras-tensor makes tf.reduce_mean → keras.ops.mean safe on
    the output of a float layer: that holds while the row agrees on every
    float case and differs only where the input is an integer tensor."""
    row = next(r for r in results[backend]["rows"] if r["tf"] == KNOWN_DISAGREEMENT)
    assert row["cases"] > len(row["problems"]), "no float case agrees: %s" % row["problems"]
    other = [p for p in row["problems"] if not p.startswith("case input_tensor=int")]
    assert not other, "tf.reduce_mean differs on more than integers:\n%s" % "\n".join(other)
