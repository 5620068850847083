"""Pathological cells: whatever a cell holds, its notice stays small, the
proxy's memory stays bounded and the cell's idle arrives."""

import json

import pytest

from kernel_helpers import notices, run_cell

# What a notice may weigh in all its forms (the kernel's own bound).
NOTICE_LIMIT = 256 * 1024
# The proxy's peak resident memory. Before the bounds, the one-line cell of
# 2,000 calls took it to 1.9 GB and 10,000 calls to 22.9 GB.
PROXY_PEAK_LIMIT = 200 * 1024 * 1024

# The cells fail before importing TensorFlow: what they cost the child is
# not the point, what their checks cost the proxy is.
PREFIX = "raise RuntimeError('checked, not run')\nimport tensorflow as tf\n"


def calls(n, sep, before="", after=""):
    return PREFIX + before + sep.join(f"tf.keras.layers.Dense({i})" for i in range(n)) + "\n" + after


CELLS = {
    # Checked (under the size bounds): the notice shows some findings and
    # counts the rest.
    "one line, 500 calls": (calls(500, "; "), "checked"),
    "4000 lines": (calls(4000, "\n"), "checked"),
    # Over the bounds of a line or a cell: they run unchecked, and the
    # notice says so in one line.
    "one line, 2000 calls": (calls(2000, "; "), "unchecked"),
    "one line, 10000 calls": (calls(10_000, "; "), "unchecked"),
    # IPython itself takes minutes over 5 MB of code lines; in a string
    # they cost it seconds.
    "5 MB of lines": (calls(190_000, "\n", 'layers = """\n', '"""\n'), "unchecked"),
}


def peak_memory(pid):
    """VmHWM of a process, in bytes."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM in /proc/status")


@pytest.mark.parametrize("name", list(CELLS))
def test_pathological_cell_gets_a_bounded_notice(fresh_kernel, name):
    km, kc = fresh_kernel
    code, outcome = CELLS[name]
    reply, msgs = run_cell(kc, code, timeout=120)  # fails if idle never comes
    assert reply["content"]["ename"] == "RuntimeError"
    found = notices(msgs)
    assert len(found) == 1, [m["msg_type"] for m in msgs]
    content = found[0]["content"]
    size = len(json.dumps(content).encode())
    peak = peak_memory(km.provisioner.process.pid)
    print(f"{name}: cell {len(code)} bytes, notice {size} bytes, proxy VmHWM {peak >> 20} MiB")
    assert size <= NOTICE_LIMIT
    assert peak <= PROXY_PEAK_LIMIT, f"proxy peaked at {peak >> 20} MiB"
    text = content["data"]["text/plain"]
    meta = content["metadata"]["gokmig"]
    if outcome == "checked":
        total = code.count("tf.keras.layers.Dense")
        shown = len(meta["findings"])
        assert 0 < shown < total
        assert shown + meta["omitted"] == total
        assert f"… and {meta['omitted']} more" in text
    else:
        assert meta["findings"] == []
        assert "ran unchecked" in text and len(text.splitlines()) == 1
