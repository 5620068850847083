"""Checks cellfix/backendmap/backend.tsv on real Keras.

Reads JSON from stdin: a list of {"name", "safety", "old", "new"}, where old is
a row's example (Keras 2 code through tf.keras) and new is what gokmig's fix
made of it. Each old program runs on Keras 2 (tf-keras, TF_USE_LEGACY_KERAS=1),
each new one on Keras 3 with the TensorFlow and with the JAX backend, in fresh
processes (both variables act at import time). Every program sets `result`;
for safe rows the results must match in value, shape and dtype, for unsafe
rows (other random numbers) in shape and dtype. Prints one line per mismatch
and exits 1 if there is any.
"""

import json
import os
import subprocess
import sys

RUN = r"""
import json, sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
out = {}
for name, src in json.load(sys.stdin).items():
    ns = {}
    try:
        exec(src, ns)
        r = ns["result"]
        if isinstance(r, tuple) and all(d is None or isinstance(d, int) for d in r):
            out[name] = {"tuple": list(r)}
        else:
            a = np.asarray(r)
            out[name] = {"value": a.astype("float64").tolist(), "shape": list(a.shape), "dtype": str(a.dtype)}
    except Exception as e:
        out[name] = {"error": "%s: %s" % (type(e).__name__, str(e)[:200])}
print("RESULTS " + json.dumps(out))
"""


def run(programs, env):
    full = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **env)
    proc = subprocess.run([sys.executable, "-c", RUN], input=json.dumps(programs), capture_output=True, text=True, env=full)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULTS "):
            return json.loads(line[len("RESULTS "):])
    raise SystemExit("runner failed under %s:\n%s" % (env, proc.stderr[-3000:]))


def same(a, b, safe):
    if "error" in a or "error" in b:
        return False
    if "tuple" in a or "tuple" in b:
        return a.get("tuple") == b.get("tuple")
    if a["shape"] != b["shape"] or a["dtype"] != b["dtype"]:
        return False
    if not safe:
        return True
    import numpy as np

    return np.allclose(np.asarray(a["value"]), np.asarray(b["value"]), rtol=1e-5, atol=1e-6, equal_nan=True)


def main():
    rows = json.load(sys.stdin)
    old = run({r["name"]: r["old"] for r in rows}, {"TF_USE_LEGACY_KERAS": "1"})
    bad = 0
    for backend in ("tensorflow", "jax"):
        new = run({r["name"]: r["new"] for r in rows}, {"KERAS_BACKEND": backend})
        for r in rows:
            a, b = old[r["name"]], new[r["name"]]
            if "error" in a:
                print("%s: the Keras 2 example fails: %s" % (r["name"], a["error"]))
                bad += 1
            elif not same(a, b, r["safety"] != "unsafe"):
                print("%s on %s: Keras 2 gave %s, the fixed code %s" % (r["name"], backend, a, b))
                bad += 1
    print("%d rows checked on Keras 2 and Keras 3 (tensorflow, jax); %d mismatches" % (len(rows), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
