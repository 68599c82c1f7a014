#!/usr/bin/env python3
"""The peer side of `npm run bench:warm-start`: Optuna's TPESampler (Debian's
python3-optuna 3.1, run with /usr/bin/python3) on the protocol of
src/bench/warm-start-run.ts, step for step, on the shared problems
(../shared/bench/problems.py):

1. an earlier run: TPESampler(seed=1000 + seed), half the problem's budget,
   on the problem's full space;
2. the follow-up space: every range loses TRIM_SHARE of its width (in its own
   scale, log for log ranges) at both ends, ints rounded inwards, the first
   value of each discrete or categorical list of more than two dropped;
3. cold: TPESampler(seed=seed) on the follow-up space for the full budget;
   warm: the same, after the earlier trials that fit the narrower space are
   added with study.add_trials(create_trial(...)) in the new space's
   distributions, Optuna's documented way to import history. The rest are
   dropped. Imported trials count toward neither the budget nor the best
   value: trials to target and regret are of the follow-up's own trials.

One JSON line per (problem, seed, start) in the shape of bench:warm-start's
own lines plus `system`, so that `npm run bench:warm-start -- --from` tables
them beside ours. Targets are warm-start.ts's TARGETS.

  optuna_warm_start_peer.py [--seeds 15] [--problems branin,hartmann6,mixed_hpo]
"""
import argparse
import json
import math
import os
import sys
import warnings

SHARED_BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "bench")
sys.path.insert(0, os.environ.get("KUBETUNE_SHARED_BENCH", SHARED_BENCH))
import optuna  # noqa: E402
from optuna_peer import distributions  # noqa: E402
from problems import PROBLEMS  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")

SYSTEM = f"optuna-{optuna.__version__}"
# src/bench/warm-start.ts's TARGETS and warm-start-run.ts's TRIM_SHARE, constant for constant.
TARGETS = {"branin": 0.05, "hartmann6": 0.5, "mixed_hpo": 0.01}
TRIM_SHARE = 0.1


def narrowed(parameter):
    """warm-start-run.ts's narrowed(), for one parameter of problems.py's vocabulary."""
    if parameter["type"] in ("categorical", "discrete"):
        values = parameter["values"]
        return {**parameter, "values": values[1:]} if len(values) > 2 else parameter
    log = parameter.get("log", False)
    to_scale, from_scale = (math.log, math.exp) if log else (float, float)
    low, high = to_scale(parameter["min"]), to_scale(parameter["max"])
    cut = (high - low) * TRIM_SHARE
    lo, hi = from_scale(low + cut), from_scale(high - cut)
    if parameter["type"] == "int":
        lo, hi = math.ceil(lo), math.floor(hi)
    return {**parameter, "min": lo, "max": hi}


def inside(space, params):
    """The test the service imports with (algorithms/encoding/feasible-value.ts's whyOutsideSpace)."""
    for p in space:
        value = params[p["name"]]
        if p["type"] in ("categorical", "discrete"):
            if value not in p["values"]:
                return False
        elif not p["min"] <= value <= p["max"]:
            return False
    return True


def search(spec, space, seed, budget, prior=()):
    """TPE for `budget` own trials after adding `prior` (params, value) pairs; the own trials' values in order."""
    dists = distributions(space)
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed), direction="minimize")
    study.add_trials([optuna.trial.create_trial(params=params, distributions=dists, value=value) for params, value in prior])
    own = []
    for _ in range(budget):
        trial = study.ask(dists)
        value = spec["f"](trial.params)
        study.tell(trial, value)
        own.append((trial.params, value))
    return own


def evaluations_to_regret(values, optimum, target):
    best = math.inf
    for i, value in enumerate(values):
        best = min(best, value)
        if best - optimum <= target:
            return i + 1
    return None


def regret_after(values, optimum, evaluations):
    return min(values[:evaluations], default=math.inf) - optimum


def warm_start_pair(problem, seed):
    spec = PROBLEMS[problem]
    earlier = search(spec, spec["space"], 1000 + seed, spec["budget"] // 2)
    space = [narrowed(p) for p in spec["space"]]
    prior = [(params, value) for params, value in earlier if inside(space, params)]
    for start in ("cold", "warm"):
        values = [value for _, value in search(spec, space, seed, spec["budget"], prior if start == "warm" else ())]
        to_target = evaluations_to_regret(values, spec["optimum"], TARGETS[problem])
        yield {"system": SYSTEM, "problem": f"{problem}_narrowed", "algorithm": "tpe", "seed": seed, "start": start,
               "imported": len(prior) if start == "warm" else 0,
               "dropped": len(earlier) - len(prior) if start == "warm" else 0,
               "evaluations_to_target": to_target,
               "regret_at_fixed_budget": regret_after(values, spec["optimum"], spec["budget"] // 4),
               "regret_at_budget": regret_after(values, spec["optimum"], spec["budget"])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=15)
    parser.add_argument("--problems", default=",".join(TARGETS))
    args = parser.parse_args()
    for problem in args.problems.split(","):
        if problem not in TARGETS:
            raise SystemExit(f'no warm-start target for problem "{problem}"; known: {", ".join(TARGETS)}')
        for seed in range(args.seeds):
            for line in warm_start_pair(problem, seed):
                print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
