#!/usr/bin/env python3
"""How gokmig-kernel check grows on pathological inputs.

For each case and size, a Python file is written and checked once (--repeat
for more; the fastest run is kept); printed are the input size, wall time,
CPU time and peak memory (max RSS of the child), and two growth columns:
CPU time and peak memory relative to the smallest size, divided by the
size ratio, both less what checking an almost empty file costs (the start-up
and the runtime's own memory). Linear growth keeps them near 1; quadratic growth doubles them with every
doubling of the size. A run that exceeds --timeout is killed and shown as
such; larger sizes of that case are then skipped.

Cases (the ones of issue 13):
  one-line     one line with N tf.keras calls
  many-lines   the same N calls, one per line (the control for one-line)
  nested       calls nested N deep
  short-lines  N short lines (the issue's case is 1,000,000)
  composed     N statements on which two rules' fixes are composed
               (load_model of a SavedModel, spelled tf.keras); independent
               statements of one cell are planned together, in one parse
               and one check per round

--target multi checks for the multi-backend target, whose rules look at
more of the code (the default is tf).

--verb convert runs convert (which fixes the file in place) instead of
check, on a fresh copy of the input each time. The "x input" column is the
peak memory less the idle run's, divided by the input size.

With --tsparse (bench/batch gives it), every file is also parsed by
tree-sitter alone (bench/tsparse, the whole process measured alike), and
three more columns compare: the parse's peak memory, and check's peak
memory and CPU over the parse's. Tree-sitter's tree takes about 100 to 140
bytes a node, 65 to 115 times the input on these cases, before anything is
done with it: the floor of any tool built on it.

With --profile, the largest size of each case is run again under perf (a
sampling profiler that needs no change to the binary) and the functions with
the largest share of samples, callees included, are printed: where the time
goes.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import run

HEADER = "import tensorflow as tf\nx = tf.zeros((1, 4))\n"


def one_line(n):
    return HEADER + "layers = [" + ", ".join("tf.keras.layers.Dense(%d)" % i for i in range(n)) + "]\n"


def many_lines(n):
    return HEADER + "".join("layer_%d = tf.keras.layers.Dense(%d)\n" % (i, i) for i in range(n))


def nested(n):
    return HEADER + "y = " + "tf.keras.backend.abs(" * n + "x" + ")" * n + "\n"


def short_lines(n):
    # About 18 bytes a line; one line in 100 has a finding.
    lines = ("y = f(x%d) + 1\n" % (i % 1000) if i % 100 else "m = tf.keras.Model()\n" for i in range(n))
    return HEADER + "".join(lines)


def composed(n):
    return HEADER + "".join('m%d = tf.keras.models.load_model("saved_%d")\n' % (i, i) for i in range(n))


CASES = {
    "one-line": (one_line, [1000, 2000, 4000, 8000]),
    "many-lines": (many_lines, [1000, 2000, 4000, 8000]),
    "nested": (nested, [1000, 2000, 4000, 8000]),
    "short-lines": (short_lines, [125000, 250000, 500000, 1000000]),
    "composed": (composed, [100, 200, 400, 800, 1600]),
}


# Functions every profile has at the top, as they contain everything.
WRAPPERS = {"github.com/gokmig/gokmig/migrate.Run", "github.com/gokmig/gokmig/migrate.(*runner).process"}


def profile(gokmig, verb, path, top):
    """Run the verb under perf and print the top functions, callees included."""
    data = path + ".perf"
    subprocess.run(["perf", "record", "-F", "999", "-g", "-o", data, "--", gokmig, verb, path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    report = subprocess.run(
        ["perf", "report", "-i", data, "--children", "--sort", "symbol", "-g", "none", "--percent-limit", "3", "--stdio"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    shown = 0
    for line in report.splitlines():
        fields = line.split()
        # "children% self% [.] symbol": skip the runtime's and the CLI's
        # wrappers, which contain everything.
        if len(fields) < 4 or not fields[0].endswith("%") or fields[2] != "[.]":
            continue
        symbol = " ".join(f for f in fields[3:] if f != "-")
        if symbol.startswith(("runtime.", "main.", "0x", "000")) or symbol in WRAPPERS:
            continue
        print("    %7s %7s  %s" % (fields[0], fields[1], symbol))
        shown += 1
        if shown == top:
            break


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gokmig", required=True, help="the gokmig-kernel binary")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated cases (default: all)")
    ap.add_argument("--sizes", help="comma-separated sizes N for every case, instead of each case's own")
    ap.add_argument("--timeout", type=float, default=120, help="seconds before a run is killed (default 120)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is shown (default 1)")
    ap.add_argument("--verb", choices=("check", "convert"), default="check", help="the command measured (default check)")
    ap.add_argument("--target", choices=("tf", "multi"), default="tf", help="the migration target (default tf); multi runs the multi-backend rules too")
    ap.add_argument("--format", choices=("text", "json"), default="text", help="the report format of check (default text); json works out each fix's edits")
    ap.add_argument("--tsparse", help="the bench/tsparse binary: also measure tree-sitter's parse alone of every file")
    ap.add_argument("--profile", action="store_true", help="profile the largest size of each case with perf")
    ap.add_argument("--top", type=int, default=12, help="functions shown per profile (default 12)")
    args = ap.parse_args(argv)
    if args.profile and not shutil.which("perf"):
        sys.exit("pathological: --profile needs perf (linux-perf) on PATH")

    with tempfile.TemporaryDirectory(prefix="gokmig-patho.") as tmp:
        empty = os.path.join(tmp, "empty.py")
        with open(empty, "w") as f:
            f.write(HEADER)
        idle = min((run([args.gokmig, "check", empty]) for _ in range(3)), key=lambda s: s.cpu)
        print("checking an almost empty file: %.3f s CPU, %.0f MB peak; measuring %s --target %s%s" % (idle.cpu, idle.max_rss_mb, args.verb, args.target, " --format json" if args.format == "json" and args.verb == "check" else ""))

        def measure(path, text):
            if args.verb == "convert":
                with open(path, "w") as f:
                    f.write(text)  # convert rewrote the previous copy
            cmd = [args.gokmig, args.verb, "--target", args.target, path]
            if args.verb == "check":
                # Never a result the cache kept from an earlier run.
                cmd[2:2] = ["--no-cache"] + (["--format", "json"] if args.format == "json" else [])
            return run(cmd, timeout=args.timeout)

        for case in args.cases.split(","):
            make, sizes = CASES[case]
            if args.sizes:
                sizes = [int(s) for s in args.sizes.split(",")]
            print("\n%s" % case)
            header = ("N", "bytes", "wall s", "CPU s", "peak MB", "x input", "CPU growth", "mem growth")
            if args.tsparse:
                header += ("parse MB", "x parse MB", "x parse CPU")
            print("  %9s %10s %9s %9s %10s %8s %12s %12s" % header[:8] + ("  %9s %10s %11s" % header[8:] if args.tsparse else ""))
            base = None
            largest = None
            largest_text = None
            for n in sizes:
                path = os.path.join(tmp, "%s_%d.py" % (case, n))
                text = make(n)
                with open(path, "w") as f:
                    f.write(text)
                size = os.path.getsize(path)
                samples = [measure(path, text) for _ in range(args.repeat)]
                best = min(samples, key=lambda s: s.wall)
                if best.timed_out:
                    print("  %9d %10d   killed after %.0f s (peak %.0f MB); larger sizes skipped" % (n, size, args.timeout, best.max_rss_mb))
                    break
                largest, largest_text = path, text
                cpu = max(best.cpu - idle.cpu, 1e-3)
                rss = max(best.max_rss_mb - idle.max_rss_mb, 0.1)
                if base is None:
                    base = (size, cpu, rss)
                scale = size / base[0]
                row = "  %9d %10d %9.2f %9.2f %10.0f %8.0f %12.2f %12.2f" % (n, size, best.wall, best.cpu, best.max_rss_mb, rss * 2**20 / size, cpu / base[1] / scale, rss / base[2] / scale)
                if args.tsparse:
                    parse = min((run([args.tsparse, path], timeout=args.timeout) for _ in range(args.repeat)), key=lambda s: s.wall)
                    row += "  %9.0f %10.2f %11.2f" % (parse.max_rss_mb, best.max_rss_mb / parse.max_rss_mb, best.cpu / max(parse.cpu, 1e-3))
                print(row)
            if args.profile and largest:
                print("  profile of %s (children%%, self%%, function):" % os.path.basename(largest))
                with open(largest, "w") as f:
                    f.write(largest_text)  # convert changed it
                profile(args.gokmig, args.verb, largest, args.top)


if __name__ == "__main__":
    main(sys.argv[1:])
