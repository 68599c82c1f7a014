#!/usr/bin/env python3
"""Writes optuna-constrained-split-cases.json beside this file: random
(scores, violations, n_below) cases and the split Optuna 3.1's constrained
TPE makes of them (optuna/samplers/_tpe/sampler.py `_split_observation_pairs`,
Debian's python3-optuna, run with /usr/bin/python3), which
constrained-split.spec.ts checks splitByFeasibility against. Pending trials
are score and violation +inf, as `_get_observation_pairs` gives them under the
constant liar.

  /usr/bin/python3 algorithms/tpe/testing/optuna_constrained_split_cases.py
"""
import json
import math
import os
import random

import optuna
from optuna.samplers._tpe.sampler import _split_observation_pairs

assert optuna.__version__.startswith("3.1"), optuna.__version__

rng = random.Random(13)
cases = []
for _ in range(300):
    rows = rng.randint(1, 40)
    feasible_share = rng.random()
    scores, violations = [], []
    for _ in range(rows):
        kind = rng.random()
        if kind < 0.1:
            scores.append(math.inf)
            violations.append(math.inf)
            continue
        # Rounded values make ties, which the split breaks by history order.
        scores.append(round(rng.uniform(-5, 5), 1))
        violations.append(0.0 if rng.random() < feasible_share else round(rng.uniform(0, 3), 1) or 0.1)
    n_below = rng.randint(0, rows)
    loss_vals = [((math.inf if s == math.inf else -math.inf), [s]) for s in scores]
    below, above = _split_observation_pairs(loss_vals, n_below, violations)
    cases.append(
        {
            "scores": ["inf" if s == math.inf else s for s in scores],
            "violations": ["inf" if v == math.inf else v for v in violations],
            "belowCount": n_below,
            "below": [int(i) for i in below],
            "above": [int(i) for i in above],
        }
    )

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optuna-constrained-split-cases.json")
with open(path, "w") as out:
    json.dump({"generatedBy": f"optuna {optuna.__version__} _split_observation_pairs", "cases": cases}, out)
    out.write("\n")
print(f"{len(cases)} cases -> {path}")
