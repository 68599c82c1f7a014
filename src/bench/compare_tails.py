#!/usr/bin/env python3
"""Puts quality result lines side by side with their tails: per problem and
system:algorithm, the median, the 80th percentile and the worst seed's regret.

  compare_tails.py RESULTS.jsonl [MORE.jsonl ...] [--batch N] [--reference SYSTEM:ALGORITHM]
                   [--problems a,b] [--stuck-above REGRET]

Reads the same lines as ../shared/bench/compare.py (PROBLEMS.md's format:
system, algorithm, problem, seed, batch, regret; other lines are skipped) and
prints one markdown table whose cells read "median / p80 / worst (runs)",
then, against the reference (default optuna-3.1.0:tpe), on how many problems
each system:algorithm has the lower median and the lower p80. A median hides
the seeds a user remembers, the ones that ended far from the optimum; the
p80 is the third-worst of 15 seeds (interpolated), the worst is the worst.

--stuck-above R adds a column per problem counting the runs whose regret
stayed at or above R (a trap's level: see algorithms/benchmarks/categorical-trap.ts).
"""
import argparse
import json
import statistics
from collections import defaultdict


def load(paths):
    rows = []
    for path in paths:
        with open(path) as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("{"):
                    row = json.loads(line)
                    if "regret" in row and "seed" in row:
                        rows.append(row)
    return rows


def fmt(x):
    return f"{x:.3g}" if abs(x) >= 1e-3 or x == 0 else f"{x:.1e}"


def percentile(values, fraction):
    """Linear interpolation between order statistics (numpy's default, statistics' 'inclusive')."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def tails(values):
    return {"median": statistics.median(values), "p80": percentile(values, 0.8), "worst": max(values)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--batch", type=int, default=None, help="only runs with this batch size")
    ap.add_argument("--reference", default="optuna-3.1.0:tpe")
    ap.add_argument("--problems", default=None, help="only these problems (comma-separated)")
    ap.add_argument("--stuck-above", type=float, default=None, help="count runs with regret >= this")
    a = ap.parse_args()
    chosen = set(a.problems.split(",")) if a.problems else None

    table = defaultdict(lambda: defaultdict(list))
    for r in load(a.files):
        if a.batch is not None and r.get("batch") != a.batch:
            continue
        if chosen is not None and r["problem"] not in chosen:
            continue
        table[r["problem"]][f'{r["system"]}:{r["algorithm"]}'].append(max(r["regret"], 0.0))
    keys = sorted({k for p in table.values() for k in p})
    if not keys:
        return

    def cell(values):
        t = tails(values)
        text = f'{fmt(t["median"])} / {fmt(t["p80"])} / {fmt(t["worst"])} ({len(values)})'
        if a.stuck_above is not None:
            text += f", {sum(v >= a.stuck_above for v in values)} stuck"
        return text

    problems = sorted(table)
    print("| regret: median / p80 / worst (runs) | " + " | ".join(problems) + " |")
    print("|---|" + "---|" * len(problems))
    for k in keys:
        print(f"| {k} | " + " | ".join(cell(table[p][k]) if k in table[p] else "-" for p in problems) + " |")
    print()

    wins = {"median": defaultdict(int), "p80": defaultdict(int)}
    compared = 0
    for p in problems:
        if a.reference not in table[p]:
            continue
        compared += 1
        ref = tails(table[p][a.reference])
        for k, values in table[p].items():
            if k == a.reference:
                continue
            t = tails(values)
            for figure in wins:
                if t[figure] < ref[figure]:
                    wins[figure][k] += 1
    if compared == 0:
        return
    for k in keys:
        if k != a.reference:
            print(f"{k}: lower median than {a.reference} on {wins['median'][k]} of {compared} problems, "
                  f"lower p80 on {wins['p80'][k]}")


if __name__ == "__main__":
    main()
