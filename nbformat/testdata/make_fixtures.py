#!/usr/bin/env python3
"""Regenerate the notebook fixtures of the nbformat package's Go tests.

    .venv/bin/python nbformat/testdata/make_fixtures.py

Writes one small Keras 2 notebook in several writers' styles, and for each
style an "edited" twin in which some cell sources were changed and the whole
notebook was written again by the same writer. The Go tests change the same
cells with SetSource and must produce the twin byte for byte. edits.json
lists, per style, the twin's file name and the new sources.

The outputs are committed, so the Go tests need no Python. Everything is
deterministic: running this again gives the same bytes.
"""

import base64
import copy
import json
import pathlib
import random

import nbformat
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
    new_raw_cell,
)
from nbformat.v4.rwbase import split_lines

HERE = pathlib.Path(__file__).resolve().parent
RNG = random.Random(20240501)


def png(n):
    """A fake PNG payload: only its size and base64 shape matter here."""
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + RNG.randbytes(n)).decode() + "\n"


KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.7",
}


def base_cells():
    """The cells every style shares. Indices matter: EDITS refers to them."""
    return [
        new_markdown_cell(
            "# MNIST classifier — Keras 2\n\nTrains a small *dense* net. "
            "Ünïcödé, 日本語, emoji 🚀.\n\nSee <https://keras.io/> & the guide.",
            id="intro",
        ),
        new_code_cell(
            "import tensorflow as tf\nfrom tensorflow import keras\nprint(tf.__version__)\n",
            id="imports",
            execution_count=1,
            outputs=[new_output("stream", name="stdout", text="2.15.0\n")],
        ),
        new_code_cell("", id="empty"),
        new_code_cell(
            'model = keras.Sequential([\n    keras.layers.Dense(10, activation="softmax"),\n])\nmodel.summary()',
            id="model",
            execution_count=2,
            outputs=[
                new_output(
                    "execute_result",
                    execution_count=2,
                    data={
                        "text/plain": "<keras.Sequential at 0x7f>\n",
                        "text/html": '<table class="x"><tr><td>a & b</td></tr></table>\n<script>var x = "</script>";</script>',
                    },
                ),
                new_output("display_data", data={"image/png": png(300), "text/plain": "<Figure size 640x480>"}),
            ],
        ),
        new_raw_cell('raw\ttext with \\backslash and "quotes"', id="raw"),
        new_code_cell(
            "x = 1",
            id="single",
            execution_count=3,
            outputs=[
                new_output(
                    "error",
                    ename="ValueError",
                    evalue="bad value: é",
                    traceback=["\x1b[0;31mValueError\x1b[0m: bad value", "  File \x1b[1m<ipython>\x1b[0m"],
                )
            ],
        ),
        new_markdown_cell(
            "![dot](attachment:dot.png)",
            id="attach",
            attachments={"dot.png": {"image/png": png(40)}},
        ),
        new_code_cell("path = 'data/train/'  # slashes\nlabel = \"naïve\"\n", id="paths"),
    ]


# New sources by cell index: list to list, empty to lines, lines to one line,
# one line to lines full of characters each writer escapes differently, and
# lines to empty.
EDITS = {
    1: "import keras\nprint(keras.__version__)\n",
    2: "# new cell\nx = 1\ny = 2",
    3: "model = keras.Sequential()",
    5: (
        's = "</script> & <b>"  # é 🚀 日本\n'
        "\ttab \\ back/slash\r\nCRLF\rCR\x0bVT\x0cFF\x1cFS\x85NEL\u2028LS\u2029PS"
        "\x7fDEL\x08BS\x01SOH\x1bESC\n"
    ),
    7: "",
}


def notebook(minor=5):
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    nb.cells = base_cells()
    if minor < 5:
        nb.nbformat_minor = minor
        for cell in nb.cells:
            del cell["id"]
    return nb


def edited(nb):
    nb = copy.deepcopy(nb)
    for index, source in EDITS.items():
        nb.cells[index].source = source
    return nb


def ordered(node, top_order, cell_order):
    """A plain-dict copy with the given key orders, for writers that do not sort."""
    def order(d, keys):
        return {k: d[k] for k in sorted(d, key=lambda k: (keys.index(k) if k in keys else len(keys), k))}

    node = json.loads(json.dumps(node))
    node = order(node, top_order)
    node["cells"] = [order(c, cell_order) for c in node["cells"]]
    return node


# Writers, one per style. Each takes an in-memory notebook (sources as str).


def write_nbformat(nb):
    """nbformat itself, as Jupyter saves: 1-space indent, sorted keys, lists of lines."""
    return nbformat.writes(nb) + "\n"


def write_single_string(nb):
    """Sources and outputs as single strings (no split_lines), else like nbformat."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_colab_crlf(nb):
    """Colab-like: 2-space indent, its key order, ASCII-only escapes, then CRLF line ends."""
    nb = split_lines(copy.deepcopy(nb))
    node = ordered(nb, ["nbformat", "nbformat_minor", "metadata", "cells"],
                   ["cell_type", "source", "metadata", "execution_count", "outputs"])
    # Newlines inside strings are escaped, so this only touches the layout.
    return json.dumps(node, indent=2, ensure_ascii=True).replace("\n", "\r\n")


def write_vscode(nb):
    """VS Code-like: 1-space indent, sorted keys, its own metadata."""
    nb = split_lines(copy.deepcopy(nb))
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_go_tabs(nb):
    """Go's encoding/json MarshalIndent with tabs: struct key order, HTML-safe escapes."""
    nb = split_lines(copy.deepcopy(nb))
    node = ordered(nb, ["cells", "metadata", "nbformat", "nbformat_minor"],
                   ["id", "cell_type", "metadata", "source", "attachments", "execution_count", "outputs"])
    text = json.dumps(node, indent="\t", ensure_ascii=False)
    # Outside strings JSON has none of these characters, so replacing them
    # everywhere escapes them exactly where Go would.
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, "\\u%04x" % ord(ch))
    return text + "\n"


def write_minified(nb):
    """One line, no spaces, ASCII-only: what json.dumps(separators=(',', ':')) gives."""
    nb = split_lines(copy.deepcopy(nb))
    return json.dumps(nb, separators=(",", ":"), sort_keys=True, ensure_ascii=True)


def vscode_notebook():
    nb = notebook()
    nb.metadata["vscode"] = {"interpreter": {"hash": "3f1a" * 16}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    return nb


STYLES = {
    "nbformat": (notebook, write_nbformat),
    "nbformat_v40": (lambda: notebook(minor=0), write_nbformat),
    "single_string": (notebook, write_single_string),
    "colab_crlf": (notebook, write_colab_crlf),
    "vscode": (vscode_notebook, write_vscode),
    "go_tabs": (notebook, write_go_tabs),
    "minified": (notebook, write_minified),
}

# Written by hand: spaces before colons, tabs, keys in odd orders, an inline
# list, "\/" and upper-case "\u00E9" escapes, NaN, a tool's own metadata,
# trailing blanks and no final newline.
HAND_EDITED = r"""{ "nbformat" : 4 , "nbformat_minor":2,
	"metadata" : {"kernelspec":{"name":"python3","language":"python","display_name":"Python 3"},
	  "custom": {"ratio": NaN, "limit": -Infinity, "nested": [[], {}, [1, 2.5e-3, -0, true, false, null]]}},
  "cells":[
    {"cell_type":"markdown","metadata":{},"source":"# Hand-edited \u00C9\u00E8 notebook\nwith \/ escaped slashes and a tab:\t."},
    {
        "source" : [ "import tensorflow as tf\n" , "print(tf.__version__)" ],
        "cell_type" : "code", "outputs":[], "execution_count":null, "metadata":{"tags":["a","b"], "my_tool": {"keep": "me"}}
    },
    {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [],
     "source": []},
    {"cell_type":"raw","metadata":{},"source":["only line"]},
    {"cell_type": "code","metadata": {},"outputs": [],"execution_count": null,
      "source": [
          "a = '\u00e9'  # lower-case escape\n",
        "b = \"\\n\"\n",
            "c = 1"
      ]
    }
  ]
}   """


def realistic():
    """A bigger notebook for BenchmarkParse: a training run with logs and plots."""
    nb = notebook()
    cells = []
    for epoch in range(40):
        log = "".join(
            f"{step}/469 [==============================] - 2s 4ms/step - loss: {RNG.random():.4f} - accuracy: {RNG.random():.4f}\n"
            for step in range(1, 30)
        )
        cells.append(new_markdown_cell(f"## Epoch block {epoch}\n\nNotes on run *{epoch}*: learning rate {RNG.random():.5f}.", id=f"md{epoch}"))
        cells.append(
            new_code_cell(
                "history = model.fit(\n    x_train, y_train,\n    epochs=1,\n    validation_split=0.1,\n)\n"
                "plt.plot(history.history[\"loss\"])\nplt.show()",
                id=f"fit{epoch}",
                execution_count=epoch + 1,
                outputs=[
                    new_output("stream", name="stdout", text=log),
                    new_output("display_data", data={"image/png": png(4000), "text/plain": "<Figure size 640x480 with 1 Axes>"}),
                ],
            )
        )
    nb.cells = cells
    return nb


def main():
    manifest = {}
    for name, (make, write) in STYLES.items():
        nb = make()
        (HERE / f"{name}.ipynb").write_bytes(write(nb).encode())
        (HERE / f"{name}.edited.ipynb").write_bytes(write(edited(nb)).encode())
        manifest[f"{name}.ipynb"] = {
            "expected": f"{name}.edited.ipynb",
            "sources": {str(k): v for k, v in EDITS.items()},
        }
    (HERE / "hand_edited.ipynb").write_bytes(HAND_EDITED.encode())
    # A byte order mark, as some Windows editors write. Python's json refuses
    # it, so only the Go tests read this one.
    (HERE / "bom.ipynb").write_bytes(b"\xef\xbb\xbf" + write_nbformat(notebook()).encode())
    (HERE / "realistic.ipynb").write_bytes(write_nbformat(realistic()).encode())
    (HERE / "edits.json").write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
