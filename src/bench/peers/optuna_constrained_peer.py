#!/usr/bin/env python3
"""The peer side of `npm run bench:constrained`: Optuna's constrained samplers
(Debian's python3-optuna 3.1, run with /usr/bin/python3) -- TPESampler and
NSGAIISampler with `constraints_func`, and RandomSampler as the common
baseline -- on the problems of algorithms/benchmarks/constrained-problems.ts,
with the same spaces, budgets, constraints and optima, one JSON line per
(sampler, problem, seed) in the shape of bench:constrained's own lines, so
that `bench:constrained --peer FILE` tables them. Follows
../../../../shared/bench/optuna_peer.py's conventions (ask/tell with explicit
distributions, `batch` trials asked before any is told). Each trial's
constraint values (feasible at or below 0, Optuna's convention and ours) are
stored as a user attribute before it is told, where constraints_func reads
them. Regret is the best feasible value minus the optimum; null (and
`best` null) when no trial was feasible.

  optuna_constrained_peer.py [--seeds 15] [--batch 1] [--samplers tpe,nsga2,random]
                             [--problems branin_disk,gardner_sin,mixed_hpo_latency]
"""
import argparse
import json
import math
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")

D = optuna.distributions


def branin(x1, x2):
    b, c, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


OPTIMIZERS = {"sgd": (-1.5, 0.05), "adam": (-3.0, 0.0), "rmsprop": (-3.3, 0.02)}


def mixed_hpo(p):
    lr_opt, penalty = OPTIMIZERS[p["optimizer"]]
    e = 0.05 + penalty
    e += 0.08 * (math.log10(p["lr"]) - lr_opt) ** 2
    e += 0.01 * (p["layers"] - 4) ** 2
    e += 0.02 * (math.log2(p["units"]) - 7) ** 2
    e += 0.3 * (p["dropout"] - 0.25) ** 2
    if p["layers"] > 5 and p["dropout"] < 0.2:
        e += 0.05 * (p["layers"] - 5) * (0.2 - p["dropout"]) / 0.2
    return e


def latency_ms(p):
    return p["layers"] * math.log2(p["units"]) / 2


MIXED_SPACE = {
    "lr": D.FloatDistribution(1e-5, 1, log=True),
    "layers": D.IntDistribution(1, 8),
    "units": D.CategoricalDistribution([16, 32, 64, 128, 256, 512]),
    "optimizer": D.CategoricalDistribution(["sgd", "adam", "rmsprop"]),
    "dropout": D.FloatDistribution(0, 0.8),
}

PROBLEMS = {
    "branin_disk": dict(
        space={"x1": D.FloatDistribution(-5, 10), "x2": D.FloatDistribution(0, 15)},
        f=lambda p: branin(p["x1"], p["x2"]),
        c=lambda p: [(p["x1"] - 2.5) ** 2 + (p["x2"] - 7.5) ** 2 - 20],
        optimum=0.9394760454540805,
        budget=50,
    ),
    "gardner_sin": dict(
        space={"x1": D.FloatDistribution(0, 6), "x2": D.FloatDistribution(0, 6)},
        f=lambda p: math.sin(p["x1"]) + p["x2"],
        c=lambda p: [math.sin(p["x1"]) * math.sin(p["x2"]) + 0.95],
        optimum=math.asin(0.95) - 1,
        budget=50,
    ),
    "mixed_hpo_latency": dict(
        space=MIXED_SPACE,
        f=mixed_hpo,
        c=lambda p: [latency_ms(p) - 10],
        optimum=0.08,
        budget=60,
    ),
}

CONSTRAINTS_ATTR = "constraints"


def constraints_func(trial):
    return trial.user_attrs[CONSTRAINTS_ATTR]


def make_sampler(name, seed):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, constraints_func=constraints_func)
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints_func)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SystemExit(f"unknown sampler {name}")


def run_one(problem, sampler_name, seed, batch):
    spec = PROBLEMS[problem]
    study = optuna.create_study(sampler=make_sampler(sampler_name, seed), direction="minimize")
    best, feasible, ask_s, done = math.inf, 0, 0.0, 0
    while done < spec["budget"]:
        n = min(batch, spec["budget"] - done)
        t0 = time.perf_counter()
        trials = [study.ask(spec["space"]) for _ in range(n)]
        ask_s += time.perf_counter() - t0
        for t in trials:
            value = spec["f"](t.params)
            constraints = spec["c"](t.params)
            t.set_user_attr(CONSTRAINTS_ATTR, constraints)
            study.tell(t, value)
            done += 1
            if all(v <= 0 for v in constraints):
                feasible += 1
                best = min(best, value)
    found = math.isfinite(best)
    return {"system": f"optuna-{optuna.__version__}", "algorithm": sampler_name, "problem": problem, "seed": seed,
            "batch": batch, "budget": spec["budget"], "best": best if found else None,
            "regret": best - spec["optimum"] if found else None, "feasible_trials": feasible,
            "suggest_ms_per_trial": 1000 * ask_s / done}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=15)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--samplers", default="tpe,nsga2,random")
    parser.add_argument("--problems", default=",".join(PROBLEMS))
    args = parser.parse_args()
    for problem in args.problems.split(","):
        for sampler in args.samplers.split(","):
            for seed in range(args.seeds):
                print(json.dumps(run_one(problem, sampler, seed, args.batch)), flush=True)


if __name__ == "__main__":
    main()
