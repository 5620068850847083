"""Runs the runtime corpus: every Keras 2 program in programs/ on real Keras.

Each program runs in five variants:

  a  Keras 2 (tf-keras, TF_USE_LEGACY_KERAS=1); must pass, it proves the program valid
  b  as it is, on Keras 3 with the TensorFlow backend
  c  after `gokmig-kernel convert --target tf`
  d  after `gokmig-kernel convert --target tf --unsafe-fixes`
  e  after `gokmig-kernel convert --target multi --unsafe-fixes`, on the JAX backend

A run passes when the program finishes without an exception and its last
`SUMMARY ` line equals the one from variant a.

Importing TensorFlow costs seconds, so one worker process per variant runs all
of its programs, each through runpy in a fresh namespace and a fresh temporary
working directory, with the Keras session cleared in between. A program that
kills its worker (a segfault, os._exit) is found from the worker's progress
file and rerun alone as `python program.py`; the other programs continue in a
new worker. TF_USE_LEGACY_KERAS and KERAS_BACKEND act at import time, so they
are set per worker process.

A failure in variant b is a false negative when `gokmig-kernel check --target
tf` reports nothing within LINE_SLACK lines of the failing line (the last
traceback frame in the program file). A failure without a line in the program
(a wrong summary, a crash) is a false negative when check reports nothing in
the whole program.

    python tests/runtime/runner.py [--variants abcde] [--json FILE] [PROGRAM...]
"""

import argparse
import concurrent.futures
import contextlib
import dataclasses
import io
import json
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PROGRAMS = os.path.join(HERE, "programs")
KNOWN_FALSE_NEGATIVES = os.path.join(HERE, "known_false_negatives.txt")
KNOWN_UNEXPLAINED = os.path.join(HERE, "known_unexplained.txt")

SUMMARY_PREFIX = "SUMMARY "
LINE_SLACK = 2
# A program may take this long inside a worker before it is abandoned.
PROGRAM_TIMEOUT = 180
# Two cores: two workers at a time.
PARALLEL_WORKERS = 2
# How much of an exception's message a report keeps.
EVALUE_LIMIT = 4000


@dataclasses.dataclass(frozen=True)
class Variant:
    key: str
    title: str
    env: dict
    convert: tuple = ()  # convert flags; empty means run the program as written


VARIANTS = {
    v.key: v
    for v in [
        Variant("a", "Keras 2 (tf-keras)", {"TF_USE_LEGACY_KERAS": "1"}),
        Variant("b", "Keras 3 as-is (TF)", {"KERAS_BACKEND": "tensorflow"}),
        Variant("c", "convert tf (TF)", {"KERAS_BACKEND": "tensorflow"}, ("--target", "tf")),
        Variant("d", "convert tf unsafe (TF)", {"KERAS_BACKEND": "tensorflow"},
                ("--target", "tf", "--unsafe-fixes")),
        Variant("e", "convert multi unsafe (JAX)", {"KERAS_BACKEND": "jax"},
                ("--target", "multi", "--unsafe-fixes")),
    ]
}


def program_names(selected=(), programs_dir=PROGRAMS):
    names = sorted(n for n in os.listdir(programs_dir) if n.endswith(".py"))
    if selected:
        wanted = {os.path.basename(s) for s in selected}
        names = [n for n in names if n in wanted]
    return names


def variant_env(variant):
    env = dict(os.environ)
    for name in ("TF_USE_LEGACY_KERAS", "KERAS_BACKEND"):
        env.pop(name, None)
    env.update(variant.env)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


# ---------------------------------------------------------------- worker side


def first_line(text, limit=160):
    for line in str(text).splitlines():
        line = line.strip()
        if line:
            return line[:limit]
    return ""


def failing_line(path, exc_traceback, message):
    """The line of `path` where the failure surfaced: the last traceback frame
    in the program, else the last `File "path", line N` quoted in the message
    (errors raised inside tf.function carry the user's frames only there)."""
    real = os.path.realpath(path)
    line = None
    for frame in traceback.extract_tb(exc_traceback):
        if os.path.realpath(frame.filename) == real:
            line = frame.lineno
    if line is not None:
        return line
    return last_quoted_line(path, message)


def last_quoted_line(path, text):
    line = None
    for m in re.finditer(r'File "([^"]+)", line (\d+)', text):
        if os.path.realpath(m.group(1)) == os.path.realpath(path):
            line = int(m.group(2))
    return line


def last_summary(stdout):
    summary = None
    for line in stdout.splitlines():
        if line.startswith(SUMMARY_PREFIX):
            summary = line.rstrip()
    return summary


class ProgramTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise ProgramTimeout("program ran longer than %d s" % PROGRAM_TIMEOUT)


def run_in_namespace(path, clear_session):
    """Runs one program with runpy in a fresh temporary cwd; returns its record."""
    saved_cwd, saved_argv, saved_path = os.getcwd(), list(sys.argv), list(sys.path)
    saved_environ = dict(os.environ)
    workdir = tempfile.mkdtemp(prefix="runtime-")
    out, err = io.StringIO(), io.StringIO()
    record = {"error": None, "line": None}
    started = time.monotonic()
    os.chdir(workdir)
    sys.argv = [path]
    sys.path.insert(0, os.path.dirname(path))
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PROGRAM_TIMEOUT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            runpy.run_path(path, run_name="__main__")
    except SystemExit as e:
        if e.code not in (None, 0):
            record["error"] = "SystemExit: %s" % (e.code,)
            record["line"] = failing_line(path, e.__traceback__, "")
    except BaseException as e:  # noqa: BLE001 - every failure of the program is a result
        message = str(e)
        record["error"] = "%s: %s" % (type(e).__name__, first_line(message))
        # The whole exception as a kernel's `error` message carries it, for
        # the tests of the kernel's runtime explanations.
        record["ename"], record["evalue"] = type(e).__name__, message[:EVALUE_LIMIT]
        record["line"] = failing_line(path, e.__traceback__, message)
    finally:
        signal.alarm(0)
        os.chdir(saved_cwd)
        sys.argv, sys.path[:] = saved_argv, saved_path
        os.environ.clear()
        os.environ.update(saved_environ)
        shutil.rmtree(workdir, ignore_errors=True)
        try:
            clear_session()
        except Exception:  # noqa: BLE001 - a broken session shows up in the next program
            pass
    record["seconds"] = round(time.monotonic() - started, 2)
    record["summary"] = last_summary(out.getvalue())
    record["stderr_tail"] = err.getvalue()[-400:]
    return record


def session_clearer():
    """Imports the Keras of this process once (the cost every program shares)
    and returns its clear_session."""
    import tensorflow  # noqa: F401 - pay the import once, before the first program

    if os.environ.get("TF_USE_LEGACY_KERAS") == "1":
        import tf_keras

        return tf_keras.backend.clear_session
    import keras

    return keras.backend.clear_session


def worker_main(progress_file, paths):
    clear_session = session_clearer()
    with open(progress_file, "a", encoding="utf-8") as progress:
        for path in paths:
            progress.write(json.dumps({"event": "start", "path": path}) + "\n")
            progress.flush()
            record = run_in_namespace(path, clear_session)
            record.update(event="done", path=path)
            progress.write(json.dumps(record) + "\n")
            progress.flush()
    sys.stdout.flush()
    # Skip interpreter teardown: TensorFlow's can take seconds.
    os._exit(0)


# ---------------------------------------------------------------- parent side


def read_progress(progress_file):
    started, done = [], {}
    if os.path.exists(progress_file):
        with open(progress_file, encoding="utf-8") as f:
            for raw in f:
                try:
                    event = json.loads(raw)
                except json.JSONDecodeError:
                    continue  # a line cut short by a crash
                if event["event"] == "start":
                    started.append(event["path"])
                else:
                    done[event["path"]] = event
    return started, done


def run_alone(path, env):
    """Runs one program as its own process: the fallback for a program that
    took its worker down."""
    workdir = tempfile.mkdtemp(prefix="runtime-alone-")
    # Unbuffered, so output written before an os._exit or a crash is kept.
    env = dict(env, PYTHONUNBUFFERED="1")
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, path], cwd=workdir, env=env, capture_output=True,
                              text=True, timeout=PROGRAM_TIMEOUT)
        rc, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as e:
        rc, stdout, stderr = None, e.stdout or "", e.stderr or ""
        stdout = stdout.decode() if isinstance(stdout, bytes) else stdout
        stderr = stderr.decode() if isinstance(stderr, bytes) else stderr
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    record = {"path": path, "alone": True, "seconds": round(time.monotonic() - started, 2),
              "summary": last_summary(stdout), "stderr_tail": stderr[-400:], "error": None, "line": None}
    if rc is None:
        record["error"] = "timeout after %d s (alone)" % PROGRAM_TIMEOUT
    elif rc != 0:
        lines = [l for l in stderr.splitlines() if l.strip()]
        what = lines[-1].strip()[:160] if lines else ""
        if rc < 0:
            what = "killed by signal %d %s" % (-rc, what)
        record["error"] = "exit status %d: %s" % (rc, what) if rc > 0 else what
        record["line"] = last_quoted_line(path, stderr)
    return record


def run_worker(paths, env, scratch):
    """Runs `paths` in as few worker processes as crashes allow; returns
    {path: record}."""
    results = {}
    remaining = list(paths)
    round_no = 0
    while remaining:
        round_no += 1
        progress_file = os.path.join(scratch, "progress-%d.jsonl" % round_no)
        log = open(os.path.join(scratch, "worker-%d.log" % round_no), "w")
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker", progress_file, *remaining],
                                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=scratch)
        last_change, seen = time.monotonic(), 0
        while proc.poll() is None:
            time.sleep(0.5)
            size = os.path.getsize(progress_file) if os.path.exists(progress_file) else 0
            if size != seen:
                seen, last_change = size, time.monotonic()
            elif time.monotonic() - last_change > PROGRAM_TIMEOUT + 120:
                proc.kill()  # a program stalled where SIGALRM cannot reach it
                proc.wait()
        log.close()
        started, done = read_progress(progress_file)
        results.update(done)
        unfinished = [p for p in started if p not in done]
        for path in unfinished:
            results[path] = run_alone(path, env)
        remaining = [p for p in remaining if p not in results]
        if remaining and not started:
            # The worker died before its first program (e.g. TensorFlow would not import).
            with open(log.name, encoding="utf-8", errors="replace") as f:
                lines = f.read().strip().splitlines()
            reason = lines[-1].strip()[:160] if lines else "no output, exit status %s" % proc.returncode
            for path in remaining:
                results[path] = {"path": path, "error": "worker failed to start: %s" % reason,
                                 "line": None, "summary": None, "seconds": 0}
            remaining = []
    return results


def convert_programs(binary, variant, programs_dir, names, outdir):
    """Writes each program converted with the variant's flags into outdir;
    returns {name: error} for the conversions that failed, and {name: [...]}
    the visible changes that the applied fixes declared (a file or layer
    that gets a new name because Keras 3 leaves no way around it)."""
    errors, visible = {}, {}
    os.makedirs(outdir, exist_ok=True)
    for name in names:
        src, dst = os.path.join(programs_dir, name), os.path.join(outdir, name)
        proc = subprocess.run([binary, "convert", *variant.convert, "--format", "json", "-o", dst, src],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode not in (0, 1) or not os.path.exists(dst):
            errors[name] = "convert exit %d: %s" % (proc.returncode, first_line(proc.stderr))
            continue
        visible[name] = [f["fix"]["visible"] for f in json.loads(proc.stdout or "[]")
                         if f.get("fixed") and f.get("fix") and f["fix"].get("visible")]
    return errors, visible


def run_variant(binary, variant, programs_dir, names, scratch):
    started = time.monotonic()
    vdir = os.path.join(scratch, variant.key)
    os.makedirs(vdir, exist_ok=True)
    if variant.convert:
        srcdir = os.path.join(vdir, "programs")
        errors, visible = convert_programs(binary, variant, programs_dir, names, srcdir)
    else:
        srcdir, errors, visible = programs_dir, {}, {}
    runnable = [os.path.join(srcdir, n) for n in names if n not in errors]
    records = run_worker(runnable, variant_env(variant), vdir)
    out = {}
    for name in names:
        if name in errors:
            out[name] = {"error": errors[name], "line": None, "summary": None, "seconds": 0}
        else:
            rec = records[os.path.join(srcdir, name)]
            rec.pop("path", None)
            rec.pop("event", None)
            if visible.get(name):
                rec["visible"] = visible[name]
            out[name] = rec
    return out, round(time.monotonic() - started, 1)


def judge(results, names, keys):
    """Marks each run pass/fail against variant a's summary."""
    for name in names:
        base = results[name]["a"]
        for key in keys:
            rec = results[name][key]
            if rec["error"]:
                rec["passed"] = False
            elif rec["summary"] is None:
                rec["passed"] = False
                rec["error"] = "no SUMMARY line"
            elif key != "a" and rec["summary"] != base.get("summary"):
                rec["passed"] = False
                rec["error"] = "summary differs: %s" % rec["summary"][len(SUMMARY_PREFIX):][:120]
            else:
                rec["passed"] = True


def check_findings(binary, paths, target="tf"):
    """{basename: [(line, end_line), ...]} from `check --format json --target TARGET`."""
    if not paths:
        return {}
    proc = subprocess.run([binary, "check", "--format", "json", "--target", target, *paths],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode not in (0, 1):
        raise RuntimeError("gokmig-kernel check failed (exit %d): %s" % (proc.returncode, proc.stderr.strip()))
    findings = {}
    for f in json.loads(proc.stdout or "[]"):
        findings.setdefault(os.path.basename(f["path"]), []).append(
            (f["line"], f.get("end_line") or f["line"]))
    return findings


def false_negatives(binary, results, programs_dir, names):
    """Variant b failures that check does not flag near the failing line."""
    failing = [n for n in names if not results[n]["b"]["passed"]]
    findings = check_findings(binary, [os.path.join(programs_dir, n) for n in failing])
    out = []
    for name in failing:
        rec = results[name]["b"]
        spans = findings.get(name, [])
        line = rec.get("line")
        if line is None:
            flagged = bool(spans)
        else:
            flagged = any(start - LINE_SLACK <= line <= end + LINE_SLACK for start, end in spans)
        if not flagged:
            out.append({"program": name, "line": line, "error": rec["error"],
                        "key": "%s:%s" % (name, line if line is not None else "?")})
    return out


def unexplained_failures(binary, results, scratch, names, keys):
    """Failures after convert (variants c, d, e) with no finding left near
    the failing line of the converted program, and for a wrong summary no
    visible change declared by an applied fix: the user gets code that fails
    and no word on why. Each is {"variant", "program", "line", "error", "key"}."""
    out = []
    for key in keys:
        variant = VARIANTS[key]
        if not variant.convert:
            continue
        target = variant.convert[variant.convert.index("--target") + 1]
        srcdir = os.path.join(scratch, key, "programs")
        failing = [n for n in names if not results[n][key]["passed"] and os.path.exists(os.path.join(srcdir, n))]
        findings = check_findings(binary, [os.path.join(srcdir, n) for n in failing], target)
        for name in failing:
            rec = results[name][key]
            spans = findings.get(name, [])
            line = rec.get("line")
            if line is None:
                # A wrong summary without an exception: explained by a
                # finding left in the program, or by a fix that said what
                # it visibly changes (a file's or a layer's new name).
                explained = bool(spans) or bool(rec.get("visible"))
            else:
                explained = any(start - LINE_SLACK <= line <= end + LINE_SLACK for start, end in spans)
            if not explained:
                out.append({"variant": key, "program": name, "line": line, "error": rec["error"],
                            "key": "%s:%s:%s" % (key, name, line if line is not None else "?")})
    return out


def read_known_false_negatives(path=KNOWN_FALSE_NEGATIVES):
    """{"program:line": summary} from the ratchet file."""
    known = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for raw in f:
                line = raw.strip()
                if line and not line.startswith("#"):
                    key, _, rest = line.partition(" ")
                    known[key] = rest.strip()
    return known


def format_table(report):
    keys = report["variants"]
    names = report["programs"]
    width = max(len(n) for n in names) + 2
    lines = ["%-*s%s" % (width, "program", "".join("%-6s" % k for k in keys))]
    for name in names:
        row = report["results"][name]
        lines.append("%-*s%s" % (width, name, "".join(
            "%-6s" % ("pass" if row[k]["passed"] else "FAIL") for k in keys)))
        for k in keys:
            rec = row[k]
            if not rec["passed"]:
                where = "line %s: " % rec["line"] if rec.get("line") else ""
                lines.append("    %s: %s%s" % (k, where, rec["error"][:140]))
    lines.append("")
    total = len(names)
    for k in keys:
        passed = report["totals"][k]
        lines.append("%s  %-28s %3d/%d pass  (%.0f%%)  %s s" % (
            k, VARIANTS[k].title, passed, total, 100.0 * passed / total, report["seconds"][k]))
    fns = report.get("false_negatives")
    if fns is not None:
        lines.append("")
        lines.append("false negatives (fail in b, nothing reported within %d lines): %d" % (LINE_SLACK, len(fns)))
        for fn in fns:
            lines.append("  %s  %s" % (fn["key"], fn["error"][:120]))
    unexplained = report.get("unexplained")
    if unexplained is not None:
        lines.append("")
        lines.append("unexplained failures after convert (no finding within %d lines of the failing line): %d"
                     % (LINE_SLACK, len(unexplained)))
        for u in unexplained:
            lines.append("  %s  %s" % (u["key"], u["error"][:120]))
    lines.append("total wall time: %.1f s" % report["wall_seconds"])
    return "\n".join(lines)


def build_binary(outdir):
    binary = os.path.join(outdir, "gokmig-kernel")
    proc = subprocess.run(["go", "build", "-o", binary, "./cmd/gokmig-kernel"], cwd=REPO,
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError("go build failed:\n" + proc.stderr)
    return binary


def run_corpus(binary=None, keys="abcde", selected=(), scratch=None, programs_dir=PROGRAMS):
    """Runs the corpus and returns the report (a JSON-ready dict)."""
    if "a" not in keys:
        raise ValueError("variant a is the baseline and must run")
    t0 = time.monotonic()
    names = program_names(selected, programs_dir)
    own_scratch = scratch is None
    scratch = scratch or tempfile.mkdtemp(prefix="gokmig-runtime-")
    try:
        needs_binary = any(VARIANTS[k].convert for k in keys) or "b" in keys
        if binary is None and needs_binary:
            binary = build_binary(scratch)
        results = {n: {} for n in names}
        seconds = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=PARALLEL_WORKERS) as pool:
            futures = {pool.submit(run_variant, binary, VARIANTS[k], programs_dir, names, scratch): k
                       for k in keys}
            for fut in concurrent.futures.as_completed(futures):
                k = futures[fut]
                out, seconds[k] = fut.result()
                for n in names:
                    results[n][k] = out[n]
        judge(results, names, keys)
        report = {
            "variants": list(keys),
            "programs": names,
            "results": results,
            "totals": {k: sum(results[n][k]["passed"] for n in names) for k in keys},
            "seconds": seconds,
        }
        if "b" in keys:
            report["false_negatives"] = false_negatives(binary, results, programs_dir, names)
        report["unexplained"] = unexplained_failures(binary, results, scratch, names, keys)
        report["wall_seconds"] = round(time.monotonic() - t0, 1)
        return report
    finally:
        if own_scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def main(argv=None):
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--worker"]:
        worker_main(argv[1], argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", default="abcde", help="which variants to run (a is always needed)")
    parser.add_argument("--binary", help="a built gokmig-kernel (default: go build one)")
    parser.add_argument("--json", help="write the full report here")
    parser.add_argument("programs", nargs="*", help="program file names (default: all)")
    args = parser.parse_args(argv)
    report = run_corpus(binary=args.binary, keys=args.variants, selected=args.programs)
    print(format_table(report))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
