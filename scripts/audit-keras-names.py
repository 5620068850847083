#!/usr/bin/env python3
"""Lists every `keras.` name that converted code refers to and real Keras lacks.

    python scripts/audit-keras-names.py FOLDER_OR_FILE...

Reads notebooks (.ipynb) and scripts (.py), follows each file's imports of
`keras` (and `tensorflow.keras` when --tf-keras is given) across its cells, and
asks the installed Keras, by import and getattr, whether each dotted name the
code uses exists. The judge is the installed package, not gokmig's own table.
Prints one line per missing name (file, cell, line, name) and a summary.
Exit status 1 when a name is missing.
"""

import argparse
import ast
import importlib
import json
import os
import re
import sys

MAGIC = re.compile(r"^\s*[%!]")


def cells_of(path):
    if path.endswith(".ipynb"):
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
        number = 0
        for cell in nb.get("cells", []):
            number += 1
            if cell.get("cell_type") != "code":
                continue
            src = cell.get("source", "")
            if isinstance(src, list):
                src = "".join(src)
            yield number, src
    else:
        with open(path, encoding="utf-8") as f:
            yield 0, f.read()


def unmagic(src):
    # Magic and shell lines become `pass` so that line numbers stay put.
    out = []
    for line in src.split("\n"):
        if MAGIC.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + "pass")
        else:
            out.append(line)
    return "\n".join(out)


_cache = {}


def exists(dotted):
    """Whether the installed package has this dotted name."""
    if dotted in _cache:
        return _cache[dotted]
    parts = dotted.split(".")
    obj = None
    ok = True
    for i in range(len(parts)):
        prefix = ".".join(parts[: i + 1])
        if obj is not None and hasattr(obj, parts[i]):
            obj = getattr(obj, parts[i])
            continue
        try:
            obj = importlib.import_module(prefix)
        except Exception:
            ok = False
            break
    _cache[dotted] = ok
    return ok


def chain(node):
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        names.append(node.id)
        return list(reversed(names))
    return None


class Audit(ast.NodeVisitor):
    def __init__(self, roots, bindings, report):
        self.roots = roots
        self.bindings = bindings
        self.report = report

    def bind(self, local, qualified):
        self.bindings[local] = qualified

    def under_roots(self, q):
        return any(q == r or q.startswith(r + ".") for r in self.roots)

    def visit_Import(self, node):
        for a in node.names:
            if a.asname:
                self.bind(a.asname, a.name)
            else:
                top = a.name.split(".")[0]
                self.bind(top, top)
            self.check(a.name, node)

    def visit_ImportFrom(self, node):
        if node.level or not node.module:
            return
        for a in node.names:
            if a.name == "*":
                continue
            q = node.module + "." + a.name
            self.bind(a.asname or a.name, q)
            self.check(q, node)

    def visit_Attribute(self, node):
        names = chain(node)
        if names and names[0] in self.bindings:
            q = ".".join([self.bindings[names[0]]] + names[1:])
            # Only the longest chain is judged; a method call on an object
            # (keras.layers.Dense(3).build) is not a name in the package.
            self.check(q, node)
            return
        self.generic_visit(node)

    def check(self, q, node):
        if self.under_roots(q) and not exists(q):
            self.report(q, node.lineno)


def audit(path, roots, missing):
    bindings = {}
    for cell, src in cells_of(path):
        try:
            tree = ast.parse(unmagic(src))
        except SyntaxError:
            continue
        Audit(roots, bindings, lambda q, line: missing.append((path, cell, line, q))).visit(tree)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--tf-keras", action="store_true", help="also check tensorflow.keras names")
    args = ap.parse_args()
    roots = ["keras"] + (["tensorflow.keras"] if args.tf_keras else [])
    files = []
    for p in args.paths:
        if os.path.isdir(p):
            for d, _, fs in os.walk(p):
                files += [os.path.join(d, f) for f in fs if f.endswith((".ipynb", ".py"))]
        else:
            files.append(p)
    missing = []
    for f in sorted(files):
        audit(f, roots, missing)
    for path, cell, line, q in missing:
        print("%s: cell %d, line %d: %s" % (path, cell, line, q))
    print("%d files, %d references to names the installed Keras lacks, %d distinct"
          % (len(files), len(missing), len({m[3] for m in missing})))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
