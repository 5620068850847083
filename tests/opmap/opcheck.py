"""Runs every row of cellfix/opmap/opmap.tsv marked safe on numbers: the
TensorFlow op and its keras.ops replacement on the same random inputs, on
the Keras backend of this process (KERAS_BACKEND, read at import).

    KERAS_BACKEND=jax python tests/opmap/opcheck.py [--also TF_NAME] [TABLE] > results.json

The Keras call is built from the TensorFlow call the way the table's header
defines the columns: arguments renamed (a>b), dropped (a>-), filled in when
unset (+b=v), the rest kept by name. Each side gets its own tensors
(tf.constant for TensorFlow, keras.ops.convert_to_tensor for Keras). Two
results agree when they have the same structure and shape, the same kind of
dtype (bool, integer, float, complex) and allclose values.

Prints {"backend", "rows": [{"tf", "line", "safety", "cases", "skipped",
"problems": [...]}]}; skipped counts the cases gokmig would not rewrite (an
argument without a Keras counterpart).
"""

import ast
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(os.path.dirname(os.path.dirname(HERE)), "cellfix", "opmap", "opmap.tsv")

RTOL, ATOL = 1e-4, 1e-5


# ------------------------------------------------------------------ the table


class Row:
    def __init__(self, line, fields):
        self.line = line
        self.names, self.tf_sig, self.keras, self.keras_sig, args, self.safety, self.note = fields
        self.tf = self.names.split()[0]
        self.renames, self.fills = {}, {}
        for d in ([] if args == "-" else args.split()):
            if d.startswith("+"):
                name, _, value = d[1:].partition("=")
                self.fills[name] = ast.literal_eval(value)
            elif ">" in d:
                a, _, b = d.partition(">")
                self.renames[a] = b  # b is a name, "-" (dropped) or "?" (no counterpart)
        self.tf_params = param_names(self.tf_sig)
        self.keras_params = param_names(self.keras_sig)


def param_names(sig):
    """[(name, kind)] of a parameter list, kind "" or "*" or "**"."""
    return [(n, kind) for n, kind, _ in params(sig)]


def params(sig):
    """[(name, kind, required)] of a parameter list ("-": none written)."""
    if sig.strip() in ("", "-"):
        return []
    a = ast.parse("def f(%s): pass" % sig).body[0].args
    positional = a.posonlyargs + a.args
    required = [True] * (len(positional) - len(a.defaults)) + [False] * len(a.defaults)
    out = [(p.arg, "", r) for p, r in zip(positional, required)]
    if a.vararg:
        out.append((a.vararg.arg, "*", False))
    out += [(p.arg, "", d is None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        out.append((a.kwarg.arg, "**", False))
    return out


def read_table(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if raw.startswith("#") or not raw.strip():
                continue
            fields = raw.rstrip("\n").split("\t")
            fields += [""] * (7 - len(fields))
            rows.append(Row(n, fields[:7]))
    return rows


# ------------------------------------------------------------------ inputs


class T:
    """A tensor argument: each side converts the array to its own tensor."""

    def __init__(self, array):
        self.array = np.asarray(array)


class Fn:
    """A callable argument, built per side from that side's converter."""

    def __init__(self, build):
        self.build = build


def floats(rng, shape, low=-3.0, high=3.0):
    return T(rng.uniform(low, high, shape).astype("float32"))


def ints(rng, shape, low=-9, high=10, nonzero=False):
    a = rng.integers(low, high, shape).astype("int32")
    if nonzero:
        a[a == 0] = 3
    return T(a)


def bools(rng, shape):
    return T(rng.random(shape) < 0.5)


SHAPES = [(5,), (2, 3, 4)]

# Inputs inside the domain of each unary op (uniform between the bounds).
DOMAINS = {
    "tf.acos": (-0.95, 0.95), "tf.asin": (-0.95, 0.95), "tf.atanh": (-0.95, 0.95),
    "tf.math.erfinv": (-0.95, 0.95), "tf.acosh": (1.05, 4.0), "tf.math.log": (0.05, 5.0),
    "tf.math.log1p": (-0.9, 5.0), "tf.sqrt": (0.0, 5.0), "tf.math.rsqrt": (0.05, 5.0),
    "tf.math.reciprocal": (0.1, 5.0),
}
# Unary ops that also take integer tensors in both libraries.
INT_UNARY = {"tf.abs", "tf.negative", "tf.square", "tf.sign", "tf.identity", "tf.ones_like", "tf.zeros_like",
             "tf.convert_to_tensor", "tf.stop_gradient", "tf.nn.relu", "tf.is_tensor"}
# Binary ops that also take integers, and those needing a divisor without zeros.
INT_BINARY = {"tf.maximum", "tf.minimum", "tf.add", "tf.subtract", "tf.multiply", "tf.math.floordiv",
              "tf.math.floormod", "tf.math.truncatemod", "tf.equal", "tf.not_equal", "tf.greater",
              "tf.greater_equal", "tf.less", "tf.less_equal"}
NONZERO_DIVISOR = {"tf.math.floordiv", "tf.math.floormod", "tf.math.truncatemod"}
BOOL_OPS = {"tf.logical_and", "tf.logical_or", "tf.logical_not", "tf.math.logical_xor"}


def unary_cases(row, rng):
    first = row.tf_params[0][0]
    low, high = DOMAINS.get(row.tf, (-3.0, 3.0))
    if row.tf in BOOL_OPS:
        return [{first: bools(rng, s)} for s in SHAPES]
    cases = [{first: floats(rng, s, low, high)} for s in SHAPES]
    if row.tf == "tf.round":  # halves: TensorFlow rounds them to even
        cases.append({first: T(np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], "float32"))})
    if row.tf in INT_UNARY:
        cases += [{first: ints(rng, s)} for s in SHAPES]
    return cases


def binary_cases(row, rng):
    (a, _), (b, _) = row.tf_params[:2]
    if row.tf in BOOL_OPS:
        return [{a: bools(rng, s), b: bools(rng, s)} for s in SHAPES]
    if row.tf == "tf.pow":
        return [{a: floats(rng, s, 0.1, 3.0), b: floats(rng, s, -2, 2)} for s in SHAPES]
    nonzero = row.tf in NONZERO_DIVISOR
    cases = []
    for s in SHAPES:
        y = floats(rng, s)
        if nonzero:
            y.array[np.abs(y.array) < 0.2] = 1.5
        elif row.tf == "tf.math.divide_no_nan":
            y.array.flat[::3] = 0
        cases.append({a: floats(rng, s), b: y})
    cases.append({a: floats(rng, (3, 4)), b: floats(rng, (4,))})  # broadcasting
    if row.tf in INT_BINARY:
        cases += [{a: ints(rng, s), b: ints(rng, s, nonzero=nonzero)} for s in SHAPES]
    return cases


def reduction_cases(row, rng):
    x = row.tf_params[0][0]
    make = bools if row.tf in ("tf.reduce_all", "tf.reduce_any") else floats
    cases = []
    for s in SHAPES:
        cases.append({x: make(rng, s)})
        cases.append({x: make(rng, s), "axis": -1, "keepdims": True})
        if len(s) > 1:
            cases.append({x: make(rng, s), "axis": 0})
    if row.tf in ("tf.reduce_sum", "tf.reduce_prod", "tf.reduce_max", "tf.reduce_min", "tf.reduce_mean"):
        cases += [{x: ints(rng, s, -3, 4)} for s in SHAPES] + [{x: ints(rng, (3, 4), -3, 4), "axis": 1}]
    return cases


def spd(rng, n, batch=()):
    a = rng.normal(size=batch + (n, n)).astype("float32")
    return T(a @ np.swapaxes(a, -1, -2) + n * np.eye(n, dtype="float32"))


def image(rng, shape=(2, 4, 5, 3)):
    return T(rng.uniform(0, 1, shape).astype("float32"))


def special_cases(rng):
    """Cases of the rows whose arguments are not one or two like tensors."""
    f = lambda *s, **kw: floats(rng, s, **kw)  # noqa: E731
    i = lambda *s, **kw: ints(rng, s, **kw)  # noqa: E731
    labels = np.eye(4, dtype="float32")[rng.integers(0, 4, 6)]
    return {
        "tf.concat": [{"values": [f(2, 3), f(4, 3)], "axis": 0}, {"values": [f(2, 3), f(2, 1)], "axis": -1},
                      {"values": [i(2, 2), i(1, 2)], "axis": 0}],
        "tf.range": [{"start": 5}, {"start": 2, "limit": 11, "delta": 3}, {"start": 0.5, "limit": 3.0, "delta": 0.5},
                     {"start": 1, "limit": 6, "dtype": "float32"}],
        "tf.clip_by_value": [{"t": f(3, 4), "clip_value_min": -1.0, "clip_value_max": 1.5},
                             {"t": i(5), "clip_value_min": -2, "clip_value_max": 4}],
        "tf.gather": [{"params": f(5, 3), "indices": T(np.array([4, 0, 2], "int32"))},
                      {"params": f(3, 5), "indices": T(np.array([1, 1, 4], "int32")), "axis": 1},
                      {"params": i(6), "indices": T(np.array([[0, 5], [2, 3]], "int32"))}],
        "tf.nn.sigmoid_cross_entropy_with_logits": [
            {"labels": T((rng.random((4, 3)) < 0.5).astype("float32")), "logits": f(4, 3)}],
        "tf.nn.softmax_cross_entropy_with_logits": [{"labels": T(labels), "logits": f(6, 4)}],
        "tf.nn.sparse_softmax_cross_entropy_with_logits": [
            {"labels": T(rng.integers(0, 4, 6).astype("int32")), "logits": f(6, 4)}],
        "tf.scatter_nd": [{"indices": T(np.array([[1], [3]], "int32")), "updates": f(2), "shape": (5,)},
                          {"indices": T(np.array([[0, 1], [2, 2]], "int32")), "updates": f(2), "shape": (3, 3)}],
        "tf.signal.frame": [{"signal": f(10), "frame_length": 4, "frame_step": 2},
                            {"signal": f(2, 9), "frame_length": 3, "frame_step": 3}],
        "tf.reshape": [{"tensor": f(3, 4), "shape": (4, 3)}, {"tensor": f(2, 3, 4), "shape": (-1, 4)},
                       {"tensor": i(6), "shape": (2, 3)}],
        "tf.matmul": [{"a": f(3, 4), "b": f(4, 2)}, {"a": f(2, 3, 4), "b": f(2, 4, 5)},
                      {"a": f(4, 3), "b": f(4, 2), "transpose_a": True},
                      {"a": f(3, 4), "b": f(2, 4), "transpose_b": True}],
        "tf.cast": [{"x": f(3, 4), "dtype": "int32"}, {"x": i(5), "dtype": "float32"}, {"x": f(4), "dtype": "bool"}],
        "tf.saturate_cast": [{"value": f(6, low=-300, high=300), "dtype": "int8"},
                             {"value": i(5, low=-500, high=500), "dtype": "uint8"}],
        "tf.transpose": [{"a": f(3, 4)}, {"a": f(2, 3, 4), "perm": (2, 0, 1)}, {"a": i(2, 3)}],
        "tf.linalg.matrix_transpose": [{"a": f(3, 4)}, {"a": f(2, 3, 4)}],
        "tf.expand_dims": [{"input": f(3, 4), "axis": 0}, {"input": f(3, 4), "axis": -1}, {"input": i(5), "axis": 1}],
        "tf.squeeze": [{"input": f(1, 3, 1)}, {"input": f(1, 3, 1), "axis": 2}, {"input": i(3, 1), "axis": -1}],
        "tf.tile": [{"input": f(2, 3), "multiples": (2, 1)}, {"input": i(3), "multiples": (3,)}],
        "tf.stack": [{"values": [f(3), f(3)]}, {"values": [f(2, 3), f(2, 3), f(2, 3)], "axis": 1},
                     {"values": [i(2), i(2)], "axis": -1}],
        "tf.unstack": [{"value": f(3, 4)}, {"value": f(2, 3, 4), "axis": 1}, {"value": f(3, 2), "num": 3}],
        "tf.broadcast_to": [{"input": f(3), "shape": (2, 3)}, {"input": i(1, 4), "shape": (3, 4)}],
        "tf.pad": [{"tensor": f(2, 3), "paddings": ((1, 0), (2, 1))},
                   {"tensor": f(3), "paddings": ((2, 2),), "constant_values": 1.5},
                   {"tensor": i(2, 2), "paddings": ((0, 1), (1, 1))}],
        "tf.where": [{"condition": bools(rng, (3, 4)), "x": f(3, 4), "y": f(3, 4)},
                     {"condition": bools(rng, (3, 4)), "x": f(4), "y": f(3, 1)},
                     {"condition": bools(rng, (5,)), "x": i(5), "y": i(5)}],
        "tf.ones": [{"shape": (2, 3)}, {"shape": (4,), "dtype": "int32"}],
        "tf.zeros": [{"shape": (2, 3)}, {"shape": (4,), "dtype": "int32"}],
        "tf.eye": [{"num_rows": 3}, {"num_rows": 2, "num_columns": 4}, {"num_rows": 3, "dtype": "int32"}],
        "tf.linspace": [{"start": 0.0, "stop": 1.0, "num": 5}, {"start": -2.0, "stop": 3.0, "num": 11}],
        "tf.one_hot": [{"indices": T(np.array([0, 2, 1, 3], "int32")), "depth": 4},
                       {"indices": T(np.array([[1, 0], [2, 2]], "int32")), "depth": 3},
                       {"indices": T(np.array([0, 2, 1], "int32")), "depth": 3, "axis": 0}],
        "tf.sort": [{"values": f(3, 4)}, {"values": f(3, 4), "axis": 0}, {"values": i(7)}],
        "tf.cumsum": [{"x": f(5)}, {"x": f(3, 4)}, {"x": f(3, 4), "axis": 1}, {"x": i(2, 3)}],
        "tf.math.cumprod": [{"x": f(5, low=0.5, high=1.5)}, {"x": f(3, 4)}, {"x": f(3, 4), "axis": 1},
                            {"x": i(2, 3, low=-3, high=4)}],
        "tf.einsum": [{"equation": "ij,jk->ik", "inputs": [f(2, 3), f(3, 4)]}, {"equation": "bij->bji", "inputs": [f(2, 3, 4)]},
                      {"equation": "i,i->", "inputs": [f(5), f(5)]}],
        "tf.tensordot": [{"a": f(3, 4), "b": f(4, 5), "axes": 1}, {"a": f(2, 3, 4), "b": f(3, 4, 5), "axes": 2},
                         {"a": f(3, 4), "b": f(3, 2), "axes": ((0,), (0,))}],
        "tf.math.segment_sum": [{"data": f(5, 2), "segment_ids": T(np.array([0, 0, 1, 2, 2], "int32"))},
                                {"data": i(4), "segment_ids": T(np.array([0, 1, 1, 3], "int32"))}],
        "tf.math.unsorted_segment_sum": [
            {"data": f(5, 2), "segment_ids": T(np.array([2, 0, 2, 1, 0], "int32")), "num_segments": 3},
            {"data": f(4), "segment_ids": T(np.array([0, 3, 3, 1], "int32")), "num_segments": 5}],
        "tf.repeat": [{"input": f(3), "repeats": 2}, {"input": f(2, 3), "repeats": 2, "axis": 0},
                      {"input": i(3), "repeats": T(np.array([1, 0, 2], "int32")), "axis": 0}],
        "tf.roll": [{"input": f(5), "shift": 2, "axis": 0}, {"input": f(3, 4), "shift": -1, "axis": 1},
                    {"input": i(3, 4), "shift": (1, 2), "axis": (0, 1)}],
        "tf.meshgrid": [{"args": [f(3), f(4)]}, {"args": [f(3), f(2)], "indexing": "ij"}],
        "tf.cond": [{"pred": T(np.array(v)), "true_fn": Fn(lambda conv: (lambda: conv(np.float32(2.0)) * 3)),
                     "false_fn": Fn(lambda conv: (lambda: conv(np.float32(2.0)) - 1))} for v in (True, False)],
        "tf.vectorized_map": [{"fn": Fn(lambda conv: (lambda e: e * e + 1)), "elems": f(4, 3)}],
        "tf.nn.moments": [{"x": f(4, 3), "axes": (0,)}, {"x": f(2, 3, 4), "axes": (0, 1), "keepdims": True}],
        "tf.nn.bias_add": [{"value": f(4, 3), "bias": f(3)}, {"value": f(2, 5, 3), "bias": f(3)}],
        "tf.linalg.inv": [{"input": spd(rng, 3)}, {"input": spd(rng, 2, (4,))}],
        "tf.linalg.det": [{"input": spd(rng, 3)}, {"input": f(4, 3, 3)}],
        "tf.linalg.slogdet": [{"input": spd(rng, 3)}, {"input": f(4, 3, 3)}],
        "tf.linalg.logdet": [{"matrix": spd(rng, 3)}, {"matrix": spd(rng, 2, (3,))}],
        "tf.linalg.cholesky": [{"input": spd(rng, 3)}, {"input": spd(rng, 4, (2,))}],
        "tf.linalg.eigh": [{"tensor": spd(rng, 3)}, {"tensor": spd(rng, 4, (2,))}],
        "tf.linalg.solve": [{"matrix": spd(rng, 3), "rhs": f(3, 2)}, {"matrix": spd(rng, 2, (4,)), "rhs": f(4, 2, 1)}],
        "tf.linalg.triangular_solve": [
            {"matrix": T(np.tril(spd(rng, 3).array)), "rhs": f(3, 2)},
            {"matrix": T(np.triu(spd(rng, 3).array)), "rhs": f(3, 1), "lower": False}],
        "tf.linalg.trace": [{"x": f(3, 3)}, {"x": f(2, 4, 4)}, {"x": i(3, 3)}],
        "tf.linalg.cross": [{"a": f(3), "b": f(3)}, {"a": f(4, 3), "b": f(4, 3)}],
        "tf.image.flip_left_right": [{"image": image(rng, (4, 5, 3))}, {"image": image(rng)}],
        "tf.image.flip_up_down": [{"image": image(rng, (4, 5, 3))}, {"image": image(rng)}],
        "tf.image.rgb_to_grayscale": [{"images": image(rng, (4, 5, 3))}, {"images": image(rng)}],
        "tf.image.rgb_to_hsv": [{"images": image(rng, (4, 5, 3))}, {"images": image(rng)}],
        "tf.image.hsv_to_rgb": [{"images": image(rng, (4, 5, 3))}, {"images": image(rng)}],
        "tf.nn.leaky_relu": [{"features": f(3, 4)}, {"features": f(5), "alpha": 0.1}],
        "tf.nn.softmax": [{"logits": f(3, 4)}, {"logits": f(2, 3, 4), "axis": 1}],
        "tf.nn.log_softmax": [{"logits": f(3, 4)}, {"logits": f(2, 3, 4), "axis": 0}],
        "tf.nn.gelu": [{"features": f(3, 4)}, {"features": f(5), "approximate": True}],
        "tf.nn.silu": [{"features": f(3, 4)}, {"features": f(2, 3, 4)}],
    }


def cases_for(row, rng, special):
    if row.tf in special:
        return special[row.tf]
    names = [n for n, kind in row.tf_params if not kind and n != "name"]
    if names[1:3] == ["axis", "keepdims"]:
        return reduction_cases(row, rng)
    required = [n for n, kind, req in params(row.tf_sig) if req and n != "name"]
    if len(required) == 1:
        return unary_cases(row, rng)
    if len(required) == 2:
        return binary_cases(row, rng)
    return []


# ------------------------------------------------------------------ the calls


def resolve(root, dotted):
    obj = root
    for part in dotted.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def materialize(value, conv):
    if isinstance(value, T):
        return conv(value.array)
    if isinstance(value, Fn):
        return value.build(conv)
    if isinstance(value, list):
        return [materialize(v, conv) for v in value]
    return value


def split_call(params, kwargs):
    """(args, kwargs) for a call: the arguments of the parameters up to a
    *args parameter go by position, since *args must follow them."""
    kinds = [kind for _, kind in params]
    if "*" not in kinds:
        return [], dict(kwargs)
    args, rest = [], dict(kwargs)
    for name, kind in params[:kinds.index("*") + 1]:
        if name not in rest:
            break
        value = rest.pop(name)
        args.extend(value if kind == "*" else [value])
    return args, rest


def keras_call(row, case):
    """The Keras arguments for a TensorFlow call with keyword arguments case,
    by the table's directives, as (args, kwargs); None when the rewriter
    would leave the call alone (an argument without a Keras counterpart)."""
    kwargs = {}
    keras_names = {n for n, kind in row.keras_params if not kind}
    has_var_keyword = any(kind == "**" for _, kind in row.keras_params)
    var_positional = [n for n, kind in row.keras_params if kind == "*"]
    for name, value in case.items():
        to = row.renames.get(name, name)
        if to == "-":
            continue
        if to == "?":
            return None
        if dict(row.tf_params).get(name) == "*":
            if not var_positional:
                return None
            to = var_positional[0]
        elif to not in keras_names and not has_var_keyword:
            return None
        kwargs[to] = value
    for name, value in row.fills.items():
        kwargs.setdefault(name, value)
    return split_call(row.keras_params, kwargs)


def to_numpy(value, keras):
    if isinstance(value, (list, tuple)):
        return [to_numpy(v, keras) for v in value]
    if isinstance(value, (bool, int, float)):
        return np.asarray(value)
    if hasattr(value, "numpy") and not hasattr(value, "__jax_array__"):
        try:
            return np.asarray(value.numpy())
        except Exception:  # noqa: BLE001 - a Keras tensor of another backend
            pass
    return np.asarray(keras.ops.convert_to_numpy(value))


KINDS = {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}


def compare(want, got, where="result"):
    if isinstance(want, list) or isinstance(got, list):
        if not (isinstance(want, list) and isinstance(got, list)) or len(want) != len(got):
            return ["%s: structure differs: %s vs %s" % (where, describe(want), describe(got))]
        out = []
        for n, (w, g) in enumerate(zip(want, got)):
            out += compare(w, g, "%s[%d]" % (where, n))
        return out
    if want.shape != got.shape:
        return ["%s: shape %s, Keras %s" % (where, want.shape, got.shape)]
    if KINDS.get(want.dtype.kind) != KINDS.get(got.dtype.kind):
        return ["%s: dtype %s, Keras %s" % (where, want.dtype, got.dtype)]
    if want.dtype.kind in "fc":
        ok = np.allclose(want, got, rtol=RTOL, atol=ATOL, equal_nan=True)
    else:
        ok = np.array_equal(want, got)
    if not ok:
        diff = np.argwhere(~np.isclose(want, got, rtol=RTOL, atol=ATOL, equal_nan=True)) if want.dtype.kind in "fc" \
            else np.argwhere(want != got)
        at = tuple(diff[0]) if len(diff) and want.ndim else ()
        return ["%s: values differ (%d of %d), e.g. at %s: %r vs Keras %r" % (
            where, len(diff), max(want.size, 1), at, want[at].item(), got[at].item())]
    return []


def describe(v):
    return "list of %d" % len(v) if isinstance(v, list) else "array %s" % (v.shape,)


def case_text(case):
    def show(v):
        if isinstance(v, T):
            return "%s%s" % (v.array.dtype, list(v.array.shape))
        if isinstance(v, Fn):
            return "fn"
        if isinstance(v, list):
            return "[%s]" % ", ".join(show(x) for x in v)
        return repr(v)
    return ", ".join("%s=%s" % (k, show(v)) for k, v in case.items())


def check_row(row, cases, tf, keras):
    problems = []
    for name in row.names.split():
        try:
            resolve(tf, name)
        except AttributeError:
            problems.append("%s does not exist in TensorFlow %s" % (name, tf.__version__))
    try:
        tf_fn, keras_fn = resolve(tf, row.tf), resolve(keras, row.keras)
    except AttributeError as e:
        return problems + ["cannot call the row: %s" % e], 0
    tf_conv = lambda a: tf.constant(a)  # noqa: E731
    keras_conv = lambda a: keras.ops.convert_to_tensor(a)  # noqa: E731
    skipped = 0
    for case in cases:
        call = keras_call(row, case)
        if call is None:
            skipped += 1  # gokmig leaves such a call as it is
            continue
        tf_args, tf_kwargs = split_call(row.tf_params, {k: materialize(v, tf_conv) for k, v in case.items()})
        try:
            want = tf_fn(*tf_args, **tf_kwargs)
        except Exception as e:  # noqa: BLE001 - a bad case is the test's bug, reported
            problems.append("case %s: TensorFlow raised %s: %s" % (case_text(case), type(e).__name__, first(e)))
            continue
        args, kwargs = call
        try:
            got = keras_fn(*[materialize(v, keras_conv) for v in args],
                           **{k: materialize(v, keras_conv) for k, v in kwargs.items()})
        except Exception as e:  # noqa: BLE001 - Keras rejecting a call TF accepts is a disagreement
            problems.append("case %s: Keras raised %s: %s" % (case_text(case), type(e).__name__, first(e)))
            continue
        want, got = to_numpy(want, keras), to_numpy(got, keras)
        if row.tf == "tf.linalg.eigh":
            # Eigenvectors are defined up to sign: compare |V| and the values.
            want, got = [want[0], np.abs(want[1])], [got[0], np.abs(got[1])]
        problems += ["case %s: %s" % (case_text(case), p) for p in compare(want, got)]
    return problems, skipped


def first(e):
    return (str(e).strip().splitlines() or [""])[0][:200]


def main(argv):
    # --also NAME checks that row too whatever its safety (the tests use it
    # on a row known to disagree, to show that disagreements are caught).
    also = set()
    while argv[:1] == ["--also"]:
        also.add(argv[1])
        argv = argv[2:]
    table = argv[0] if argv else TABLE
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    import keras

    import time

    started = time.process_time()
    rows = [r for r in read_table(table) if r.safety == "safe" or r.tf in also]
    out = {"backend": keras.backend.backend(), "rows": []}
    for row in rows:
        rng = np.random.default_rng(sum(map(ord, row.tf)))  # the same inputs every run
        cases = cases_for(row, rng, special_cases(rng))
        problems, skipped = check_row(row, cases, tf, keras) if cases else ([], 0)
        out["rows"].append({"tf": row.tf, "line": row.line, "safety": row.safety, "cases": len(cases) - skipped,
                            "skipped": skipped, "problems": problems})
    out["cpu_seconds"] = round(time.process_time() - started, 1)  # of the checks, imports aside
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    sys.stdout.flush()
    os._exit(0)  # TensorFlow's teardown can take seconds


if __name__ == "__main__":
    main(sys.argv[1:])
