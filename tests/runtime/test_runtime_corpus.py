"""The runtime corpus on real Keras: every program in programs/ must pass on
Keras 2 (variant a), and every Keras 3 failure (variant b) must be flagged by
`gokmig-kernel check` near the failing line, except the false negatives still
listed in known_false_negatives.txt, a list that may only shrink.

The table and the totals for every variant are printed at the end of the
pytest run; the full report is written as JSON next to pytest's temporary
files (its path is printed with the table).

Under CI=true a missing TensorFlow, tf-keras, JAX or Go is a failure; elsewhere
the tests skip.
"""

import importlib.util
import json
import os
import shutil

import pytest

import runner


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def missing(reason):
    """Fail under CI, skip elsewhere."""
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus_report(request, tmp_path_factory):
    for module, package in (("tensorflow", "tensorflow-cpu"), ("tf_keras", "tf-keras"),
                            ("keras", "keras"), ("jax", "jax[cpu]")):
        if importlib.util.find_spec(module) is None:
            missing("%s is not importable: install %s (scripts/setup)" % (module, package))
    if shutil.which("go") is None:
        missing("the Go toolchain is not on PATH")
    scratch = tmp_path_factory.mktemp("runtime")
    report = runner.run_corpus(scratch=str(scratch))
    path = scratch / "runtime-report.json"
    path.write_text(json.dumps(report, indent=1, sort_keys=True))
    request.config.stash[runner_table_key] = runner.format_table(report) + "\nreport: %s" % path
    return report


runner_table_key = pytest.StashKey[str]()


def test_every_program_passes_on_keras2(corpus_report):
    broken = [
        "%s: line %s: %s" % (name, rec["a"].get("line"), rec["a"]["error"])
        for name, rec in corpus_report["results"].items() if not rec["a"]["passed"]
    ]
    assert not broken, "programs that are not valid Keras 2 (variant a):\n" + "\n".join(broken)


def test_no_unlisted_false_negatives(corpus_report):
    known = runner.read_known_false_negatives()
    new = [fn for fn in corpus_report["false_negatives"] if fn["key"] not in known]
    assert not new, (
        "Keras 3 failures that `gokmig-kernel check` does not flag within %d lines "
        "(add a rule, or, if it is accepted for now, a line to %s):\n" % (
            runner.LINE_SLACK, os.path.basename(runner.KNOWN_FALSE_NEGATIVES))
        + "\n".join("%s  %s" % (fn["key"], fn["error"]) for fn in new)
    )


def test_known_false_negatives_still_fail_unflagged(corpus_report):
    current = {fn["key"] for fn in corpus_report["false_negatives"]}
    stale = sorted(set(runner.read_known_false_negatives()) - current)
    assert not stale, (
        "listed in %s but no longer false negatives; remove them so the list only shrinks:\n"
        % os.path.basename(runner.KNOWN_FALSE_NEGATIVES) + "\n".join(stale)
    )


def test_no_unlisted_unexplained_failures(corpus_report):
    known = runner.read_known_false_negatives(runner.KNOWN_UNEXPLAINED)
    new = [u for u in corpus_report["unexplained"] if u["key"] not in known]
    assert not new, (
        "programs that fail after convert with no finding left near the failing line "
        "(the user gets failing code and no word why): add a rule or a message, or, if it "
        "is accepted for now, a line to %s:\n" % os.path.basename(runner.KNOWN_UNEXPLAINED)
        + "\n".join("%s  %s" % (u["key"], u["error"]) for u in new)
    )


def test_known_unexplained_failures_still_unexplained(corpus_report):
    current = {u["key"] for u in corpus_report["unexplained"]}
    stale = sorted(set(runner.read_known_false_negatives(runner.KNOWN_UNEXPLAINED)) - current)
    assert not stale, (
        "listed in %s but no longer unexplained failures; remove them so the list only shrinks:\n"
        % os.path.basename(runner.KNOWN_UNEXPLAINED) + "\n".join(stale)
    )


def test_ratchet_file_names_real_programs():
    names = set(runner.program_names())
    keys = list(runner.read_known_false_negatives())
    keys += [key.split(":", 1)[1] for key in runner.read_known_false_negatives(runner.KNOWN_UNEXPLAINED)]
    unknown = [key for key in keys if key.split(":")[0] not in names]
    assert not unknown, "entries naming no program in programs/: %s" % unknown


def test_corpus_is_large_enough():
    # The issue asks for at least 40 programs; a corpus that shrinks measures less.
    assert len(runner.program_names()) >= 42


REAL_ERRORS = os.path.join(runner.REPO, "kernel", "explain", "testdata", "real_errors.json")


def explain_all(binary, errors):
    """The serve op explain's answer to each (ename, evalue): the signature
    id of its explanation, or None."""
    import subprocess

    lines = "".join(json.dumps({"id": i, "op": "explain", "ename": n, "evalue": v, "traceback": []}) + "\n"
                    for i, (n, v) in enumerate(errors))
    proc = subprocess.run([str(binary), "serve"], input=lines, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = {}
    for raw in proc.stdout.splitlines():
        reply = json.loads(raw)
        meta = ((reply.get("display") or {}).get("metadata") or {}).get("gokmig_explanation")
        out[reply["id"]] = meta["signature"] if meta else None
    return [out[i] for i in range(len(errors))]


def test_every_keras3_exception_is_explained(corpus_report, tmp_path):
    """Each exception the corpus raises on Keras 3 (variant b) gets the
    kernel's runtime explanation, and kernel/explain's test data, which the
    kernel tests raise in real cells, is what this Keras raises today."""
    failures = {name: rec["b"] for name, rec in corpus_report["results"].items()
                if not rec["b"]["passed"] and rec["b"].get("ename")}
    binary = runner.build_binary(str(tmp_path))
    names = sorted(failures)
    got = explain_all(binary, [(failures[n]["ename"], failures[n]["evalue"]) for n in names])
    unexplained = ["%s: %s" % (n, failures[n]["error"]) for n, sig in zip(names, got) if sig is None]
    assert not unexplained, ("Keras 3 errors the kernel does not explain (add a signature to "
                             "kernel/explain/signatures.json):\n" + "\n".join(unexplained))
    with open(REAL_ERRORS, encoding="utf-8") as f:
        stored = {e["source"][len("corpus:"):]: e for e in json.load(f)["errors"] if e["source"].startswith("corpus:")}
    stale = sorted(n for n in set(stored) | set(failures)
                   if n not in stored or n not in failures
                   or (stored[n]["ename"], stored[n]["evalue"]) != (failures[n]["ename"], failures[n]["evalue"]))
    assert not stale, ("kernel/explain/testdata/real_errors.json is out of date for %s; rerun "
                       "scripts/gen-explain-testdata.py on this run's report" % stale)
