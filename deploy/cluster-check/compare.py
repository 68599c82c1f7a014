#!/usr/bin/env python3
"""Compares the loss values kubetune recorded for a trial with the container log.

Usage: compare.py TRIAL_JSON LOG_TEXT [--expect N | --at-least N] [--same]

TRIAL_JSON is `GET /api/v1/experiments/{e}/trials/{t}`; LOG_TEXT is what
`kubectl logs` printed (every pod of the trial, `--previous` included where a
container restarted). Every `loss=` line of the log must have been recorded
(as many times as it appears); --same also asks that nothing else was, and
--expect / --at-least bound how many values were recorded. `kubectl logs`
serves only the current file after a rotation, so for a rotated log it is a
lower bound. Prints one line and exits 1 when a check fails.
"""
import json
import re
import sys
from collections import Counter

args = sys.argv[1:]
trial_path, log_path = args[0], args[1]
with open(trial_path) as f:
    trial = json.load(f)
with open(log_path) as f:
    log = f.read()

recorded = Counter(float(entry["metric"]["value"]) for entry in trial["observationLog"]["metricLogs"] if entry["metric"]["name"] == "loss")
logged = Counter(float(value) for value in re.findall(r"\bloss=([-+0-9.eE]+)", log))
missing = logged - recorded
extra = recorded - logged
total = sum(recorded.values())
problems = []
if missing:
    problems.append(f"{sum(missing.values())} logged values not recorded")
if "--same" in args and extra:
    problems.append(f"{sum(extra.values())} recorded values not in the log")
if "--expect" in args and total != int(args[args.index("--expect") + 1]):
    problems.append(f"expected {args[args.index('--expect') + 1]} recorded")
if "--at-least" in args and total < int(args[args.index("--at-least") + 1]):
    problems.append(f"expected at least {args[args.index('--at-least') + 1]} recorded")
print(f"recorded {total}, kubectl logs shows {sum(logged.values())}" + (f": {'; '.join(problems)}" if problems else ""))
sys.exit(1 if problems else 0)
