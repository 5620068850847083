"""Runtime explanations: a cell whose error is a known Keras 3 failure gets,
after the error and before its idle, a short explanation with the fix and
the rule's offline documentation, whether or not the static rules flagged it.

The errors raised here are the exact ones real Keras 3 raised in the runtime
corpus (kernel/explain/testdata/real_errors.json, written by
scripts/gen-explain-testdata.py from the corpus report), and one raised by
real Keras in the cell itself.
"""

import json

from kernel_helpers import KERNEL_FIX, REPO, notices, run_cell, start_kernel, stop_kernel

REAL_ERRORS = REPO / "kernel" / "explain" / "testdata" / "real_errors.json"
SIGNATURES = REPO / "kernel" / "explain" / "signatures.json"


def explanations(msgs):
    return [m for m in msgs if m["msg_type"] == "display_data"
            and "gokmig_explanation" in m["content"].get("metadata", {})]


def raising_cell(ename, evalue):
    """A cell raising an exception named ename with the message evalue (a
    builtin class, else a class of that name)."""
    return (
        "import builtins\n"
        f"_cls = getattr(builtins, {ename!r}, None) or type({ename!r}, (Exception,), {{}})\n"
        f"raise _cls({evalue!r})\n"
    )


def check_order(msgs):
    """The explanation comes after the error and before the idle, once."""
    kinds = [m["msg_type"] for m in msgs]
    found = explanations(msgs)
    assert len(found) == 1, kinds
    at = msgs.index(found[0])
    assert kinds.index("error") < at < len(msgs) - 1, kinds
    assert kinds[-1] == "status" and msgs[-1]["content"]["execution_state"] == "idle"
    return found[0]


def test_every_real_keras3_error_is_explained(shared_kernel):
    km, kc = shared_kernel
    errors = json.loads(REAL_ERRORS.read_text())["errors"]
    signatures = {s["id"] for s in json.loads(SIGNATURES.read_text())["signatures"]}
    shown = set()
    for e in errors:
        reply, msgs = run_cell(kc, raising_cell(e["ename"], e["evalue"]))
        assert reply["content"]["status"] == "error", e["source"]
        error = next(m for m in msgs if m["msg_type"] == "error")
        assert error["content"]["ename"] == e["ename"] and error["content"]["evalue"] == e["evalue"]
        found = check_order(msgs)
        meta = found["content"]["metadata"]["gokmig_explanation"]
        text = found["content"]["data"]["text/plain"]
        assert meta["fix"] in text and meta["changed"] in text, e["source"]
        assert "gokmig-kernel rules" in text and "http" not in text, e["source"]
        assert found["parent_header"]["msg_id"] == reply["parent_header"]["msg_id"]
        shown.add(meta["signature"])
    # Every signature was shown for some real error, in a real kernel.
    assert shown == signatures, signatures - shown


def test_real_keras_error_unflagged_by_the_rules_is_explained(shared_kernel):
    # The keyword arrives through a dict, so no static rule can see it; real
    # Keras 3 (numpy backend: no TensorFlow import) rejects it when it runs.
    km, kc = shared_kernel
    cell = "import keras\nsettings = dict(lr=0.01)\nkeras.optimizers.Adam(**settings)\n"
    reply, msgs = run_cell(kc, cell, timeout=120)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "ValueError"
    assert all(not n["content"]["metadata"]["gokmig"]["findings"] for n in notices(msgs))
    found = check_order(msgs)
    assert found["content"]["metadata"]["gokmig_explanation"]["signature"] == "optimizer-legacy-arguments"
    assert "learning_rate" in found["content"]["data"]["text/plain"]


def test_other_errors_and_off_mode_get_no_explanation(shared_kernel):
    km, kc = shared_kernel
    reply, msgs = run_cell(kc, "1 / 0\n")
    assert reply["content"]["status"] == "error" and explanations(msgs) == []
    real = json.loads(REAL_ERRORS.read_text())["errors"][0]
    run_cell(kc, "%gokmig off\n")
    try:
        reply, msgs = run_cell(kc, raising_cell(real["ename"], real["evalue"]))
        assert reply["content"]["status"] == "error" and explanations(msgs) == []
    finally:
        run_cell(kc, "%gokmig warn\n")


def test_fix_mode_explains_too(jupyter_data):
    km, kc = start_kernel(KERNEL_FIX)
    try:
        real = json.loads(REAL_ERRORS.read_text())["errors"][0]
        reply, msgs = run_cell(kc, raising_cell(real["ename"], real["evalue"]))
        assert reply["content"]["status"] == "error"
        check_order(msgs)
    finally:
        stop_kernel(km, kc)
