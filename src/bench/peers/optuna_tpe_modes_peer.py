#!/usr/bin/env python3
"""Optuna's TPE in both modes on the shared problems. Since Optuna 5.0 a bare
`TPESampler(seed=...)` is multivariate for one objective (and constant_liar
is on), so the shared peer's `tpe` line of Optuna 5.0 is multivariate TPE;
this adds `tpe-univariate` (multivariate=False, the mode Katib's `tpe` and
ours are) and `tpe-multivariate` (multivariate=True, stated), and otherwise
runs the shared peer's run_one, so protocol and result lines are exactly
optuna_peer.py's.

Optuna 5 cannot be pip-installed here; its pure-Python sources run on
Debian's numpy when put first on the path (they reproduce the reference
file's optuna-5.0.0:tpe lines seed for seed):

  git -C /work/.mirror/optuna+optuna/repo archive v5.0.0-rc1 optuna | tar -x -C /tmp/optuna5
  PYTHONPATH=/tmp/optuna5 /usr/bin/python3 src/bench/peers/optuna_tpe_modes_peer.py \
      [--seeds 15] [--batch 1] [--samplers tpe-univariate,tpe-multivariate] [--problems a,b]
"""
import argparse
import json
import os
import sys

SHARED_BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "bench")
sys.path.insert(0, os.environ.get("KUBETUNE_SHARED_BENCH", SHARED_BENCH))
import optuna  # noqa: E402
import optuna_peer  # noqa: E402
from problems import PROBLEMS  # noqa: E402

shared_make_sampler = optuna_peer.make_sampler


def make_sampler(name, seed):
    if name == "tpe-univariate":
        return optuna.samplers.TPESampler(seed=seed, multivariate=False)
    if name == "tpe-multivariate":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    return shared_make_sampler(name, seed)


optuna_peer.make_sampler = make_sampler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=15)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--samplers", default="tpe-univariate,tpe-multivariate")
    ap.add_argument("--problems", default=",".join(PROBLEMS))
    a = ap.parse_args()
    for problem in a.problems.split(","):
        for s in a.samplers.split(","):
            for seed in range(a.seeds):
                print(json.dumps(optuna_peer.run_one(problem, s, seed, a.batch)), flush=True)


if __name__ == "__main__":
    main()
