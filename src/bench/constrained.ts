/**
 * The constrained benchmark: each (algorithm, problem, seed) run in process
 * through the real algorithm with a fixed budget, every trial told with its
 * objective value and its constraint values (HistoryEntry.constraints), as
 * the service tells a constrained experiment's trials. Regret is the best
 * *feasible* value found minus the problem's constrained optimum
 * (algorithms/benchmarks/constrained-problems.ts); a run that found no
 * feasible trial has no regret and ranks worst: the table counts such runs
 * and a percentile that falls on one reads "none". Prints a markdown table
 * of median, 80th-percentile and worst-seed regret (lower is better) per
 * problem, ours beside any peer result lines given with --peer
 * (src/bench/peers/optuna_constrained_peer.py prints them); random search
 * runs in the same run as the baseline. --jsonl writes our own lines; --from
 * tables result files written earlier without running anything.
 *
 *   npm run -s bench:constrained -- [--algorithms random,tpe,bayesianoptimization] [--problems branin_disk]
 *     [--seeds 15] [--batch 1] [--peer optuna-constrained.jsonl] [--jsonl ours.jsonl]
 *   npm run -s bench:constrained -- --from ours.jsonl,optuna-constrained.jsonl [--batch 4]
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { violationOf } from '../../algorithms/common/feasibility.js';
import { CONSTRAINED_PROBLEMS, type ConstrainedProblem, findConstrainedProblem } from '../../algorithms/benchmarks/constrained-problems.js';
import type { HistoryEntry, SearchAlgorithm } from '../../algorithms/types.js';
import { chooseAlgorithms, positiveInteger, splitList } from './cli-options.js';
import { systemName } from './system-name.js';

export interface ConstrainedResult {
  system: string;
  algorithm: string;
  problem: string;
  seed: number;
  batch: number;
  budget: number;
  /** The best feasible value; null when no trial was feasible. */
  best: number | null;
  regret: number | null;
  feasible_trials: number;
  suggest_ms_per_trial: number;
}

/** One run: ask `batch` at a time, evaluate, tell, until the budget is spent. */
export function runConstrained(
  algorithm: SearchAlgorithm,
  problem: ConstrainedProblem,
  seed: number,
  batch: number,
): Omit<ConstrainedResult, 'system'> {
  const history: HistoryEntry[] = [];
  let state: unknown;
  let suggestMs = 0;
  let best = Infinity;
  let feasibleTrials = 0;
  while (history.length < problem.budget) {
    const count = Math.min(batch, problem.budget - history.length);
    const started = performance.now();
    const result = algorithm.suggest({ space: problem.space, direction: 'minimize', history, count, settings: {}, seed, state });
    suggestMs += performance.now() - started;
    state = result.state;
    if (result.assignments.length === 0) break;
    for (const assignment of result.assignments) {
      const value = problem.objective(assignment);
      const constraints = problem.constraints(assignment);
      history.push({ assignment, status: 'completed', value, constraints });
      if (violationOf(constraints) > 0) continue;
      feasibleTrials++;
      best = Math.min(best, value);
    }
  }
  const found = Number.isFinite(best);
  return {
    algorithm: algorithm.name,
    problem: problem.name,
    seed,
    batch,
    budget: problem.budget,
    best: found ? best : null,
    regret: found ? best - problem.optimum : null,
    feasible_trials: feasibleTrials,
    suggest_ms_per_trial: suggestMs / Math.max(history.length, 1),
  };
}

/** The q-quantile of ascending values by linear interpolation; Infinity (no feasible trial) reads as the worst. */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  if (low === high || sorted[low] === sorted[high]) return sorted[low];
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

const shown = (regret: number) => (Number.isFinite(regret) ? regret.toPrecision(3) : 'none');

/** Per problem and batch: each system's median, 80th-percentile and worst regret, and its runs without a feasible trial. */
export function regretTable(results: readonly ConstrainedResult[]): string {
  const rows = [
    '| problem | batch | system / algorithm | seeds | median regret | 80th pct regret | worst regret | runs with no feasible trial | ms/suggest |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const groups = new Map<string, ConstrainedResult[]>();
  for (const result of results) {
    const key = JSON.stringify([result.problem, result.batch, `${result.system} ${result.algorithm}`]);
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  for (const key of [...groups.keys()].sort()) {
    const [problem, batch, who] = JSON.parse(key) as [string, number, string];
    const runs = groups.get(key)!;
    const regrets = runs.map((r) => r.regret ?? Infinity).sort((a, b) => a - b);
    const none = runs.filter((r) => r.regret === null).length;
    const ms = runs.reduce((sum, r) => sum + r.suggest_ms_per_trial, 0) / runs.length;
    rows.push(
      `| ${problem} | ${batch} | ${who} | ${runs.length} | ${shown(quantile(regrets, 0.5))} | ${shown(quantile(regrets, 0.8))} | ${shown(regrets[regrets.length - 1])} | ${none} | ${ms.toFixed(1)} |`,
    );
  }
  return rows.join('\n');
}

function readResults(files: string): ConstrainedResult[] {
  return splitList(files).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as ConstrainedResult),
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      algorithms: { type: 'string' },
      problems: { type: 'string' },
      seeds: { type: 'string' },
      batch: { type: 'string' },
      peer: { type: 'string' },
      jsonl: { type: 'string' },
      from: { type: 'string' },
    },
  });
  const batch = positiveInteger('batch', values.batch, 1);
  if (values.from) {
    process.stdout.write(`${regretTable(readResults(values.from).filter((r) => r.batch === batch))}\n`);
    return;
  }
  const problems = values.problems
    ? splitList(values.problems).map((name) => {
        const problem = findConstrainedProblem(name);
        if (!problem) throw new Error(`unknown problem "${name}"; known: ${CONSTRAINED_PROBLEMS.map((p) => p.name).join(', ')}`);
        return problem;
      })
    : CONSTRAINED_PROBLEMS;
  const algorithms = chooseAlgorithms(values.algorithms ?? 'random,tpe,bayesianoptimization', problems.map((p) => p.space));
  const seeds = positiveInteger('seeds', values.seeds, 15);
  const system = systemName();
  if (values.jsonl) writeFileSync(values.jsonl, '');
  const results: ConstrainedResult[] = [];
  const started = performance.now();
  for (const problem of problems) {
    for (const algorithm of algorithms) {
      for (let seed = 0; seed < seeds; seed++) {
        const result = { system, ...runConstrained(algorithm, problem, seed, batch) };
        results.push(result);
        if (values.jsonl) appendFileSync(values.jsonl, `${JSON.stringify(result)}\n`);
      }
      process.stderr.write(`${problem.name} ${algorithm.name}: ${seeds} seeds done at ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  }
  const names = new Set(problems.map((p) => p.name));
  const peers = readResults(values.peer ?? '').filter((r) => names.has(r.problem) && r.batch === batch);
  process.stdout.write(`${regretTable([...results, ...peers])}\n`);
}

if (process.argv[1]?.endsWith('/bench/constrained.js')) main();
