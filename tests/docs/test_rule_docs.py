"""Runs every rule doc's examples on real Keras 3 and holds the docs and the
rules' messages to what happens.

Each cellfix/rules/docs/NAME.md states, in `<!-- keras3: ... -->` comments
before its Example (the convention is in cellfix/rules/docs/README.md), what
the Example does on Keras 3: the exception it raises, or what it prints, and
the Keras release that fixed it if one did. These tests run the Example and
the "Use instead" code as programs, in a fresh folder, on the backends named,
and check:

- the Example raises or prints what the doc says (on a release at or after
  its fixed-in release, it runs cleanly instead);
- the "Use instead" code runs cleanly;
- gokmig reports the rule on its own Example, and every error class or
  quoted error text in the message is what the Example really raised.

Under CI=true a missing Keras, TensorFlow or JAX is a failure, not a skip.
"""

import functools
import json
import os
import re
import subprocess
import sys
import tempfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = os.path.join(REPO, "cellfix", "rules", "docs")

# Runs a program and reports, as JSON on the last line of stdout, the
# exception it raised (the class names along its MRO and its text) or none.
HARNESS = r"""
import json, runpy, sys
result = {"raised": None, "message": ""}
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
except BaseException as e:
    result = {"raised": [c.__name__ for c in type(e).__mro__], "message": str(e)}
sys.stdout.flush()
print("\n" + json.dumps(result))
"""


def require(module):
    try:
        __import__(module)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("%s is required under CI=true" % module)
        pytest.skip("%s is not installed" % module)


class Doc:
    """One rule doc: its expectations and code blocks."""

    def __init__(self, name, text):
        self.name = name
        self.sections = {}
        for part in re.split(r"^## ", text, flags=re.M)[1:]:
            title, _, body = part.partition("\n")
            self.sections[title.strip()] = body
        example = self.sections.get("Example", "")
        self.example = first_block(example)
        self.use_instead = first_block(self.sections.get("Use instead", ""))
        self.raises = None
        self.prints = None
        self.fixed_in = None
        self.backends = []
        for claim in re.findall(r"<!--\s*keras3:\s*(.*?)\s*-->", example, flags=re.S):
            verb, _, rest = claim.partition(" ")
            rest = " ".join(rest.split())
            if verb == "raises":
                cls, _, phrase = rest.partition(":")
                self.raises = (cls.strip(), phrase.strip())
            elif verb == "prints":
                self.prints = rest
            elif verb == "fixed-in":
                self.fixed_in = tuple(int(p) for p in rest.split("."))
            elif verb == "backend":
                self.backends += rest.split()
            else:
                raise ValueError("%s.md: unknown keras3 claim %r" % (self.name, claim))
        self.backends = self.backends or ["tensorflow"]


def first_block(section):
    m = re.search(r"```python\n(.*?)```", section, flags=re.S)
    return m.group(1) if m else None


def docs():
    out = []
    for f in sorted(os.listdir(DOCS)):
        if f.endswith(".md") and f != "README.md":
            with open(os.path.join(DOCS, f)) as fh:
                out.append(Doc(f[:-3], fh.read()))
    return out


DOCS_LIST = docs()
IDS = [d.name for d in DOCS_LIST]


def keras_version():
    require("keras")
    import keras

    return tuple(int(p) for p in keras.__version__.split(".")[:2])


@functools.lru_cache(maxsize=None)
def run(code, backend):
    """Runs code as a program on backend and returns (result, stdout, stderr)."""
    require("keras")
    require("tensorflow")
    if backend == "jax":
        require("jax")
    with tempfile.TemporaryDirectory(prefix="gokmig-doc-") as tmp:
        path = os.path.join(tmp, "example.py")
        with open(path, "w") as fh:
            fh.write(code)
        env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
        env.pop("TF_USE_LEGACY_KERAS", None)
        proc = subprocess.run([sys.executable, "-c", HARNESS, path], cwd=tmp, env=env,
                              capture_output=True, text=True, timeout=600)
    lines = proc.stdout.rstrip("\n").split("\n")
    assert proc.returncode == 0 and lines, "harness failed: %s" % proc.stderr[-2000:]
    return json.loads(lines[-1]), "\n".join(lines[:-1]), proc.stderr


def test_every_doc_states_what_its_example_does():
    for d in DOCS_LIST:
        assert d.example, "%s.md: no python block under Example" % d.name
        assert d.use_instead, "%s.md: no python block under Use instead" % d.name
        assert not (d.raises and d.prints), "%s.md: both raises and prints" % d.name
        # Only a problem a later Keras fixed may lack the claim: what it did
        # before may be out of reach of the installed dependencies.
        assert d.raises or d.prints or d.fixed_in, \
            "%s.md: the Example needs <!-- keras3: raises ... --> or <!-- keras3: prints ... -->" % d.name


def fixed_on_installed(d):
    return d.fixed_in is not None and keras_version() >= d.fixed_in


@pytest.mark.parametrize("d", DOCS_LIST, ids=IDS)
def test_example_does_what_the_doc_says(d):
    for backend in d.backends:
        result, out, _ = run(d.example, backend)
        where = "%s.md Example on %s" % (d.name, backend)
        if fixed_on_installed(d):
            # The doc says Keras fixed this by the installed release.
            assert result["raised"] is None, "%s: fixed in %s per the doc, yet raised %s: %s" % (
                where, d.fixed_in, result["raised"][0], result["message"][:500])
        elif d.raises:
            cls, phrase = d.raises
            assert result["raised"], "%s: ran cleanly; the doc says it raises %s" % (where, cls)
            assert cls in result["raised"], "%s: raised %s, the doc says %s" % (where, result["raised"][0], cls)
            assert phrase in " ".join(result["message"].split()), "%s: %r not in the error: %s" % (
                where, phrase, result["message"][:500])
        elif d.prints:
            assert result["raised"] is None, "%s: raised %s: %s" % (where, result["raised"][0], result["message"][:500])
            assert d.prints in out, "%s: %r not in its output %r" % (where, d.prints, out)


@pytest.mark.parametrize("d", DOCS_LIST, ids=IDS)
def test_use_instead_runs(d):
    for backend in sorted(set(d.backends) | {"tensorflow"}):
        result, _, _ = run(d.use_instead, backend)
        assert result["raised"] is None, "%s.md Use instead on %s raised %s: %s" % (
            d.name, backend, result["raised"][0], result["message"][:500])


@functools.lru_cache(maxsize=None)
def gokmig_binary():
    out = tempfile.mkdtemp(prefix="gokmig-doc-bin-")
    binary = os.path.join(out, "gokmig-kernel")
    proc = subprocess.run(["go", "build", "-o", binary, "./cmd/gokmig-kernel"], cwd=REPO,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    return binary


def findings(code, rule, keras_version):
    proc = subprocess.run([gokmig_binary(), "check", "--isolated", "--target", "multi", "--select", rule,
                           "--keras-version", keras_version, "--format", "json", "--stdin-filename", "example.py", "-"],
                          input=code, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


ERROR_CLASS = re.compile(r"\b([A-Z]\w*(?:Error|Exception))\b")
# A double-quoted phrase of three words or more is a quote of Keras's error.
QUOTED = re.compile(r'"([^"]+\s[^"]+\s[^"]+)"')


@pytest.mark.parametrize("d", DOCS_LIST, ids=IDS)
def test_message_matches_what_the_example_does(d):
    # The earliest release the rule speaks for, so that a rule about a
    # problem a later Keras fixed still reports.
    found = findings(d.example, d.name, "3.0")
    assert any(f["rule"] == d.name for f in found), "%s does not report its own Example: %s" % (d.name, found)
    result, _, _ = run(d.example, d.backends[0])
    for f in found:
        if f["rule"] != d.name:
            continue
        msg = f["message"]
        for cls in ERROR_CLASS.findall(msg):
            assert result["raised"] and cls in result["raised"] or fixed_on_installed(d), \
                "%s message names %s, but the Example raised %s: %s" % (d.name, cls, result["raised"], msg)
        if result["raised"]:
            error = " ".join(result["message"].split())
            # Quotes inside `code` are Python strings, not quoted errors.
            for phrase in QUOTED.findall(re.sub(r"`[^`]*`", "", msg)):
                assert phrase.rstrip(".…") in error, "%s message quotes %r, not in the real error %r" % (
                    d.name, phrase, error[:500])


def test_fixed_in_claims_hold_for_installed_keras():
    """The installed Keras is at or after every fixed-in release the docs
    name only if those Examples run, which test_example_does_what_the_doc_says
    checks. Here: no doc names a release newer than the newest Keras gokmig
    knows, so every fixed-in claim is one a release in reach confirmed."""
    v = keras_version()
    for d in DOCS_LIST:
        if d.fixed_in:
            assert d.fixed_in <= (3, 15), "%s.md: fixed-in %s is newer than Keras 3.15" % (d.name, d.fixed_in)
    assert v >= (3, 0)
