"""Per-rule counts and a seeded sample of findings to review by hand.

    gokmig-kernel check --format json --no-cache DIR > check.json
    python scripts/sample-findings.py check.json DIR [--size 40] [--per-rule 2] [--seed 2026]

The sample takes --per-rule findings of every rule (all of a rule that has
fewer), then fills up to --size with findings drawn from the rest, all with
one seeded random generator, so that rare rules are reviewed too and the
same arguments always give the same sample. Each finding is printed with
its source lines, the flagged one marked with ">".
"""

import argparse
import collections
import json
import os
import random


def source_lines(root, finding):
    path = os.path.join(root, finding["path"])
    if not path.endswith(".ipynb"):
        with open(path, encoding="utf-8") as f:
            return f.read().split("\n")
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    source = notebook["cells"][finding["cell"] - 1]["source"]
    return ("".join(source) if isinstance(source, list) else source).split("\n")


def draw(findings, size, per_rule, rng):
    by_rule = collections.defaultdict(list)
    for finding in findings:
        by_rule[finding["code"]].append(finding)
    chosen = []
    for code in sorted(by_rule):
        group = by_rule[code]
        chosen.extend(rng.sample(group, min(per_rule, len(group))))
    taken = {id(f) for f in chosen}
    rest = [f for f in findings if id(f) not in taken]
    chosen.extend(rng.sample(rest, max(0, min(size - len(chosen), len(rest)))))
    return sorted(chosen, key=lambda f: (f["code"], f["path"], f["cell"] or 0, f["line"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("check_json")
    parser.add_argument("root", help="the directory check ran on (paths are relative to it)")
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--per-rule", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with open(args.check_json, encoding="utf-8") as f:
        findings = json.load(f)

    counts = collections.Counter((f["code"], f["rule"]) for f in findings)
    for (code, rule), count in sorted(counts.items()):
        print("%s %-26s %5d" % (code, rule, count))
    print("total %d findings\n" % len(findings))

    sample = draw(findings, args.size, args.per_rule, random.Random(args.seed))
    for number, finding in enumerate(sample, 1):
        where = "cell %s line %s" % (finding["cell"], finding["line"]) if finding["cell"] else "line %s" % finding["line"]
        print("#%d %s %s %s: %s" % (number, finding["code"], finding["path"], where, finding["message"]))
        lines = source_lines(args.root, finding)
        for index in range(max(0, finding["line"] - 3), min(len(lines), finding["line"] + 2)):
            mark = ">" if index + 1 == finding["line"] else " "
            print("  %s%4d| %s" % (mark, index + 1, lines[index][:160]))
        print()


if __name__ == "__main__":
    main()
