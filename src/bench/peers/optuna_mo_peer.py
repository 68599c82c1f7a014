#!/usr/bin/env python3
"""The peer side of `npm run bench:mo`: Optuna's NSGAIISampler and MOTPESampler
(Debian's python3-optuna 3.1, run with /usr/bin/python3) on the problems of
algorithms/benchmarks/mo-problems.ts, with the same spaces, budgets, reference
points and exact hypervolume, one JSON line per (sampler, problem, seed) in
the shape of bench:mo's own lines, so that `bench:mo --peer FILE` tables them.
Follows ../../../../shared/bench/optuna_peer.py's conventions (ask/tell with
explicit distributions, `batch` trials asked before any is told).

--constrained runs the constrained problems (bench:mo --constrained) instead:
NSGAIISampler and TPESampler (`tpe`, MOTPE with several objectives; 3.1's
MOTPESampler takes no constraints) get constraints_func (Deb's constrained
domination; the feasible-first split) and the hypervolume counts the
feasible points only.

  optuna_mo_peer.py [--seeds 15] [--batch 1] [--samplers nsga2,motpe] [--problems zdt1,zdt2,dtlz2,mixed_hpo_cost]
  optuna_mo_peer.py --constrained --samplers nsga2,tpe [--problems bnh,tnk,mixed_hpo_cost_latency] [--budget N] ...
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


def unit_box(n):
    return {f"x{i + 1}": D.FloatDistribution(0, 1) for i in range(n)}


def vec(p, n):
    return [p[f"x{i + 1}"] for i in range(n)]


def zdt_g(x):
    return 1 + 9 * sum(x[1:]) / (len(x) - 1)


def zdt1(p):
    x = vec(p, 8)
    g = zdt_g(x)
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def zdt2(p):
    x = vec(p, 8)
    g = zdt_g(x)
    return [x[0], g * (1 - (x[0] / g) ** 2)]


def dtlz2(p):
    x = vec(p, 7)
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]


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


def mixed_hpo_cost(p):
    return [mixed_hpo(p), p["layers"] * math.log2(p["units"]) / 72]


MIXED_SPACE = {
    "lr": D.FloatDistribution(1e-5, 1, log=True),
    "layers": D.IntDistribution(1, 8),
    "units": D.CategoricalDistribution([16, 32, 64, 128, 256, 512]),
    "optimizer": D.CategoricalDistribution(["sgd", "adam", "rmsprop"]),
    "dropout": D.FloatDistribution(0, 0.8),
}

PROBLEMS = {
    "zdt1": dict(space=unit_box(8), f=zdt1, reference=[1.1, 5], budget=100),
    "zdt2": dict(space=unit_box(8), f=zdt2, reference=[1.1, 5], budget=100),
    "dtlz2": dict(space=unit_box(7), f=dtlz2, reference=[1.1, 1.1, 1.1], budget=100),
    "mixed_hpo_cost": dict(space=MIXED_SPACE, f=mixed_hpo_cost, reference=[1, 1.1], budget=60),
}


def bnh(p):
    x1, x2 = p["x1"], p["x2"]
    return [4 * x1**2 + 4 * x2**2, (x1 - 5) ** 2 + (x2 - 5) ** 2]


def bnh_constraints(p):
    x1, x2 = p["x1"], p["x2"]
    return [(x1 - 5) ** 2 + x2**2 - 25, 7.7 - ((x1 - 8) ** 2 + (x2 + 3) ** 2)]


def tnk(p):
    return [p["x1"], p["x2"]]


def tnk_constraints(p):
    x1, x2 = p["x1"], p["x2"]
    return [-(x1**2 + x2**2 - 1 - 0.1 * math.cos(16 * math.atan2(x1, x2))), (x1 - 0.5) ** 2 + (x2 - 0.5) ** 2 - 0.5]


def latency_ms(p):
    return p["layers"] * math.log2(p["units"]) / 2


CONSTRAINED_PROBLEMS = {
    "bnh": dict(space={"x1": D.FloatDistribution(0, 5), "x2": D.FloatDistribution(0, 3)}, f=bnh, c=bnh_constraints,
                reference=[140, 50], budget=100),
    "tnk": dict(space={"x1": D.FloatDistribution(0, math.pi), "x2": D.FloatDistribution(0, math.pi)}, f=tnk,
                c=tnk_constraints, reference=[1.2, 1.2], budget=100),
    "mixed_hpo_cost_latency": dict(space=MIXED_SPACE, f=mixed_hpo_cost, c=lambda p: [latency_ms(p) - 10],
                                   reference=[1, 1.1], budget=60),
}

CONSTRAINTS_KEY = "constraints"


def constraints_of(trial):
    return trial.user_attrs[CONSTRAINTS_KEY]


def hv2d(points, ref):
    area, lowest = 0.0, ref[1]
    for x, y in sorted(points):
        if y >= lowest:
            continue
        area += (ref[0] - x) * (lowest - y)
        lowest = y
    return area


def hypervolume(points, ref):
    """Exact, as algorithms/benchmarks/hypervolume.ts: a sweep in 2-D, slabs along the third objective in 3-D."""
    inside = [p for p in points if all(v < r for v, r in zip(p, ref))]
    if len(ref) == 2:
        return hv2d([(p[0], p[1]) for p in inside], ref)
    inside.sort(key=lambda p: p[2])
    volume = 0.0
    for k, p in enumerate(inside):
        top = inside[k + 1][2] if k + 1 < len(inside) else ref[2]
        if top > p[2]:
            volume += hv2d([(q[0], q[1]) for q in inside[: k + 1]], ref) * (top - p[2])
    return volume


def make_sampler(name, seed, constrained):
    # The constraint values are stored on the trial before it is told, where constraints_func reads them.
    extra = {"constraints_func": constraints_of} if constrained else {}
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, **extra)
    if name == "motpe":
        return optuna.samplers.MOTPESampler(seed=seed)
    if name == "tpe":
        # 3.1's TPESampler with several objectives is MOTPE, and the one of the two taking constraints_func.
        return optuna.samplers.TPESampler(seed=seed, **extra)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SystemExit(f"unknown sampler {name}")


def run_one(problem, sampler_name, seed, batch, constrained, budget=None):
    spec = dict((CONSTRAINED_PROBLEMS if constrained else PROBLEMS)[problem])
    if budget is not None:
        spec["budget"] = budget
    n_objectives = len(spec["reference"])
    study = optuna.create_study(sampler=make_sampler(sampler_name, seed, constrained), directions=["minimize"] * n_objectives)
    evaluated, ask_s, done = [], 0.0, 0
    while done < spec["budget"]:
        n = min(batch, spec["budget"] - done)
        t0 = time.perf_counter()
        trials = [study.ask(spec["space"]) for _ in range(n)]
        ask_s += time.perf_counter() - t0
        for t in trials:
            values = spec["f"](t.params)
            feasible = True
            if constrained:
                constraints = spec["c"](t.params)
                t.set_user_attr(CONSTRAINTS_KEY, constraints)
                feasible = all(c <= 0 for c in constraints)
            study.tell(t, values)
            if feasible:
                evaluated.append(values)
            done += 1
    return {"system": f"optuna-{optuna.__version__}", "algorithm": sampler_name, "problem": problem, "seed": seed,
            "batch": batch, "budget": spec["budget"], "hypervolume": hypervolume(evaluated, spec["reference"]),
            "suggest_ms_per_trial": 1000 * ask_s / done}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=15)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--samplers", default="nsga2,motpe")
    parser.add_argument("--problems")
    parser.add_argument("--constrained", action="store_true")
    parser.add_argument("--budget", type=int, help="replaces every problem's budget")
    args = parser.parse_args()
    problems = args.problems or ",".join(CONSTRAINED_PROBLEMS if args.constrained else PROBLEMS)
    for problem in problems.split(","):
        for sampler in args.samplers.split(","):
            for seed in range(args.seeds):
                print(json.dumps(run_one(problem, sampler, seed, args.batch, args.constrained, args.budget)), flush=True)


if __name__ == "__main__":
    main()
