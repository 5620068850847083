"""Writes the same two notebooks in three on-disk styles, for the tests
that check that converting changes nothing but the fixed cells' sources.

    .venv/bin/python migrate/testdata/styles/make_styles.py

- nbformat: written by nbformat itself (1-space indent, sorted keys, sources
  as lists of lines, non-ASCII kept as is).
- single-string: every source is one string, not a list of lines (as some
  tools write), 1-space indent.
- crlf-2space: 2-space indent, CRLF line endings and \\u escapes for
  non-ASCII, as a Windows editor might save it.

For each style, clean.ipynb is already Keras 3 code (nothing to change) and
mixed.ipynb has Keras 2 imports in one cell among cells that stay as they are.
"""

import json
import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

HERE = pathlib.Path(__file__).resolve().parent

CLEAN = [
    ("md", "# Déjà migré\n\nKeras 3 already — nothing to change here."),
    ("code", "import numpy as np\nimport keras\nfrom keras import layers"),
    ("code", "model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])\nmodel.compile(optimizer=\"adam\", loss=\"mse\")"),
    ("code", "print(model.predict(np.zeros((1, 3))).shape)  # → (1, 2)"),
]

MIXED = [
    ("md", "# Mixed notebook — one cell needs work"),
    ("code", "import numpy as np"),
    ("code", "from tensorflow import keras\nfrom tensorflow.keras import layers"),
    ("code", "model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])"),
    ("md", "Outputs and metadata below must survive byte for byte: ünïcödé."),
    ("code", "print(model.predict(np.zeros((1, 3))).shape)"),
]

METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python", "version": "3.11.2"},
}


def build(cells):
    out = []
    for i, (kind, text) in enumerate(cells):
        if kind == "md":
            out.append(new_markdown_cell(text, id=f"cell-{i}"))
        else:
            outputs = [new_output("stream", name="stdout", text="(1, 2)\n")] if "print" in text else []
            out.append(new_code_cell(text, id=f"cell-{i}", execution_count=i, outputs=outputs))
    nb = new_notebook(cells=out, metadata=METADATA)
    nbformat.validate(nb)
    return nb


def as_plain(nb):
    """The notebook as plain JSON data with every source one string."""
    data = json.loads(nbformat.writes(nb))
    for cell in data["cells"]:
        if isinstance(cell["source"], list):
            cell["source"] = "".join(cell["source"])
    return data


def main():
    for name, cells in [("clean", CLEAN), ("mixed", MIXED)]:
        nb = build(cells)
        (HERE / "nbformat").mkdir(exist_ok=True)
        nbformat.write(nb, HERE / "nbformat" / f"{name}.ipynb")

        (HERE / "single-string").mkdir(exist_ok=True)
        text = json.dumps(as_plain(nb), indent=1, ensure_ascii=False) + "\n"
        (HERE / "single-string" / f"{name}.ipynb").write_bytes(text.encode())

        (HERE / "crlf-2space").mkdir(exist_ok=True)
        data = as_plain(nb)
        for cell in data["cells"]:
            cell["source"] = cell["source"].splitlines(keepends=True)
        text = json.dumps(data, indent=2, ensure_ascii=True).replace("\n", "\r\n") + "\r\n"
        (HERE / "crlf-2space" / f"{name}.ipynb").write_bytes(text.encode())


if __name__ == "__main__":
    main()
