"""Real frontends: nbclient executing a notebook, and jupyter console."""

import os
import shutil
import subprocess
import sys

import nbformat
from nbclient import NotebookClient

from kernel_helpers import KERNEL, missing

# Uses tf.keras, and never imports TensorFlow when it runs.
GUARDED_TF_CELL = """\
if False:
    import tensorflow as tf
    layer = tf.keras.layers.Dense(3)
print("cell ran")
"""


def test_nbclient_saves_the_notices_in_the_notebook(jupyter_data, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A Keras 2 notebook"),
        nbformat.v4.new_code_cell(GUARDED_TF_CELL),
        nbformat.v4.new_code_cell("total = 1 + 1\ntotal"),
    ]
    path = tmp_path / "keras2.ipynb"
    nbformat.write(nb, path)

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name=KERNEL, timeout=120, startup_timeout=60).execute()
    nbformat.write(nb, path)

    saved = nbformat.read(path, as_version=4)
    nbformat.validate(saved)
    tf_cell, clean_cell = saved.cells[1], saved.cells[2]
    notices = [o for o in tf_cell.outputs if o.output_type == "display_data" and "gokmig" in o.metadata]
    assert len(notices) == 1
    assert {"text/html", "text/plain"} <= set(notices[0].data)
    assert any(f["rule"] == "tf-keras-import" for f in notices[0].metadata["gokmig"]["findings"])
    streams = [o.text for o in tf_cell.outputs if o.output_type == "stream"]
    assert streams == ["cell ran\n"]
    assert tf_cell.execution_count == 1
    assert [o.output_type for o in clean_cell.outputs] == ["execute_result"]
    assert clean_cell.outputs[0].data["text/plain"] == "2"
    assert clean_cell.execution_count == 2


def test_jupyter_console_shows_the_plain_text_notice(jupyter_data):
    console = shutil.which("jupyter-console", path=os.path.dirname(sys.executable))
    if console is None:
        missing("jupyter-console is not installed next to the test interpreter")
    session = "if False: import tensorflow as tf; layer = tf.keras.layers.Dense(3)\nprint('after', 6 * 7)\nexit\n"
    result = subprocess.run(
        [console, "--kernel", KERNEL, "--simple-prompt", "--ZMQTerminalInteractiveShell.kernel_timeout=60"],
        input=session, capture_output=True, text=True, timeout=180,
    )
    out = result.stdout
    assert "[gokmig] Keras 3 migration" in out, out + result.stderr
    assert "K301" in out
    assert "after 42" in out
