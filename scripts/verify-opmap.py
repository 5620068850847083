#!/usr/bin/env python3
"""Checks cellfix/opmap/opmap.tsv, the TensorFlow -> Keras 3 op table,
against the Keras installed in the project's venv.

    .venv/bin/python scripts/verify-opmap.py [--fill] [TABLE]

For every row it checks that the replacement exists in Keras, that the
recorded Keras signature is the real one (inspect.signature), that every
argument the row maps to is a real parameter, that every parameter Keras
requires gets a value, and, for rows marked safe, that arguments keep their
order and that defaults agree unless the row writes them out. TensorFlow is
not installed, so the TensorFlow side is the parameter list written in the
table; the check compares names and order against it.

--fill rewrites the keras_sig column from the installed Keras (review the
diff: a changed signature may change a row's safety). Exit status 1 means
the table is wrong; each problem is printed as "TABLE:LINE: problem".
"""

import ast
import importlib
import inspect
import os
import sys

# The numpy backend imports without TensorFlow, JAX or torch installed.
os.environ["KERAS_BACKEND"] = "numpy"

import keras  # noqa: E402  (must follow the backend choice)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TABLE = os.path.join(ROOT, "cellfix", "opmap", "opmap.tsv")
SAFETIES = ("safe", "unsafe", "report", "value")


class Row:
    def __init__(self, line, fields):
        self.line = line
        (self.tf, self.tf_sig, self.keras, self.keras_sig, self.args, self.safety, self.note) = fields
        self.names = self.tf.split()


class Param:
    def __init__(self, name, kind, default=None, has_default=False):
        self.name, self.kind = name, kind
        self.default, self.has_default = default, has_default


def parse_params(text):
    """Parses a parameter list with Python's own parser. Defaults stay as
    source text; names such as tf.float32 need not exist."""
    tree = ast.parse(f"def f({text}): pass")
    a = tree.body[0].args
    src = f"def f({text}): pass"
    params = []
    positional = a.posonlyargs + a.args
    pos_defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for arg, d in zip(positional, pos_defaults):
        params.append(Param(arg.arg, "positional", ast.get_source_segment(src, d) if d else None, d is not None))
    if a.vararg:
        params.append(Param(a.vararg.arg, "var_positional"))
    for arg, d in zip(a.kwonlyargs, a.kw_defaults):
        params.append(Param(arg.arg, "keyword_only", ast.get_source_segment(src, d) if d else None, d is not None))
    if a.kwarg:
        params.append(Param(a.kwarg.arg, "var_keyword"))
    return params


def keras_params(fn):
    kinds = {
        inspect.Parameter.POSITIONAL_ONLY: "positional",
        inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
        inspect.Parameter.VAR_POSITIONAL: "var_positional",
        inspect.Parameter.KEYWORD_ONLY: "keyword_only",
        inspect.Parameter.VAR_KEYWORD: "var_keyword",
    }
    out = []
    for p in inspect.signature(fn).parameters.values():
        has = p.default is not inspect.Parameter.empty
        out.append(Param(p.name, kinds[p.kind], p.default if has else None, has))
    return out


def resolve(path):
    """Returns the object a public keras.* path names, or raises."""
    parts = path.split(".")
    if parts[0] != "keras" or any(p.startswith("_") for p in parts):
        raise LookupError(f"{path} is not a public keras name")
    obj = keras
    for i, part in enumerate(parts[1:], 1):
        if not hasattr(obj, part):
            # Submodules such as keras.ops.image may need an import.
            obj = importlib.import_module(".".join(parts[: i + 1]))
        else:
            obj = getattr(obj, part)
    return obj


def literal(text):
    try:
        return True, ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return False, None


def same_default(tf_text, keras_value):
    ok, value = literal(tf_text)
    if not ok:
        return False
    numbers = (int, float)
    if isinstance(value, bool) or isinstance(keras_value, bool):
        return type(value) is type(keras_value) and value == keras_value
    if isinstance(value, numbers) and isinstance(keras_value, numbers):
        return value == keras_value
    return type(value) is type(keras_value) and value == keras_value


def read_table(path):
    rows, errors = [], []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, text in enumerate(lines, 1):
        if not text or text.startswith("#"):
            continue
        fields = text.split("\t")
        if len(fields) != 7:
            errors.append(f"{i}: want 7 tab-separated fields, got {len(fields)}")
            continue
        rows.append(Row(i, fields))
    return lines, rows, errors


class Checker:
    def __init__(self, path):
        self.path = path
        self.errors = []

    def err(self, row, msg):
        self.errors.append(f"{self.path}:{row.line}: {row.names[0] if row.names else '?'}: {msg}")

    def check(self, rows):
        seen = {}
        for row in rows:
            for name in row.names:
                if not name.startswith("tf.") or not all(p.isidentifier() for p in name.split(".")):
                    self.err(row, f"bad TensorFlow name {name!r}")
                if name in seen:
                    self.err(row, f"{name} is also in the row on line {seen[name]}")
                seen[name] = row.line
            if row.safety not in SAFETIES:
                self.err(row, f"safety {row.safety!r} is not one of {', '.join(SAFETIES)}")
                continue
            if row.safety == "value":
                self.check_value(row)
            else:
                self.check_op(row)

    def check_value(self, row):
        if row.tf_sig != "-" or row.keras_sig != "-" or row.args != "-":
            self.err(row, "a value row has only a name and a literal")
        ok, value = literal(row.keras)
        if not ok:
            self.err(row, f"{row.keras!r} is not a Python literal")
        elif isinstance(value, str):
            try:
                std = keras.backend.standardize_dtype(value)
            except ValueError as e:
                self.err(row, f"Keras does not accept dtype {value!r}: {e}")
            else:
                if std != value:
                    self.err(row, f"Keras spells dtype {value!r} as {std!r}")
        elif value is not None:
            self.err(row, "a value row must give a dtype string or None")

    def check_op(self, row):
        try:
            tf_params = parse_params(row.tf_sig)
        except SyntaxError as e:
            self.err(row, f"cannot parse the TensorFlow parameters: {e.msg}")
            return
        if row.safety in ("unsafe", "report") and not row.note:
            self.err(row, f"a {row.safety} row needs a note saying why")
        if row.keras == "-":
            if row.safety != "report" or row.keras_sig != "-" or row.args != "-":
                self.err(row, "a row without a replacement must be report-only, with no signature or args")
            return
        try:
            fn = resolve(row.keras)
        except (LookupError, ImportError, AttributeError) as e:
            self.err(row, f"{row.keras} does not exist in keras {keras.__version__}: {e}")
            return
        if not callable(fn):
            self.err(row, f"{row.keras} is not callable")
            return
        sig = str(inspect.signature(fn))[1:-1]
        if row.keras_sig != sig:
            self.err(row, f"{row.keras} has signature ({sig}), the table says ({row.keras_sig}); run with --fill and review")
        if row.safety == "report":
            if row.args != "-":
                self.err(row, "a report-only row has no argument directives")
            return
        self.check_mapping(row, tf_params, keras_params(fn))

    def check_mapping(self, row, tf_params, kp):
        tf_by = {p.name: p for p in tf_params}
        k_by = {p.name: p for p in kp}
        renames, fills, same, needs, unmapped = {}, {}, set(), set(), set()
        indexed = False
        for d in [] if row.args == "-" else row.args.split(" "):
            if d == "indexed":
                indexed = True
            elif d.startswith("need:"):
                needs.add(d[5:])
            elif d.startswith("+") and "=" in d:
                b, v = d[1:].split("=", 1)
                fills[b] = v
                if not literal(v)[0]:
                    self.err(row, f"{d}: {v!r} is not a Python literal")
            elif d.startswith("~"):
                same.add(d[1:])
            elif ">" in d:
                a, b = d.split(">", 1)
                if a in renames or a in unmapped:
                    self.err(row, f"{a} is mapped twice")
                if b == "?":
                    unmapped.add(a)
                else:
                    renames[a] = b
            else:
                self.err(row, f"unknown directive {d!r}")
        for a in list(renames) + list(unmapped) + list(needs):
            if a not in tf_by:
                self.err(row, f"{a} is not a TensorFlow parameter ({row.tf_sig})")
        for b in list(fills) + list(same) + [b for b in renames.values() if b != "-"]:
            if b not in k_by:
                self.err(row, f"{b} is not a parameter of {row.keras} ({row.keras_sig})")
        if indexed and row.safety != "unsafe":
            self.err(row, "indexed only makes sense on an unsafe row")

        def target(p):
            """The Keras parameter a TF parameter maps to: a name, "-" for
            dropped, or None for no counterpart."""
            if p.name in unmapped:
                return None
            if p.name in renames:
                return renames[p.name]
            if p.kind == "var_positional":
                return next((q.name for q in kp if q.kind == "var_positional"), None)
            return p.name if p.name in k_by else None

        mapped = {}
        for p in tf_params:
            t = target(p)
            if t in (None, "-"):
                if t == "-" and not p.has_default and p.kind not in ("var_positional", "var_keyword"):
                    self.err(row, f"{p.name} is required by TensorFlow, so it cannot be dropped")
                continue
            if t not in k_by:
                continue  # reported above
            if t in mapped.values():
                self.err(row, f"two TensorFlow parameters map to {t}")
            if p.kind == "var_positional" and k_by[t].kind != "var_positional":
                self.err(row, f"*{p.name} must map to a *args parameter of {row.keras}")
            mapped[p.name] = t
        if tf_params and target(tf_params[0]) == "-":
            self.err(row, "the first parameter cannot be dropped")

        for q in kp:
            if q.has_default or q.kind in ("var_positional", "var_keyword") or q.name in fills:
                continue
            givers = [a for a, b in mapped.items() if b == q.name]
            if not givers:
                self.err(row, f"{row.keras} requires {q.name}, which nothing provides (map a parameter or add +{q.name}=...)")
            elif tf_by[givers[0]].has_default and givers[0] not in needs:
                self.err(row, f"{row.keras} requires {q.name}, but TensorFlow's {givers[0]} is optional: add +{q.name}=... or need:{givers[0]}")

        if row.safety != "safe":
            return
        order = [list(k_by).index(mapped[p.name]) for p in tf_params if p.name in mapped and p.kind == "positional"]
        if order != sorted(order):
            self.err(row, "arguments change order, so the row cannot be safe")
        for p in tf_params:
            if p.name not in mapped or not p.has_default or p.kind == "var_positional":
                continue
            q = k_by[mapped[p.name]]
            if not q.has_default or q.name in fills or q.name in same:
                continue
            if not same_default(p.default, q.default):
                self.err(row, f"TensorFlow's {p.name}={p.default} differs from {row.keras}'s {q.name}={q.default!r}: add +{q.name}=... or ~{q.name}, or make the row unsafe")


def fill(lines, rows, path):
    for row in rows:
        if row.safety == "value" or row.keras == "-":
            continue
        try:
            sig = str(inspect.signature(resolve(row.keras)))[1:-1]
        except (LookupError, ImportError, AttributeError, TypeError, ValueError) as e:
            print(f"{path}:{row.line}: {row.keras}: {e}", file=sys.stderr)
            continue
        fields = lines[row.line - 1].split("\t")
        fields[3] = sig
        lines[row.line - 1] = "\t".join(fields)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main(argv):
    args = [a for a in argv if a != "--fill"]
    path = args[0] if args else DEFAULT_TABLE
    lines, rows, errors = read_table(path)
    if errors:
        for e in errors:
            print(f"{path}:{e}", file=sys.stderr)
        return 1
    if "--fill" in argv:
        fill(lines, rows, path)
        lines, rows, _ = read_table(path)
    c = Checker(path)
    c.check(rows)
    for e in c.errors:
        print(e, file=sys.stderr)
    counts = {s: sum(1 for r in rows if r.safety == s) for s in SAFETIES}
    replaced = sum(1 for r in rows if r.safety != "value" and r.keras != "-")
    names = sum(len(r.names) for r in rows)
    print(
        f"{os.path.relpath(path, ROOT)}: {len(rows)} rows ({names} TensorFlow names): "
        f"{counts['safe']} safe, {counts['unsafe']} unsafe, {counts['report']} report-only, {counts['value']} values; "
        f"{replaced} Keras replacements checked against keras {keras.__version__}; "
        f"{len(c.errors)} problems"
    )
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
