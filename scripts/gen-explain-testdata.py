#!/usr/bin/env python3
"""Writes kernel/explain/testdata/real_errors.json: the exceptions real Keras 3
raises on Keras 2 code, which the runtime explanations are tested against.

    .venv/bin/python tests/runtime/runner.py --variants ab --json /tmp/report.json
    .venv/bin/python scripts/gen-explain-testdata.py /tmp/report.json

Two sources, both real Keras 3.x:
  corpus:NAME    the variant b (Keras 3, TensorFlow backend) failure of
                 tests/runtime/programs/NAME, from the runner's report;
  snippet:NAME   a few lines below, run here on the numpy backend, for failures
                 the corpus does not produce.

tests/runtime/test_runtime_corpus.py fails when the corpus entries differ from
what a fresh run raises, so the file stays current: regenerate it then.
"""

import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "kernel", "explain", "testdata", "real_errors.json")

# Keras 2 habits that fail on Keras 3 and that no corpus program trips.
SNIPPETS = {
    "load_savedmodel_dir": "import os\nos.makedirs('exported')\nkeras.models.load_model('exported')\n",
    "metric_reset_states": "keras.metrics.Mean().reset_states()\n",
    "layers_experimental_import": "from keras.layers.experimental import preprocessing\n",
}

RUN_SNIPPETS = r"""
import json, os, sys, tempfile
import keras
out = {}
for name, code in json.loads(sys.argv[1]).items():
    os.chdir(tempfile.mkdtemp())
    try:
        exec(code, {"keras": keras})
    except Exception as e:
        out[name] = {"ename": type(e).__name__, "evalue": str(e)}
    else:
        out[name] = None
print(json.dumps(out))
"""


def corpus_errors(report):
    out = []
    for name, rec in sorted(report["results"].items()):
        b = rec.get("b", {})
        if not b.get("passed") and b.get("ename"):
            out.append({"source": "corpus:" + name, "ename": b["ename"], "evalue": b["evalue"]})
    return out


def snippet_errors():
    env = dict(os.environ, KERAS_BACKEND="numpy")
    env.pop("TF_USE_LEGACY_KERAS", None)
    proc = subprocess.run([sys.executable, "-c", RUN_SNIPPETS, json.dumps(SNIPPETS)], env=env,
                          capture_output=True, text=True, timeout=300, cwd=tempfile.gettempdir())
    if proc.returncode != 0:
        sys.exit("running the snippets failed:\n" + proc.stderr)
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    out = []
    for name, err in sorted(results.items()):
        if err is None:
            sys.exit("snippet %s raised nothing on this Keras: drop it or change it" % name)
        out.append({"source": "snippet:" + name, **err})
    return out


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__)
    with open(argv[0], encoding="utf-8") as f:
        report = json.load(f)
    if "b" not in report["variants"]:
        sys.exit("the report has no variant b")
    errors = corpus_errors(report) + snippet_errors()
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"errors": errors}, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print("wrote %d errors to %s" % (len(errors), os.path.relpath(OUT, ROOT)))


if __name__ == "__main__":
    main(sys.argv[1:])
