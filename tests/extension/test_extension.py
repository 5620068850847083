"""%load_ext gokmig in a plain ipykernel, through jupyter_client: the
notices, the %gokmig magics, fix mode, and what happens when the
gokmig-kernel program is missing or dies.

The kernel is the venv's own ipykernel, started through a kernelspec in a
temporary JUPYTER_PATH (so no other python3 spec on the machine is used),
with python/ on PYTHONPATH and GOKMIG_KERNEL_BIN naming a freshly built
program. Under CI=true a missing piece fails; elsewhere it skips.
"""

import contextlib
import json
import os
import subprocess
import sys

import pytest

from kernel_helpers import (
    CLEAN_CELL, REPO, TIMEOUT, WARN_CELL_TF, build_program, children_of, converted_by_cli, iopub_until_idle,
    missing, notices, process_alive, run_cell, shell_reply, traceback_line,
)

PYTHON = REPO / ".venv" / "bin" / "python"

# Flagged statically (K301 on line 3) and never imports TensorFlow when it
# runs.
KERAS2_CELL = WARN_CELL_TF


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return build_program(tmp_path_factory.mktemp("bin") / "gokmig-kernel")


@pytest.fixture(scope="module")
def kernelspec(tmp_path_factory):
    """A python3 kernelspec running the venv's ipykernel, first on
    JUPYTER_PATH."""
    if not PYTHON.exists():
        missing(f"{PYTHON} is missing (run scripts/setup)")
    check = subprocess.run([PYTHON, "-c", "import ipykernel, jupyter_client"], capture_output=True, text=True)
    if check.returncode != 0:
        missing(f"{PYTHON} cannot import ipykernel and jupyter_client: {check.stderr}")
    try:
        import jupyter_client  # noqa: F401
    except ImportError:
        missing(f"{sys.executable} cannot import jupyter_client")
    data = tmp_path_factory.mktemp("jupyter")
    spec = data / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(PYTHON), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (venv)", "language": "python",
    }))
    return data


def start(kernelspec, bin_path, **kw):
    from jupyter_client.manager import start_new_kernel

    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(kernelspec)
    env["PYTHONPATH"] = str(REPO / "python") + os.pathsep + env.get("PYTHONPATH", "")
    env["GOKMIG_KERNEL_BIN"] = str(bin_path)
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(kernelspec)  # the manager looks the spec up here
    try:
        km, kc = start_new_kernel(kernel_name="python3", startup_timeout=TIMEOUT * 2, env=env, **kw)
    finally:
        if saved is None:
            del os.environ["JUPYTER_PATH"]
        else:
            os.environ["JUPYTER_PATH"] = saved
    assert km.kernel_spec.argv[0] == str(PYTHON)
    return km, kc


@contextlib.contextmanager
def running(kernelspec, program, **kw):
    """A plain ipykernel with the extension's program at program."""
    km, kc = start(kernelspec, program, **kw)
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.fixture
def kernel(kernelspec, program):
    with running(kernelspec, program) as (_, kc):
        yield kc


def stream(msgs, name):
    return "".join(m["content"]["text"] for m in msgs
                   if m["msg_type"] == "stream" and m["content"]["name"] == name)


def load(kc):
    reply, msgs = run_cell(kc, "%load_ext gokmig")
    assert reply["content"]["status"] == "ok", reply
    assert stream(msgs, "stderr") == ""


def test_notice_for_a_keras2_cell_and_none_for_a_clean_one(kernel):
    load(kernel)
    reply, msgs = run_cell(kernel, KERAS2_CELL)
    assert reply["content"]["status"] == "ok", reply
    shown = notices(msgs)
    assert len(shown) == 1, [m["msg_type"] for m in msgs]
    text, html = shown[0]["content"]["data"]["text/plain"], shown[0]["content"]["data"]["text/html"]
    assert "line 3:" in text and "K301" in text and "tf-keras-import" in text, text
    # The kernel's own notice: one open summary over collapsed findings,
    # the rule's documentation inline and named for the terminal.
    assert "K301" in html and html.startswith("<details open")
    assert "gokmig-kernel rules tf-keras-import" in html and "href" not in html
    findings = shown[0]["content"]["metadata"]["gokmig"]["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("K301", 3)]
    # Without a cell id from the frontend, the cell is named by its In[n].
    count = reply["content"]["execution_count"]
    assert [f["cell"] for f in findings] == [count]
    assert shown[0]["content"]["metadata"]["gokmig"]["execution_count"] == count
    reply, msgs = run_cell(kernel, CLEAN_CELL)
    assert reply["content"]["status"] == "ok" and notices(msgs) == []


def test_notice_names_the_cell_id_the_frontend_sent(kernel):
    load(kernel)
    for mode in ("warn", "fix"):
        run_cell(kernel, f"%gokmig {mode}")
        content = dict(code=KERAS2_CELL, silent=False, store_history=True, user_expressions={},
                       allow_stdin=False, stop_on_error=True)
        msg = kernel.session.msg("execute_request", content, metadata={"cellId": f"cell-{mode}"})
        kernel.shell_channel.send(msg)
        msgs = iopub_until_idle(kernel, msg["header"]["msg_id"])
        reply = shell_reply(kernel, msg["header"]["msg_id"])
        meta = notices(msgs)[0]["content"]["metadata"]["gokmig"]
        assert meta["cell_id"] == f"cell-{mode}", mode
        assert meta["execution_count"] == reply["content"]["execution_count"], mode
        assert meta["findings"] and all(f["cell"] == f"cell-{mode}" for f in meta["findings"]), mode


def test_cells_are_checked_in_context(kernel):
    load(kernel)
    # The cell alone does not say what tf is; once an earlier cell imported
    # tensorflow as tf, the same cell is Keras 2.
    cell = "if False:\n    m = tf.keras.layers.Dense(3)\n"
    _, msgs = run_cell(kernel, cell)
    assert notices(msgs) == []
    run_cell(kernel, "if False:\n    import tensorflow as tf\n")
    _, msgs = run_cell(kernel, cell)
    assert [f["code"] for n in notices(msgs) for f in n["content"]["metadata"]["gokmig"]["findings"]] == ["K301"]


def test_magics_answer_like_the_kernel_and_fix_mode_rewrites_the_cell(kernel, program, tmp_path):
    load(kernel)
    _, msgs = run_cell(kernel, "%gokmig fix")
    assert "gokmig mode is now fix" in notices(msgs)[0]["content"]["data"]["text/plain"]
    # The fixed cell is what runs: the code that Python executes prints its
    # own source, which must no longer say tf.keras.
    cell = ("import inspect\n"
            "if False:\n    import tensorflow as tf\n    m = tf.keras.layers.Dense(3)\n"
            "print(inspect.getsource(inspect.currentframe()))\n")
    reply, msgs = run_cell(kernel, cell)
    assert reply["content"]["status"] == "ok", reply
    ran = stream(msgs, "stdout")
    assert "    m = keras.layers.Dense(3)\n" in ran and "tf.keras" not in ran, ran
    # It ran on the cell's own lines (the added import shares the first).
    assert ran.count("\n") == cell.count("\n") + 1, ran
    # The frontend is asked to put the fixed code in the cell, as convert
    # writes it.
    payloads = [p for p in reply["content"]["payload"] if p["source"] == "set_next_input"]
    want = converted_by_cli(program, tmp_path, cell)
    assert want.count("\n") > cell.count("\n"), want
    assert [(p["text"], p["replace"]) for p in payloads] == [(want, True)], payloads
    # A cell that needs no fix is left alone.
    reply, _ = run_cell(kernel, CLEAN_CELL)
    assert reply["content"]["payload"] == []
    text = notices(msgs)[0]["content"]["data"]["text/plain"]
    assert "fix applied before running" in text or "fixes applied before running" in text, text
    _, msgs = run_cell(kernel, "%gokmig target multi")
    assert "gokmig target is now multi" in notices(msgs)[0]["content"]["data"]["text/plain"]
    _, msgs = run_cell(kernel, "%gokmig sideways")
    assert "not understood" in notices(msgs)[0]["content"]["data"]["text/plain"]
    _, msgs = run_cell(kernel, "%gokmig off")
    _, msgs = run_cell(kernel, KERAS2_CELL)
    assert notices(msgs) == []


@pytest.mark.parametrize("program_state,why_words", [
    ("missing", "cannot find the gokmig-kernel program"),
    ("not executable", "cannot start"),
    ("exits at once", "exited with status 2 before answering"),
])
def test_missing_program_lets_cells_run_and_says_why_once(kernelspec, tmp_path, program_state, why_words):
    program = tmp_path / "gokmig-kernel"
    if program_state == "not executable":
        program.write_text("")
        program.chmod(0o644)
    elif program_state == "exits at once":  # as one without 'serve' does
        program.write_text("#!/bin/sh\nexit 2\n")
        program.chmod(0o755)
    with running(kernelspec, program) as (km, kc):
        # The first cell after the load says why, under the load itself
        # (its own record is the first request).
        reply, loaded = run_cell(kc, "%load_ext gokmig")
        assert reply["content"]["status"] == "ok", reply
        reply, msgs = run_cell(kc, KERAS2_CELL + "print('ran')\n")
        assert reply["content"]["status"] == "ok" and stream(msgs, "stdout") == "ran\n"
        why = stream(loaded, "stderr") + stream(msgs, "stderr")
        assert why.count("\n") == 1 and why_words in why, why
        assert notices(msgs) == []
        reply, msgs = run_cell(kc, KERAS2_CELL + "print('again')\n")
        assert stream(msgs, "stdout") == "again\n" and stream(msgs, "stderr") == ""


def test_a_crashed_program_is_restarted_with_the_cells_that_ran(kernel):
    load(kernel)
    run_cell(kernel, "if False:\n    import tensorflow as tf\n")
    _, killed = run_cell(kernel, "import gokmig.ipython as g, os, signal\n"
                            "os.kill(next(iter(g._loaded.values())).checker.pid, signal.SIGKILL)\n")
    # The next cell runs; one line says the checker stopped, under the cell
    # whose record or check found it gone.
    reply, msgs = run_cell(kernel, "print('ran')\n")
    assert reply["content"]["status"] == "ok" and stream(msgs, "stdout") == "ran\n"
    why = stream(killed, "stderr") + stream(msgs, "stderr")
    assert why.count("\n") == 1 and "stopped" in why, why
    # The one after is checked again, in the context of the cells before
    # the crash (tf was imported there).
    _, msgs = run_cell(kernel, "if False:\n    m = tf.keras.layers.Dense(3)\n")
    assert [f["code"] for n in notices(msgs) for f in n["content"]["metadata"]["gokmig"]["findings"]] == ["K301"]


def test_a_program_that_never_answers_costs_a_bounded_wait(kernelspec, tmp_path):
    # A stand-in for checks stuck on odd code: it reads nothing and answers
    # nothing. The wait is lowered from the kernel's 10 s for the test.
    program = tmp_path / "gokmig-kernel"
    program.write_text("#!/bin/sh\nexec sleep 600\n")
    program.chmod(0o755)
    with running(kernelspec, program) as (km, kc):
        reply, msgs = run_cell(kc, "%load_ext gokmig\nimport gokmig.ipython as g\ng.CHECK_WAIT = 1\n")
        assert reply["content"]["status"] == "ok", reply
        reply, msgs = run_cell(kc, KERAS2_CELL + "print('ran')\n")
        assert reply["content"]["status"] == "ok" and stream(msgs, "stdout") == "ran\n"
        assert "took over 1 s" in stream(msgs, "stderr"), stream(msgs, "stderr")
        # Each stuck program was killed and reaped, not left behind.
        assert [pid for pid in children_of(km.provisioner.pid) if process_alive(pid)] == []


def test_pyproject_settings_set_the_starting_mode(kernelspec, program, tmp_path):
    # [tool.gokmig] in the kernel's working directory, as for the kernel.
    (tmp_path / "pyproject.toml").write_text('[tool.gokmig]\nmode = "fix"\ntarget = "multi"\n')
    with running(kernelspec, program, cwd=str(tmp_path)) as (_, kc):
        load(kc)
        _, msgs = run_cell(kc, "%gokmig status")
        status = notices(msgs)[0]["content"]["data"]["text/plain"]
        assert "mode is fix" in status and "target is multi" in status, status


def test_a_known_keras3_error_gets_the_kernels_explanation(kernel):
    load(kernel)
    # Real Keras 3 (numpy backend, no TensorFlow import) raises it; no static
    # rule sees the keyword, which arrives through a dict.
    cell = "import keras\nsettings = dict(lr=0.01)\nkeras.optimizers.Adam(**settings)\n"
    reply, msgs = run_cell(kernel, cell, timeout=120)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "ValueError"
    kinds = [m["msg_type"] for m in msgs]
    shown = [m for m in msgs if "gokmig_explanation" in m["content"].get("metadata", {})]
    assert len(shown) == 1, kinds
    assert kinds.index("error") < msgs.index(shown[0]), kinds
    assert shown[0]["content"]["metadata"]["gokmig_explanation"]["signature"] == "optimizer-legacy-arguments"
    assert "learning_rate" in shown[0]["content"]["data"]["text/plain"]
    _, msgs = run_cell(kernel, "1 / 0\n")
    assert not [m for m in msgs if "gokmig_explanation" in m["content"].get("metadata", {})]


# A Keras 2 cell whose fixes add a line (ThresholdedReLU is imported apart
# as ReLU), so that in the fixed cell every line after the import moves
# down by one, and which then fails on purpose.
FIX_CELL = (
    "from tensorflow.keras.layers import Input, Dense, ThresholdedReLU\n"
    "x = Input(shape=(4,))\n"
    "y = ThresholdedReLU(theta=0.5)(x)\n"
    'raise ValueError("stop here")\n'
)
RAISE = 'raise ValueError("stop here")'


def test_fix_mode_traceback_points_at_the_text_the_cell_keeps(kernel, program, tmp_path):
    want = converted_by_cli(program, tmp_path, FIX_CELL)
    raise_line = FIX_CELL.splitlines().index(RAISE) + 1
    # The fixes add a line: in the fixed cell the raise moved down.
    assert want.splitlines().index(RAISE) + 1 == raise_line + 1, want
    load(kernel)
    run_cell(kernel, "%gokmig fix")
    reply, msgs = run_cell(kernel, FIX_CELL, timeout=120)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "ValueError", reply["content"]
    assert stream(msgs, "stderr") == ""
    # The reply offers the fixed code; JupyterLab applies it only to a
    # reply whose status is ok, so this cell keeps its text ...
    payloads = [p for p in reply["content"]["payload"] if p["source"] == "set_next_input"]
    assert [(p["text"], p["replace"]) for p in payloads] == [(want, True)], payloads
    # ... and the traceback names the raise's line in that text.
    line, header = traceback_line(msgs)
    assert line == raise_line, header
    # The notice went out numbered as the fixed cell; once the cell raised
    # it was replaced by one saying that the cell keeps its code, numbering
    # what ran as the traceback counts.
    (found,) = notices(msgs)
    meta = found["content"]["metadata"]["gokmig"]
    assert meta["change"]["after"] == want and meta["change"]["kept"] is False
    display_id = found["content"]["transient"]["display_id"]
    updates = [m for m in msgs if m["msg_type"] == "update_display_data"]
    assert len(updates) == 1, [m["msg_type"] for m in msgs]
    update = updates[0]["content"]
    assert update["transient"]["display_id"] == display_id
    assert msgs.index(updates[0]) > next(i for i, m in enumerate(msgs) if m["msg_type"] == "error")
    meta = update["metadata"]["gokmig"]
    assert meta["change"]["kept"] is True and meta["change"]["lines_preserved"] is True
    assert meta["change"]["ran"].splitlines()[raise_line - 1] == RAISE
    text = update["data"]["text/plain"]
    assert "keeps your code" in text and f"{raise_line}   {RAISE}" in text, text
    lines = FIX_CELL.splitlines()
    removed = [f for f in meta["findings"] if "removed `ThresholdedReLU`" in f["message"]]
    assert any("ThresholdedReLU(theta=0.5)" in lines[f["line"] - 1] for f in removed), removed
    # A cell that runs without error keeps its notice as it went out.
    reply, msgs = run_cell(kernel, FIX_CELL.replace(RAISE + "\n", ""), timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert notices(msgs) and not [m for m in msgs if m["msg_type"] == "update_display_data"]


# The fix adds `import keras` above a compound statement, which no other
# statement can share a line with: the import runs first, on its own.
FIRST_CELL = "if False:\n    import tensorflow as tf\n"
COMPOUND_CELL = "if False:\n    layer = tf.keras.layers.Dense(4)\nraise ValueError('boom')\n"


def test_fix_mode_runs_imports_added_above_a_compound_statement_first(kernel):
    load(kernel)
    run_cell(kernel, "%gokmig fix")
    reply, _ = run_cell(kernel, FIRST_CELL)
    count = reply["content"]["execution_count"]
    reply, msgs = run_cell(kernel, COMPOUND_CELL, timeout=120)
    assert reply["content"]["status"] == "error" and reply["content"]["execution_count"] == count + 1
    assert stream(msgs, "stderr") == ""
    (payload,) = [p for p in reply["content"]["payload"] if p["source"] == "set_next_input"]
    assert payload["text"] == "import keras\n" + COMPOUND_CELL.replace("tf.keras", "keras")
    line, header = traceback_line(msgs)
    assert line == 3, header
    (update,) = [m for m in msgs if m["msg_type"] == "update_display_data"]
    meta = update["content"]["metadata"]["gokmig"]
    assert meta["change"]["prelude"] == "import keras\n" and meta["change"]["kept"] is True
    assert "ran first on their own" in update["content"]["data"]["text/plain"]
    # The import ran in the user's namespace, and counted no cell.
    reply, msgs = run_cell(kernel, "print(keras.__name__)")
    assert reply["content"]["status"] == "ok" and reply["content"]["execution_count"] == count + 2
    assert stream(msgs, "stdout") == "keras\n"


def test_fix_mode_says_in_one_line_when_the_added_imports_fail(kernel):
    load(kernel)
    run_cell(kernel, "%gokmig fix")
    run_cell(kernel, FIRST_CELL)
    # `import keras` now fails as a missing module does.
    run_cell(kernel, "import sys\nsys.modules['keras'] = None\n")
    reply, msgs = run_cell(kernel, COMPOUND_CELL.replace("raise ValueError('boom')", "print('ran')"))
    # The cell still runs, as the kernel runs it.
    assert reply["content"]["status"] == "ok", reply["content"]
    assert stream(msgs, "stdout") == "ran\n"
    why = stream(msgs, "stderr")
    assert why.count("\n") == 1 and "(import keras), failed" in why and "ModuleNotFoundError" in why, why
