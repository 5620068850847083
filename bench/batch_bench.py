#!/usr/bin/env python3
"""gokmig-kernel check against ruff check on the same folder of notebooks.

The notebooks come from gen_notebooks.py (seeded, so every run sees the
same files). Each round runs both tools once on the whole folder,
alternating which goes first, after one warm-up run of each; the output is
discarded. Printed: wall time, CPU time and peak memory of each tool
(min/median/max over the rounds) and the ratio gokmig/ruff within each
round (min/median/max). Ruff runs twice per round: with its default rules
("ruff": 407 rules in the pinned 0.17.5; Ruff 0.16 widened the default from
59 rules) and with the default of Ruff up to 0.15 ("ruff-classic":
--select E4,E7,E9,F), both --isolated (no configuration file of the tree is
read) and --no-cache, as gokmig runs with --no-cache: the cold run, where
both tools do the work every round.

The warm run is measured too ("gokmig-warm" against "ruff-warm"): both with
their cache, in a temporary folder each (--cache-dir), filled by the
warm-up run, so every round finds every file unchanged. --no-warm leaves
those rows out.

With --tsparse (bench/batch gives it), every round also parses the same
cells with tree-sitter alone (bench/tsparse), once on one goroutine and
once on as many as there are CPUs, and takes the parse's own CPU and wall
time from its output: the yardstick of the CPU goal (gokmig's CPU over the
parse's on one goroutine) and the least wall time any tree-sitter tool can
take (the parse on every CPU), both measured in the same rounds.

Before timing, the benchmark checks what it measures: gokmig must report
every notebook as checked and ruff must list every notebook among its files.
Run it through bench/batch, which builds gokmig-kernel and installs the
pinned Ruff into bench/.venv.
"""

import argparse
import datetime
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_notebooks
from measure import Sample, run, spread


def commands(args, folder, caches):
    ruff = [args.ruff, "check", "--isolated", "--quiet"]
    out = {
        "gokmig": [args.gokmig, "check", "--no-cache", folder],
        "ruff": ruff + ["--no-cache", folder],
        "ruff-classic": ruff + ["--no-cache", "--select", "E4,E7,E9,F", folder],
    }
    if not args.no_warm:
        out["gokmig-warm"] = [args.gokmig, "check", "--cache-dir", os.path.join(caches, "gokmig"), folder]
        out["ruff-warm"] = ruff + ["--cache-dir", os.path.join(caches, "ruff"), folder]
    return out


# The pairs whose ratio each round gives: gokmig's time over Ruff's.
PAIRS = [("gokmig", "ruff"), ("gokmig", "ruff-classic"), ("gokmig-warm", "ruff-warm")]

# tsparse's report of its parse: "... CPU 0.820 s, ... wall 0.784 s on 1 goroutines".
PARSE_REPORT = re.compile(r"CPU ([0-9.]+) s, .* wall ([0-9.]+) s on (\d+) goroutines")


def parse_alone(tsparse, folder, workers):
    """The CPU and wall seconds of tree-sitter's parse of the folder's code
    cells on workers goroutines, as tsparse reports them."""
    out = subprocess.run([tsparse, "-j", str(workers), folder], capture_output=True, text=True, check=True)
    m = PARSE_REPORT.search(out.stdout)
    if not m or int(m.group(3)) != workers:
        sys.exit("batch_bench: unexpected tsparse output: %r" % out.stdout)
    return Sample(wall=float(m.group(2)), cpu=float(m.group(1)), max_rss_mb=float("nan"), status=0, timed_out=False)


def verify(args, folder):
    """Both tools must read every notebook of the folder."""
    out = subprocess.run([args.gokmig, "check", "--no-cache", folder], capture_output=True, text=True, check=False)
    m = re.search(r"(\d+) files checked", out.stdout + out.stderr)
    if out.returncode not in (0, 1) or not m or int(m.group(1)) != args.count:
        sys.exit("batch_bench: gokmig did not check %d notebooks (exit %d): %s" % (args.count, out.returncode, (out.stdout + out.stderr)[-500:]))
    files = subprocess.run([args.ruff, "check", "--isolated", "--show-files", folder], capture_output=True, text=True, check=True)
    seen = sum(line.endswith(".ipynb") for line in files.stdout.splitlines())
    if seen != args.count:
        sys.exit("batch_bench: ruff lists %d notebooks of %d; is this Ruff too old to check notebooks?" % (seen, args.count))
    version = subprocess.run([args.ruff, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return version


def table(results, ratios):
    print("%-20s %24s %24s %17s" % ("", "wall s (min/med/max)", "CPU s (min/med/max)", "peak MB (median)"))
    for tool, samples in results.items():
        wall = spread([s.wall for s in samples])
        cpu = spread([s.cpu for s in samples])
        # The parse alone has no peak of its own (NaN): its process also
        # held the decoded notebooks.
        rss = statistics.median(s.max_rss_mb for s in samples)
        print("%-20s %24s %24s %17s" % (tool, "%.2f / %.2f / %.2f" % wall, "%.2f / %.2f / %.2f" % cpu,
                                        "-" if math.isnan(rss) else "%.0f" % rss))
    for what, values in ratios.items():
        print("%-30s per round: min %.2f  median %.2f  max %.2f" % ((what,) + spread(values)))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gokmig", required=True, help="the gokmig-kernel binary")
    ap.add_argument("--ruff", required=True, help="the ruff binary")
    ap.add_argument("--count", type=int, default=400, help="notebooks to generate (default 400)")
    ap.add_argument("--seed", type=int, default=13, help="generator seed (default 13)")
    ap.add_argument("--rounds", type=int, default=10, help="measured rounds (default 10)")
    ap.add_argument("--folder", help="use (or fill, if empty) this folder instead of a temporary one")
    ap.add_argument("--no-warm", action="store_true", help="leave out the warm-cache rows")
    ap.add_argument("--results", help="write the samples as JSON to this file")
    ap.add_argument("--tsparse", help="the bench/tsparse binary: add tree-sitter's parse alone to every round")
    args = ap.parse_args(argv)

    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="gokmig-batch.") as tmp:
        folder = args.folder or os.path.join(tmp, "notebooks")
        if not os.path.isdir(folder) or not os.listdir(folder):
            gen_notebooks.main(["--out", folder, "--count", str(args.count), "--seed", str(args.seed)])
        ruff_version = verify(args, folder)
        cmds = commands(args, folder, os.path.join(tmp, "caches"))
        for tool, cmd in cmds.items():
            print("%-13s %s" % (tool + ":", " ".join(cmd)))
        print("(%s)" % ruff_version)
        for cmd in cmds.values():  # warm-up: file cache, page cache of the binaries
            run(cmd)
        # The parse alone: its own figures, not the process's (which read
        # and decode the notebooks first).
        parses = {}
        if args.tsparse:
            parses = {"parse-alone": 1, "parse-alone-%dj" % os.cpu_count(): os.cpu_count()}
            print("%-13s %s -j N %s (the parse's own CPU and wall)" % ("parse-alone:", args.tsparse, folder))
            for workers in parses.values():
                parse_alone(args.tsparse, folder, workers)
        tools = list(cmds) + list(parses)
        results = {tool: [] for tool in tools}
        ratios = {}
        for i in range(args.rounds):
            # Each tool goes first in turn, so that load changing during the
            # run falls on all alike.
            order = tools[i % len(tools) :] + tools[: i % len(tools)]
            samples = {tool: parse_alone(args.tsparse, folder, parses[tool]) if tool in parses else run(cmds[tool])
                       for tool in order}
            for tool, sample in samples.items():
                results[tool].append(sample)
            for gk, ruff in PAIRS:
                if gk in samples and ruff in samples:
                    ratios.setdefault("%s/%s wall" % (gk, ruff), []).append(samples[gk].wall / samples[ruff].wall)
                    ratios.setdefault("%s/%s CPU" % (gk, ruff), []).append(samples[gk].cpu / samples[ruff].cpu)
            if parses:
                one, every = list(parses)
                ratios.setdefault("gokmig/%s CPU" % one, []).append(samples["gokmig"].cpu / samples[one].cpu)
                ratios.setdefault("ruff/%s CPU" % one, []).append(samples["ruff"].cpu / samples[one].cpu)
                ratios.setdefault("gokmig/%s wall" % every, []).append(samples["gokmig"].wall / samples[every].wall)
                ratios.setdefault("ruff/%s wall" % every, []).append(samples["ruff"].wall / samples[every].wall)
            print("round %2d: %s" % (i + 1, ", ".join("%s %.2f s" % (t, samples[t].wall) for t in tools)), file=sys.stderr)
        print("%d notebooks, %d rounds, load average %.1f at the start, %.1f at the end" % (args.count, args.rounds, load_start, os.getloadavg()[0]))
        table(results, ratios)
        if args.results:
            os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
            with open(args.results, "w") as f:
                json.dump(
                    {
                        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                        "commands": cmds,
                        "ruff_version": ruff_version,
                        "samples": {tool: [vars(s) for s in samples] for tool, samples in results.items()},
                        "ratios": ratios,
                    },
                    f,
                    indent=1,
                )
            print("results in %s" % args.results)


if __name__ == "__main__":
    main(sys.argv[1:])
