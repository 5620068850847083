"""The gokmig kernel in a real JupyterLab, driven in Chromium by
playwright-core (drive.mjs): the notices as a user sees them, fix mode
rewriting a cell, interrupt and restart from the UI.

One browser session runs the whole scenario (module fixture `seen`); the
tests below judge what it saw. JupyterLab runs on 127.0.0.1 with a token,
its config, data, runtime, settings and workspaces in a temporary
directory, the gokmig kernel installed there with --prefix. Under CI=true a
missing node, playwright-core (scripts/setup runs npm ci) or Chromium fails.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from kernel_helpers import REPO, build_program, gokmig, missing

HERE = REPO / "tests" / "browser"
CHROMIUM = "/usr/bin/chromium"
DISPLAY_NAME = "Python 3 (Keras 3 migration)"
TOKEN = "gokmig-browser-test"

# The notebook, Keras 2 throughout, in cells that run in well under a
# second: the Keras 2 code is guarded by `if False:` so TensorFlow is never
# imported; fix mode's `import keras` loads Keras on the numpy backend.
CELLS = [
    # 0: Keras 2 imports and model, checked in warn mode.
    "if False:\n    import tensorflow as tf\n    from tensorflow.keras import layers\n"
    "    model = tf.keras.Sequential([layers.Dense(3)])\nprint('imports checked')",
    # 1: clean.
    "x = 6 * 7\nx",
    # 2: fix mode, any backend.
    "%gokmig fix\n%gokmig target multi",
    # 3: fixed (the fix adds `import keras` above), then fails.
    "if False:\n    layer = tf.keras.layers.Dense(4)\nraise ValueError('boom')",
    # 4: fixed, runs.
    "if False:\n    layer = tf.keras.layers.Dense(3)\nprint('fixed cell ran')",
    # 5: interrupted from the toolbar, once it says it sleeps.
    "import time\nprint('sleeping', flush=True)\ntime.sleep(60)",
    # 6: after the restart: mode and target.
    "%gokmig",
]


def notebook_json():
    cells = [
        {"cell_type": "code", "execution_count": None, "id": f"cell-{i}", "metadata": {}, "outputs": [],
         "source": src.splitlines(keepends=True)}
        for i, src in enumerate(CELLS)
    ]
    return {"cells": cells, "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_tools():
    node = shutil.which("node")
    if node is None:
        missing("node is not on PATH (the browser tests drive Chromium from node)")
    if not (HERE / "node_modules" / "playwright-core" / "package.json").exists():
        missing("playwright-core is not installed in tests/browser; run scripts/setup (npm ci)")
    if not os.access(CHROMIUM, os.X_OK):
        missing(f"{CHROMIUM} is missing; run scripts/setup (apt-get install chromium)")
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        missing("jupyterlab is not installed; run scripts/setup")
    return node


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server in a temporary root with the gokmig kernel."""
    require_tools()
    root = tmp_path_factory.mktemp("lab")
    binary = build_program(root / "gokmig-kernel")
    prefix = root / "prefix"
    result = gokmig(binary, "install", "--prefix", str(prefix), "--python", sys.executable)
    assert result.returncode == 0, result.stderr
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"), ("HOME", "home")):
        (root / sub).mkdir()
        env[var] = str(root / sub)
    env["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    env["KERAS_BACKEND"] = "numpy"
    env.pop("JUPYTER_TOKEN", None)
    # No news toast over the notebook, and no calls out of the machine.
    (root / "config" / "labconfig").mkdir()
    (root / "config" / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    notebooks = root / "notebooks"
    notebooks.mkdir()
    (notebooks / "keras2.ipynb").write_text(json.dumps(notebook_json(), indent=1))
    port = free_port()
    log = open(root / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={notebooks}",
         "--LabApp.expose_app_in_browser=True", f"--LabApp.workspaces_dir={root / 'workspaces'}",
         f"--LabApp.user_settings_dir={root / 'settings'}", "--LabApp.extension_manager=readonly",
         "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/kernelspecs?token={TOKEN}", timeout=5) as r:
                    specs = json.load(r)["kernelspecs"]
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{(root / 'jupyterlab.log').read_text()[-3000:]}")
                time.sleep(0.5)
        assert specs["gokmig"]["spec"]["display_name"] == DISPLAY_NAME
        yield {"url": url, "root": root, "notebooks": notebooks}
    finally:
        # The server stops its kernels on SIGTERM; the group kill is for
        # anything left after it.
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
        log.close()


@pytest.fixture(scope="module")
def seen(lab):
    """Runs drive.mjs once and returns what it saw."""
    node = require_tools()
    shots = lab["root"] / "screenshots"
    shots.mkdir()
    config = {
        "url": lab["url"], "token": TOKEN, "notebook": "keras2.ipynb", "chromium": CHROMIUM,
        "shots": str(shots), "kernel_display_name": DISPLAY_NAME,
        "warn_cells": [0, 1], "screenshot_cell": 0, "fix_cells": [2, 3, 4], "sleep_cell": 5, "status_cell": 6,
    }
    result = subprocess.run([node, str(HERE / "drive.mjs"), json.dumps(config)], cwd=HERE,
                            capture_output=True, text=True, timeout=420)
    (lab["root"] / "drive.log").write_text(result.stderr)
    assert result.returncode == 0, result.stderr[-3000:]
    (lab["root"] / "seen.json").write_text(result.stdout)
    out = json.loads(result.stdout)
    out["shots"] = shots
    out["saved_notebook"] = json.loads((lab["notebooks"] / "keras2.ipynb").read_text())
    if "error" in out:
        # Later steps did not run; the tests that need them fail on their
        # own, each naming what is missing.
        print(f"drive.mjs stopped after {out['steps']}: {out['error']}\n{result.stderr[-2000:]}")
    return out


def notices(cell):
    return [o for o in cell["outputs"] if o["notice"]]


def cell(seen, index):
    got = seen["cells"].get(str(index))
    assert got is not None, f"cell {index} was not reached; steps: {seen['steps']}; error: {seen.get('error')}"
    return got


def test_the_kernel_is_offered_and_picked(seen):
    assert DISPLAY_NAME in seen.get("kernel_choices", []), seen.get("error")
    assert seen.get("kernel_display_name") == DISPLAY_NAME


def test_notice_sits_under_the_flagged_cell_and_is_compact(seen):
    flagged = cell(seen, 0)
    assert "imports checked" in "\n".join(o["text"] for o in flagged["outputs"])
    found = notices(flagged)
    assert len(found) == 1, flagged["outputs"]
    notice = found[0]
    first_line = notice["text"].splitlines()[0]
    assert "Keras 3 migration" in first_line and "to review" in first_line, notice["text"]
    # One summary line, open; each finding one collapsed line; no links.
    assert notice["top_details_open"] is True
    findings = len(re.findall(r"^line \d+", notice["text"], re.M))
    assert findings >= 2, notice["text"]
    assert notice["summaries"] >= 1 + findings
    assert notice["links"] == 0
    # Code keeps its lines and scrolls sideways rather than wrapping.
    assert notice["scroll_overflow"] and set(notice["scroll_overflow"]) == {"pre/auto"}, notice["scroll_overflow"]
    # Users saw a notice 2.5 times the height of this five-line cell; with
    # its rows collapsed it stays under twice that height.
    assert notice["height"] < 2 * flagged["editor_height"], (notice["height"], flagged["editor_height"])
    assert "gokmig-kernel rules" not in notice["text"], "the docs start collapsed"


def test_expanded_finding_explains_its_fix(seen):
    text = seen.get("expanded_finding_text", "")
    assert re.search(r"(?i)safe fix", text), text
    assert "keeps the code's meaning" in text or "may change behaviour" in text, text
    assert "gokmig-kernel rules tf-keras-import" in text, text


def test_clean_cell_has_no_notice(seen):
    clean = cell(seen, 1)
    assert notices(clean) == [], clean["outputs"]
    assert [o["text"].strip() for o in clean["outputs"]] == ["42"]


def test_screenshots_in_both_themes(seen):
    for name in ("notice-light.png", "notice-dark.png"):
        path = seen["shots"] / name
        assert path.exists(), f"{name} missing; steps {seen['steps']}, error {seen.get('error')}"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (seen["shots"] / "notice-light.png").read_bytes() != (seen["shots"] / "notice-dark.png").read_bytes()


def test_fix_mode_notice_shows_fixes_applied(seen):
    magic = cell(seen, 2)
    said = "\n".join(o["text"] for o in notices(magic))
    assert "mode is now fix" in said and "target is now multi" in said, magic["outputs"]
    fixed = cell(seen, 4)
    texts = [o["text"] for o in notices(fixed)]
    assert len(texts) == 1 and "applied before running" in texts[0], fixed["outputs"]
    assert "\u26a0" not in texts[0], "a notice of applied fixes shows the warning sign"
    assert "fixed cell ran" in "\n".join(o["text"] for o in fixed["outputs"])


def test_interrupt_from_the_toolbar_stops_the_cell(seen):
    sleeper = cell(seen, 5)
    text = "\n".join(o["text"] for o in sleeper["outputs"])
    assert "KeyboardInterrupt" in text and "time.sleep(60)" in text, sleeper["outputs"]


def test_fix_mode_rewrites_the_cell_and_keeps_state_across_restart(seen):
    # The editor and the saved file hold the migrated code.
    fixed = cell(seen, 4)
    assert "tf.keras" not in fixed["editor"] and "keras.layers.Dense(3)" in fixed["editor"], fixed["editor"]
    saved = "".join(seen["saved_notebook"]["cells"][4]["source"])
    assert "tf.keras" not in saved and "keras.layers.Dense(3)" in saved, saved
    # A restart from the menu keeps fix mode and the multi target.
    assert seen.get("restarted"), seen.get("error")
    status = "\n".join(o["text"] for o in notices(cell(seen, 6)))
    assert "mode is fix" in status and "target is multi" in status, status


def test_failing_fixed_cell_traceback_points_at_the_editor(seen):
    # JupyterLab applies set_next_input only to a reply whose status is
    # "ok" (its cell executor), so a cell that fails keeps the text the user
    # typed. The fixes add `import keras` above the cell's `if`: the kernel
    # runs it first, on its own, and the fixed cell on the typed cell's
    # lines, so the traceback's line is the raise's line in the editor, and
    # the notice, updated once the cell raised, says the cell kept its code
    # and numbers the raise as the editor does.
    failed = cell(seen, 3)
    assert failed["editor"] == CELLS[3], failed["editor"]
    editor_line = failed["editor"].splitlines().index("raise ValueError('boom')") + 1
    error = "\n".join(o["text"] for o in failed["outputs"] if "ValueError" in o["text"])
    lines = [int(n) for n in re.findall(r"Cell In\[\d+\], line (\d+)", error)]
    assert lines == [editor_line], error
    found = notices(failed)
    assert len(found) == 1, failed["outputs"]
    shown = found[0]["content"]
    assert "keeps your code" in shown and "line numbers are those of your cell" in shown, shown
    numbered = re.findall(r"(\d+) [ +] raise ValueError\('boom'\)", shown)
    assert numbered == [str(editor_line)], shown
