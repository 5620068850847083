"""Helpers shared by the kernel tests: names of the test kernelspecs, cells
that do and do not warn, and jupyter_client helpers with bounded waits."""

import os
import pathlib
import queue
import re
import subprocess
import time

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def in_ci():
    """CI=true, exactly, as internal/testenv decides for the Go tests."""
    return os.environ.get("CI") == "true"


# Kernelspec names installed for the session (see conftest.jupyter_data).
KERNEL = "gokmig-test"
KERNEL_FIX = "gokmig-test-fix"
KERNEL_PLAIN = "python3-plain"
KERNEL_UPSTREAM = "gokmig-test-upstream"

# Keras 3 needs a backend; the kernel tests never load TensorFlow.
os.environ.setdefault("KERAS_BACKEND", "numpy")

# Every wait in these tests is bounded: a hang fails the test instead of
# stalling the run.
STARTUP_TIMEOUT = 60
TIMEOUT = 30

# Keras 2 cells that gokmig flags but that never import TensorFlow when they
# run: these tests are about the kernel, and a real TensorFlow import costs
# seconds and writes timestamped log lines that differ from run to run.
WARN_CELL = "if False:\n    from tensorflow import keras\n    model = keras.Sequential()\n"
WARN_CELL_TF = "if False:\n    import tensorflow as tf\n    m = tf.keras.layers.Dense(3)\n"
CLEAN_CELL = "x = 1\n"


def missing(reason):
    """Fail under CI, skip elsewhere."""
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def build_program(out):
    """Builds gokmig-kernel from this checkout into out."""
    import shutil

    go = shutil.which("go")
    if go is None:
        missing("the Go toolchain is not on PATH")
    result = subprocess.run(
        [go, "build", "-o", str(out), "./cmd/gokmig-kernel"],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    if result.returncode != 0:
        pytest.fail(f"go build failed:\n{result.stderr}", pytrace=False)
    return out


def gokmig(binary, *args, env=None, timeout=120):
    return subprocess.run(
        [str(binary), *args], capture_output=True, text=True, timeout=timeout, env=env,
    )


def start_kernel(name=KERNEL, **kw):
    from jupyter_client.manager import start_new_kernel

    return start_new_kernel(kernel_name=name, startup_timeout=STARTUP_TIMEOUT, **kw)


def stop_kernel(km, kc):
    kc.stop_channels()
    if km.has_kernel:
        km.shutdown_kernel(now=False)


def iopub_until_idle(kc, msg_id, timeout=TIMEOUT):
    """All IOPub messages parented to msg_id, from busy through idle."""
    deadline = time.monotonic() + timeout
    out = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no idle for {msg_id} within {timeout}s; got {[m['msg_type'] for m in out]}")
        try:
            msg = kc.get_iopub_msg(timeout=remaining)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        out.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no shell reply to {msg_id} within {timeout}s")
        try:
            msg = kc.get_shell_msg(timeout=remaining)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def run_cell(kc, code, timeout=TIMEOUT, **kw):
    """Executes code; returns (reply, IOPub messages busy..idle)."""
    msg_id = kc.execute(code, **kw)
    msgs = iopub_until_idle(kc, msg_id, timeout)
    reply = shell_reply(kc, msg_id, timeout)
    return reply, msgs


def notices(msgs):
    """The gokmig notices among a cell's IOPub messages."""
    return [
        m for m in msgs
        if m["msg_type"] == "display_data" and "gokmig" in m["content"].get("metadata", {})
    ]


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def children_of(pid):
    """Direct child pids of pid, from /proc."""
    kids = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().split(")")[-1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            kids.append(int(entry.name))
    return kids


def wait_for(predicate, timeout=TIMEOUT, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()



def converted_by_cli(binary, tmp_path, code):
    """The cell as `gokmig-kernel convert` writes it, as a script."""
    script = tmp_path / "cell.py"
    script.write_text(code)
    result = gokmig(binary, "convert", str(script))
    assert result.returncode == 0, result.stderr
    return script.read_text()


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def traceback_line(msgs):
    """The cell line a traceback names ("Cell In[3], line 4")."""
    error = next(m for m in msgs if m["msg_type"] == "error")
    header = ANSI.sub("", "\n".join(error["content"]["traceback"]))
    return int(re.search(r"In\[\d+\], line (\d+)", header).group(1)), header
