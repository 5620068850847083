#!/usr/bin/env python3
"""Writes cellfix/kerasapi/api.txt: every public module of the installed Keras 3
and every name it exports, one per line, so gokmig never rewrites code to a
`keras.` name that does not exist.

Run it with the project's venv (keras is pinned in requirements.in):

    .venv/bin/python scripts/gen-kerasapi.py [--tf-keras] [OUTPUT]

OUTPUT defaults to cellfix/kerasapi/api.txt; "-" writes to stdout.

With --tf-keras it writes the tf.keras compatibility tree instead
(keras._tf_keras.keras, which TensorFlow 2.16+ serves as tf.keras), spelled
as keras.X, to cellfix/kerasapi/tf_keras_api.txt by default: the names that
code written against tf.keras can still reach.
The output depends only on the Keras version, so a test can regenerate it and
compare byte for byte.
"""

import importlib
import inspect
import os
import pkgutil
import sys
import types

# The numpy backend imports without TensorFlow, JAX or torch installed.
os.environ["KERAS_BACKEND"] = "numpy"

import keras  # noqa: E402  (must follow the backend choice)


# ROOT is the module whose tree is listed: keras, or with --tf-keras the
# compatibility tree keras._tf_keras.keras.
ROOT = "keras"
COMPAT_ROOT = "keras._tf_keras.keras"


def is_public_module(name):
    if ROOT == COMPAT_ROOT:
        return name == ROOT or name.startswith(ROOT + ".")
    # keras.src holds the implementation and keras._tf_keras the tf.keras
    # compatibility tree; neither is the Keras 3 API a user should write.
    if name != "keras" and not name.startswith("keras."):
        return False
    return not any(
        name == p or name.startswith(p + ".") for p in ("keras.src", "keras._tf_keras")
    )


def spelled(name):
    """The name as the table writes it: keras.X for either tree."""
    if ROOT == COMPAT_ROOT:
        return "keras" + name[len(COMPAT_ROOT):]
    return name


def kind_of(value):
    if isinstance(value, types.ModuleType):
        return "module"
    if inspect.isclass(value):
        return "class"
    if inspect.isroutine(value):
        return "function"
    return "other"


def collect():
    """Returns {module name: module} for the whole public tree."""
    modules = {}

    def visit(module):
        if module.__name__ in modules:
            return
        modules[module.__name__] = module
        for attr in dir(module):
            if attr.startswith("_"):
                continue
            value = getattr(module, attr)
            if isinstance(value, types.ModuleType) and is_public_module(value.__name__):
                visit(value)
        # A package on disk is importable even if no parent attribute names it
        # yet; Keras 3 lays its public API out as plain packages under keras/.
        for info in pkgutil.iter_modules(getattr(module, "__path__", []), module.__name__ + "."):
            if is_public_module(info.name):
                visit(importlib.import_module(info.name))

    visit(importlib.import_module(ROOT))
    return modules


def table(modules):
    entries = {}
    for name, module in modules.items():
        entries[spelled(name)] = "module"
        for attr in dir(module):
            if attr.startswith("_"):
                continue
            value = getattr(module, attr)
            if isinstance(value, types.ModuleType) and not is_public_module(value.__name__):
                continue  # a leak such as keras.src, not API
            qualified = spelled(name) + "." + attr
            # A submodule already has its own line from `modules`.
            entries.setdefault(qualified, kind_of(value))
    lines = ["# keras " + keras.__version__]
    lines += [entries[q] + " " + q for q in sorted(entries)]
    return "\n".join(lines) + "\n"


def main(argv):
    global ROOT
    args = argv[1:]
    default = "api.txt"
    if args[:1] == ["--tf-keras"]:
        ROOT, default, args = COMPAT_ROOT, "tf_keras_api.txt", args[1:]
    if len(args) > 1:
        sys.exit("usage: gen-kerasapi.py [--tf-keras] [OUTPUT]")
    out = args[0] if args else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "cellfix", "kerasapi", default
    )
    text = table(collect())
    if out == "-":
        sys.stdout.write(text)
        return
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv)
