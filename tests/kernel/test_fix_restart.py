"""Fix mode edits the notebook, settings survive a restart, and notices say
which cell they are about."""

import json
import os
import queue
import time

from kernel_helpers import (
    KERNEL, KERNEL_FIX, WARN_CELL_TF, converted_by_cli, gokmig, iopub_until_idle, notices, run_cell,
    shell_reply, start_kernel, stop_kernel, traceback_line,
)

# A Keras 2 cell whose fixes add a line (ThresholdedReLU is imported apart
# as ReLU), so that in the converted cell every line after the import
# moves down by one, and which then fails on purpose.
FIX_CELL = (
    "from tensorflow.keras.layers import Input, Dense, ThresholdedReLU\n"
    "x = Input(shape=(4,))\n"
    "y = ThresholdedReLU(theta=0.5)(x)\n"
    'raise ValueError("stop here")\n'
)
RAISE = 'raise ValueError("stop here")'

# Flagged only for target multi: a TensorFlow op next to Keras code.
MULTI_CELL = (
    "if False:\n"
    "    import tensorflow as tf\n"
    "    import keras\n"
    "    m = keras.ops.ones((2, 3))\n"
    "    s = tf.reduce_sum(m, axis=1)\n"
)


def execute_with_metadata(kc, code, metadata, timeout=120):
    """An execute_request carrying request metadata, as JupyterLab sends
    its cellId."""
    content = dict(code=code, silent=False, store_history=True, user_expressions={},
                   allow_stdin=False, stop_on_error=True)
    msg = kc.session.msg("execute_request", content, metadata=metadata)
    kc.shell_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    msgs = iopub_until_idle(kc, msg_id, timeout)
    return shell_reply(kc, msg_id, timeout), msgs


def converted_notebook_cells(binary, tmp_path, cells):
    """The cells of a notebook as `gokmig-kernel convert` writes them."""
    path = tmp_path / "cells.ipynb"
    path.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                   "source": src} for i, src in enumerate(cells)],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }))
    result = gokmig(binary, "convert", str(path))
    assert result.returncode == 0, result.stderr
    out = json.loads(path.read_text())["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in out]


def replacements(reply):
    return [p for p in reply["content"].get("payload", []) if p.get("source") == "set_next_input"]


def test_fix_mode_puts_the_fixed_code_in_the_cell(jupyter_data, gokmig_binary, tmp_path):
    # The cell without its raise runs without error: the reply asks the
    # frontend to replace the cell with the code convert writes.
    ok_cell = FIX_CELL.replace(RAISE + "\n", "")
    want = converted_by_cli(gokmig_binary, tmp_path, ok_cell)
    assert want != ok_cell and want.count("\n") != ok_cell.count("\n")
    km, kc = start_kernel(KERNEL_FIX)
    try:
        reply, msgs = run_cell(kc, ok_cell)
        assert reply["content"]["status"] == "ok", reply["content"]
        (payload,) = replacements(reply)
        assert payload["replace"] is True and payload["text"] == want
        # The notice numbers the cell as it now reads, and stays as it is.
        (found,) = notices(msgs)
        meta = found["content"]["metadata"]["gokmig"]
        assert meta["change"]["after"] == want and meta["change"]["kept"] is False
        assert not [m for m in msgs if m["msg_type"] == "update_display_data"]
        want_lines = want.splitlines()
        assert all(1 <= f["line"] <= len(want_lines) for f in meta["findings"])
        removed = [f for f in meta["findings"] if "removed `ThresholdedReLU`" in f["message"]]
        assert any("ReLU(threshold=0.5)" in want_lines[f["line"] - 1] for f in removed), removed
    finally:
        stop_kernel(km, kc)


def test_fix_mode_traceback_points_at_the_text_the_cell_keeps(jupyter_data, gokmig_binary, tmp_path):
    want = converted_by_cli(gokmig_binary, tmp_path, FIX_CELL)
    # The fixes add a line: in the converted cell the raise moved down.
    raise_line = FIX_CELL.splitlines().index(RAISE) + 1
    assert want.splitlines().index(RAISE) + 1 != raise_line
    km, kc = start_kernel(KERNEL_FIX)
    try:
        reply, msgs = execute_with_metadata(kc, FIX_CELL, {"cellId": "cell-7f3a"})
        assert reply["content"]["status"] == "error", reply["content"]
        assert reply["content"]["ename"] == "ValueError"

        # The reply still offers the code convert writes; JupyterLab applies
        # it only to a reply whose status is ok, so this cell keeps its text.
        payload = replacements(reply)
        assert len(payload) == 1, reply["content"]["payload"]
        assert payload[0]["replace"] is True and payload[0]["text"] == want

        # What ran is the fixed code on the lines of the cell as written, so
        # the traceback names the raise's line in the text the cell keeps.
        ran = next(m for m in msgs if m["msg_type"] == "execute_input")["content"]["code"]
        assert ran != want and "tensorflow" not in ran.split("\n")[0]
        assert ran.splitlines()[raise_line - 1] == RAISE
        line, header = traceback_line(msgs)
        assert line == raise_line, header

        # The notice went out numbered as the converted cell, and once the
        # cell raised it was updated to say the cell keeps its code, with
        # what ran numbered as the traceback counts.
        (found,) = notices(msgs)
        display_id = found["content"]["transient"]["display_id"]
        meta = found["content"]["metadata"]["gokmig"]
        assert meta["change"]["before"] == FIX_CELL and meta["change"]["after"] == want
        assert meta["change"]["kept"] is False
        assert meta["cell_id"] == "cell-7f3a"
        assert meta["findings"] and all(f["cell"] == "cell-7f3a" for f in meta["findings"])
        updates = [m for m in msgs if m["msg_type"] == "update_display_data"]
        assert len(updates) == 1
        update = updates[0]["content"]
        assert update["transient"]["display_id"] == display_id
        meta = update["metadata"]["gokmig"]
        assert meta["change"]["kept"] is True and meta["change"]["lines_preserved"] is True
        assert meta["change"]["ran"] == ran
        text = update["data"]["text/plain"]
        assert "keeps your code" in text and "line numbers are those of your cell" in text
        assert f"{raise_line}   {RAISE}" in text, text
        # Findings are numbered as the cell the user sees: the rewritten
        # call on the line where the cell has ThresholdedReLU.
        lines = FIX_CELL.splitlines()
        assert all(1 <= f["line"] <= len(lines) for f in meta["findings"])
        removed = [f for f in meta["findings"] if "removed `ThresholdedReLU`" in f["message"]]
        assert any("ThresholdedReLU(theta=0.5)" in lines[f["line"] - 1] for f in removed), removed

        # A clean cell is left alone: no replacement.
        reply, msgs = run_cell(kc, "z = 1\n")
        assert replacements(reply) == []
    finally:
        stop_kernel(km, kc)


def all_iopub_until_idle(kc, msg_id, timeout=120):
    """Every IOPub message until msg_id's idle, whatever its parent."""
    deadline = time.monotonic() + timeout
    out = []
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        out.append(msg)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return out
    raise AssertionError(f"no idle for {msg_id}; got {[m['msg_type'] for m in out]}")


# The fix adds `import keras` above a compound statement, which no other
# statement can share a line with: the import runs first, on its own.
COMPOUND_CELL = "if False:\n    layer = tf.keras.layers.Dense(4)\nraise ValueError('boom')\n"


def test_fix_mode_runs_imports_added_above_a_compound_statement_first(jupyter_data, gokmig_binary, tmp_path):
    first = "if False:\n    import tensorflow as tf\n"
    want = converted_notebook_cells(gokmig_binary, tmp_path, [first, COMPOUND_CELL])[1]
    assert want.startswith("import keras\n"), want
    km, kc = start_kernel(KERNEL_FIX)
    try:
        reply, _ = run_cell(kc, first)
        count = reply["content"]["execution_count"]
        msg_id = kc.execute(COMPOUND_CELL)
        msgs = all_iopub_until_idle(kc, msg_id)
        reply = shell_reply(kc, msg_id, 120)
        # The frontend sees nothing of the imports' own execution.
        assert all(m["parent_header"].get("msg_id") == msg_id for m in msgs), \
            [(m["msg_type"], m["parent_header"].get("msg_id")) for m in msgs]
        assert reply["content"]["status"] == "error" and reply["content"]["execution_count"] == count + 1
        (payload,) = replacements(reply)
        assert payload["text"] == want
        ran = next(m for m in msgs if m["msg_type"] == "execute_input")["content"]["code"]
        assert ran == COMPOUND_CELL.replace("tf.keras", "keras"), ran
        line, header = traceback_line(msgs)
        assert line == 3, header
        (update,) = [m for m in msgs if m["msg_type"] == "update_display_data"]
        meta = update["content"]["metadata"]["gokmig"]
        assert meta["change"]["prelude"] == "import keras\n" and meta["change"]["kept"] is True
        assert "ran first on their own" in update["content"]["data"]["text/plain"]
        # The import ran in the user's namespace, and counted no cell.
        reply, msgs = run_cell(kc, "print(keras.__name__)")
        assert reply["content"]["status"] == "ok" and reply["content"]["execution_count"] == count + 2
        assert "keras" in "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    finally:
        stop_kernel(km, kc)


def test_fix_mode_keeps_the_magic_line_in_the_cell(jupyter_data):
    km, kc = start_kernel(KERNEL)
    try:
        code = "%gokmig fix\n" + WARN_CELL_TF
        reply, msgs = run_cell(kc, code)
        assert reply["content"]["status"] == "ok", reply["content"]
        (payload,) = replacements(reply)
        lines = payload["text"].splitlines()
        assert lines[0] == "%gokmig fix"
        assert "tf.keras" not in payload["text"] and "keras.layers.Dense(3)" in payload["text"]
        # Without a cell id, findings name the cell by its execution count.
        meta = notices(msgs)[0]["content"]["metadata"]["gokmig"]
        count = reply["content"]["execution_count"]
        assert meta["cell_id"] is None and meta["execution_count"] == count
        assert meta["findings"] and all(f["cell"] == count for f in meta["findings"])
    finally:
        stop_kernel(km, kc)


def test_restart_keeps_mode_and_target(jupyter_data):
    km, kc = start_kernel(KERNEL)
    state = km.connection_file + ".gokmig.json"
    try:
        reply, msgs = run_cell(kc, MULTI_CELL)
        assert notices(msgs) == [], "target tf leaves TensorFlow ops alone"
        run_cell(kc, "%gokmig target multi")
        assert json.loads(open(state).read()) == {"mode": "warn", "target": "multi"}

        run_cell(kc, "%gokmig fix")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        assert "(mode fix)" in kc.kernel_info(reply=True, timeout=30)["content"]["banner"]
        reply, msgs = run_cell(kc, MULTI_CELL)
        found = notices(msgs)
        assert len(found) == 1, [m["msg_type"] for m in msgs]
        meta = found[0]["content"]["metadata"]["gokmig"]
        assert meta["target"] == "multi" and meta["mode"] == "fix"
        assert any(f["code"] == "K501" for f in meta["findings"])
        text = found[0]["content"]["data"]["text/plain"]
        assert "After the restart" in text and "mode fix, target multi" in text
        # Said once, on the first cell only.
        reply, msgs = run_cell(kc, MULTI_CELL)
        assert "After the restart" not in notices(msgs)[0]["content"]["data"]["text/plain"]
    finally:
        stop_kernel(km, kc)
    # A shutdown that is not a restart ends the session's settings.
    assert not os.path.exists(state)

    # A fresh kernel starts from the kernelspec's defaults.
    km, kc = start_kernel(KERNEL)
    try:
        reply, msgs = run_cell(kc, MULTI_CELL)
        assert notices(msgs) == []
    finally:
        stop_kernel(km, kc)


def test_install_target_sets_the_kernelspec_default(jupyter_data, gokmig_binary, kernel_python):
    prefix = jupyter_data.parent.parent
    name = "gokmig-test-multi"
    result = gokmig(gokmig_binary, "install", "--prefix", str(prefix), "--name", name,
                    "--python", kernel_python, "--target", "multi")
    assert result.returncode == 0, result.stderr
    argv = json.loads((jupyter_data / "kernels" / name / "kernel.json").read_text())["argv"]
    assert argv[argv.index("--target") + 1] == "multi"
    km, kc = start_kernel(name)
    try:
        reply, msgs = run_cell(kc, MULTI_CELL)
        found = notices(msgs)
        assert len(found) == 1
        assert found[0]["content"]["metadata"]["gokmig"]["target"] == "multi"
        # A fresh start on the kernelspec's own settings says nothing about
        # a restart.
        assert "After the restart" not in found[0]["content"]["data"]["text/plain"]
    finally:
        stop_kernel(km, kc)


# Keras 3 removed RadialConstraint: the fix inserts a local copy of the
# class, many lines that no line of the cell can hold. The class runs first,
# on its own, after a copy of the cell's leading imports.
POLYFILL_CELL = (
    "from tensorflow import keras\n"
    "constraint = keras.constraints.RadialConstraint()\n"
    "raise ValueError('boom')\n"
)


def test_fix_mode_runs_an_inserted_class_first_and_keeps_the_lines(jupyter_data, gokmig_binary, tmp_path):
    (want,) = converted_notebook_cells(gokmig_binary, tmp_path, [POLYFILL_CELL])
    assert "class RadialConstraint(" in want, want
    km, kc = start_kernel(KERNEL_FIX)
    try:
        msg_id = kc.execute(POLYFILL_CELL)
        msgs = all_iopub_until_idle(kc, msg_id)
        reply = shell_reply(kc, msg_id, 300)
        assert reply["content"]["status"] == "error"
        (payload,) = replacements(reply)
        assert payload["text"] == want
        line, header = traceback_line(msgs)
        assert line == 3, header
        (update,) = [m for m in msgs if m["msg_type"] == "update_display_data"]
        prelude = update["content"]["metadata"]["gokmig"]["change"]["prelude"]
        assert prelude.startswith("import keras\n") and "class RadialConstraint(" in prelude, prelude
        # The class ran in the user's namespace, and the cell used it.
        reply, msgs = run_cell(kc, "print(type(constraint).__name__, type(constraint).__module__)")
        assert reply["content"]["status"] == "ok"
        assert "RadialConstraint __main__" in "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    finally:
        stop_kernel(km, kc)
