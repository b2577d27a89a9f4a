#!/usr/bin/python3
"""Writes r.csv: one run of three benchmarks for bench/history_demo/run.sh.

make_run.py COMMIT_INDEX        a run of main at that commit
make_run.py pr                  the pull request's run

steady: 0.4 % run-to-run noise; noisy: 4 %; creep: main slows by 1.2 % per
commit from commit 20 on. The pull request makes steady 3 % slower and leaves
the others where main stands. Seeded: the same files every time.
"""
import random
import sys

arg = sys.argv[1]
random.seed(1000 + (99 if arg == "pr" else int(arg)))


def rows(name, level):
    return ["%s,time,%f,ms" % (name, level * (1 + random.gauss(0, 0.001))) for _ in range(5)]


if arg == "pr":
    levels = {"steady": 103.0, "noisy": 106.0, "creep": 100 * 1.012 ** 10}
else:
    i = int(arg)
    levels = {"steady": 100 * (1 + random.gauss(0, 0.004)),
              "noisy": 100 * (1 + random.gauss(0, 0.04)),
              "creep": 100 * 1.012 ** max(0, i - 19) * (1 + random.gauss(0, 0.004))}
lines = ["benchmark,metric,value,unit"]
for name, level in levels.items():
    lines += rows(name, level)
open("r.csv", "w").write("\n".join(lines) + "\n")
