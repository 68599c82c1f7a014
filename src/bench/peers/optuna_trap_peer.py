#!/usr/bin/env python3
"""Optuna's side of our own robustness problems (algorithms/benchmarks/ROBUSTNESS_PROBLEMS),
which ../shared/bench/problems.py does not have: it adds them to the shared
problem table and runs the shared peer's run_one on them, so protocol and
result lines are exactly optuna_peer.py's. Run with /usr/bin/python3
(Debian's Optuna 3.1; GPSampler needs Optuna >= 3.6 and torch).

  optuna_trap_peer.py [--seeds 15] [--batch 1] [--samplers random,tpe,mtpe] [--problems categorical_trap]
"""
import argparse
import json
import math
import os
import sys

SHARED_BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "bench")
sys.path.insert(0, os.environ.get("KUBETUNE_SHARED_BENCH", SHARED_BENCH))
import optuna_peer  # noqa: E402
from problems import PROBLEMS  # noqa: E402

# algorithms/benchmarks/categorical-trap.ts, constant for constant.
BROAD_BOWLS = {"adam": (0.12, -3.0), "rmsprop": (0.13, -3.3), "adagrad": (0.15, -2.0)}
WELL_LOG_LR, WELL_LOG_LR_WIDTH, WELL_DROPOUT, WELL_DROPOUT_WIDTH, WELL_DEPTH = -1.0, 1.0, 0.1, 0.25, 0.4
CATEGORICAL_TRAP_OPTIMUM = 0.05


def categorical_trap(p):
    log_lr = math.log10(p["lr"])
    if p["optimizer"] == "sgd":
        d2 = ((log_lr - WELL_LOG_LR) / WELL_LOG_LR_WIDTH) ** 2 + ((p["dropout"] - WELL_DROPOUT) / WELL_DROPOUT_WIDTH) ** 2
        return CATEGORICAL_TRAP_OPTIMUM + WELL_DEPTH * (1 - math.exp(-d2 / 2))
    floor, lr_opt = BROAD_BOWLS[p["optimizer"]]
    return floor + 0.015 * (log_lr - lr_opt) ** 2 + 0.25 * (p["dropout"] - 0.3) ** 2


ROBUSTNESS_PROBLEMS = {
    "categorical_trap": {"f": categorical_trap, "optimum": CATEGORICAL_TRAP_OPTIMUM, "budget": 60,
                         "space": [{"name": "lr", "type": "double", "min": 1e-5, "max": 1.0, "log": True},
                                   {"name": "dropout", "type": "double", "min": 0.0, "max": 0.8},
                                   {"name": "optimizer", "type": "categorical",
                                    "values": ["adam", "rmsprop", "adagrad", "sgd"]}]},
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=15)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--samplers", default="random,tpe,mtpe")
    ap.add_argument("--problems", default=",".join(ROBUSTNESS_PROBLEMS))
    a = ap.parse_args()
    PROBLEMS.update(ROBUSTNESS_PROBLEMS)
    for problem in a.problems.split(","):
        for sampler in a.samplers.split(","):
            for seed in range(a.seeds):
                print(json.dumps(optuna_peer.run_one(problem, sampler, seed, a.batch)), flush=True)


if __name__ == "__main__":
    main()
