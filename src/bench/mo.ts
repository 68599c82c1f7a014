/**
 * The multi-objective benchmark: each (algorithm, problem, seed) run in
 * process through the real algorithm with a fixed budget, scored by the exact
 * hypervolume of everything it evaluated against the problem's fixed
 * reference point (algorithms/benchmarks/mo-problems.ts). Prints a markdown
 * table of median, 20th-percentile and worst-seed hypervolume (higher is
 * better) per problem, ours beside any peer result lines given with --peer
 * (src/bench/peers/optuna_mo_peer.py prints them); random search runs in the
 * same run as the baseline. --jsonl writes our own lines; --from tables
 * result files written earlier (ours and peers') without running anything.
 *
 * --constrained runs the constrained problems instead (CONSTRAINED_MULTI_OBJECTIVE_PROBLEMS,
 * hypervolume of the feasible points only; src/bench/peers/optuna_mo_peer.py --constrained);
 * --infeasible-as-failed tells every algorithm an infeasible trial as failed (the baseline);
 * --budget replaces every problem's budget (tabled as problem@budget).
 *
 *   npm run -s bench:mo -- [--constrained [--infeasible-as-failed]] [--algorithms random,nsga2,bayesianoptimization] [--problems zdt1,dtlz2]
 *     [--seeds 15] [--batch 1] [--budget N] [--peer optuna-mo.jsonl] [--jsonl ours.jsonl]
 *   npm run -s bench:mo -- --from ours.jsonl,optuna-mo.jsonl [--batch 4]
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { violationOf } from '../../algorithms/common/feasibility.js';
import { findAlgorithm } from '../../algorithms/registry.js';
import { hypervolume } from '../../algorithms/benchmarks/hypervolume.js';
import {
  CONSTRAINED_MULTI_OBJECTIVE_PROBLEMS,
  findMultiObjectiveProblem,
  MULTI_OBJECTIVE_PROBLEMS,
  type MultiObjectiveProblem,
} from '../../algorithms/benchmarks/mo-problems.js';
import type { HistoryEntry, SearchAlgorithm } from '../../algorithms/types.js';
import { positiveInteger, splitList } from './cli-options.js';
import { systemName } from './system-name.js';

export interface MultiObjectiveResult {
  system: string;
  algorithm: string;
  problem: string;
  seed: number;
  batch: number;
  budget: number;
  hypervolume: number;
  suggest_ms_per_trial: number;
}

/**
 * One run: ask `batch` at a time, evaluate, tell, until the budget is spent.
 * On a constrained problem the trials are told as the service tells them
 * (src/domain/history-entry.ts): with their constraint values to an algorithm
 * declaring `constrained`, an infeasible one as failed to any other; only
 * feasible points count in the hypervolume. `infeasibleAsFailed` tells every
 * algorithm an infeasible trial as failed, as the service did with several
 * objectives before nsga2 and ParEGO modelled constraints: their
 * unconstrained paths are bit for bit those of that time (the golden tests in
 * nsga2.spec.ts and bayesian-optimization.spec.ts), so this is the baseline.
 */
export function runMultiObjective(
  algorithm: SearchAlgorithm,
  problem: MultiObjectiveProblem,
  seed: number,
  batch: number,
  { infeasibleAsFailed = false } = {},
): Omit<MultiObjectiveResult, 'system'> {
  const history: HistoryEntry[] = [];
  const evaluated: number[][] = [];
  let state: unknown;
  let suggestMs = 0;
  while (history.length < problem.budget) {
    const count = Math.min(batch, problem.budget - history.length);
    const started = performance.now();
    const result = algorithm.suggest({
      space: problem.space,
      direction: problem.directions[0],
      directions: [...problem.directions],
      history,
      count,
      settings: {},
      seed,
      state,
    });
    suggestMs += performance.now() - started;
    state = result.state;
    if (result.assignments.length === 0) break;
    for (const assignment of result.assignments) {
      const values = problem.objectives(assignment);
      const constraints = problem.constraints?.(assignment);
      const feasible = constraints === undefined || violationOf(constraints) === 0;
      if (feasible) evaluated.push(values);
      if (constraints !== undefined && algorithm.constrained && !infeasibleAsFailed) history.push({ assignment, status: 'completed', value: values[0], values, constraints });
      else history.push(feasible ? { assignment, status: 'completed', value: values[0], values } : { assignment, status: 'failed' });
    }
  }
  return {
    algorithm: algorithm.name,
    problem: problem.name,
    seed,
    batch,
    budget: problem.budget,
    hypervolume: hypervolume(evaluated, problem.reference),
    suggest_ms_per_trial: suggestMs / history.length,
  };
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Per problem and batch: each system's median, 20th percentile (the poor tail) and worst hypervolume. */
export function hypervolumeTable(results: readonly MultiObjectiveResult[]): string {
  const rows = ['| problem | batch | system / algorithm | seeds | median HV | 20th pct HV | worst HV | ms/suggest |', '|---|---|---|---|---|---|---|---|'];
  const groups = new Map<string, MultiObjectiveResult[]>();
  for (const result of results) {
    // A run at another budget than the problem's (--budget) is its own row, named problem@budget.
    const named = result.budget === findMultiObjectiveProblem(result.problem)?.budget ? result.problem : `${result.problem}@${result.budget}`;
    const key = JSON.stringify([named, result.batch, `${result.system} ${result.algorithm}`]);
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const keys = [...groups.keys()].sort();
  for (const key of keys) {
    const [problem, batch, who] = JSON.parse(key) as [string, number, string];
    const runs = groups.get(key)!;
    const hv = runs.map((r) => r.hypervolume).sort((a, b) => a - b);
    const ms = runs.reduce((sum, r) => sum + r.suggest_ms_per_trial, 0) / runs.length;
    rows.push(`| ${problem} | ${batch} | ${who} | ${runs.length} | ${quantile(hv, 0.5).toFixed(4)} | ${quantile(hv, 0.2).toFixed(4)} | ${hv[0].toFixed(4)} | ${ms.toFixed(1)} |`);
  }
  return rows.join('\n');
}

/** Result lines from a comma-separated list of JSONL files. */
function readResults(files: string): MultiObjectiveResult[] {
  return splitList(files).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as MultiObjectiveResult),
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
      constrained: { type: 'boolean' },
      'infeasible-as-failed': { type: 'boolean' },
      budget: { type: 'string' },
    },
  });
  const batch = positiveInteger('batch', values.batch, 1);
  if (values.from) {
    process.stdout.write(`${hypervolumeTable(readResults(values.from).filter((r) => r.batch === batch))}\n`);
    return;
  }
  const algorithms = splitList(values.algorithms ?? 'random,nsga2,bayesianoptimization').map((name) => {
    const algorithm = findAlgorithm(name);
    if (!algorithm?.multiObjective) throw new Error(`"${name}" is no multi-objective algorithm of this build`);
    return algorithm;
  });
  const chosen = values.problems
    ? splitList(values.problems).map((name) => {
        const problem = findMultiObjectiveProblem(name);
        if (!problem) throw new Error(`unknown problem "${name}"; known: ${[...MULTI_OBJECTIVE_PROBLEMS, ...CONSTRAINED_MULTI_OBJECTIVE_PROBLEMS].map((p) => p.name).join(', ')}`);
        return problem;
      })
    : values.constrained
      ? CONSTRAINED_MULTI_OBJECTIVE_PROBLEMS
      : MULTI_OBJECTIVE_PROBLEMS;
  const problems = values.budget ? chosen.map((problem) => ({ ...problem, budget: positiveInteger('budget', values.budget, problem.budget) })) : chosen;
  const seeds = positiveInteger('seeds', values.seeds, 15);
  const infeasibleAsFailed = values['infeasible-as-failed'] === true;
  const system = infeasibleAsFailed ? `${systemName()} infeasible-as-failed` : systemName();
  if (values.jsonl) writeFileSync(values.jsonl, '');
  const results: MultiObjectiveResult[] = [];
  const started = performance.now();
  for (const problem of problems) {
    for (const algorithm of algorithms) {
      for (let seed = 0; seed < seeds; seed++) {
        const result = { system, ...runMultiObjective(algorithm, problem, seed, batch, { infeasibleAsFailed }) };
        results.push(result);
        if (values.jsonl) appendFileSync(values.jsonl, `${JSON.stringify(result)}\n`);
      }
      process.stderr.write(`${problem.name} ${algorithm.name}: ${seeds} seeds done at ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  }
  const names = new Set(problems.map((p) => p.name));
  const peers = readResults(values.peer ?? '').filter((r) => names.has(r.problem) && r.batch === batch);
  process.stdout.write(`${hypervolumeTable([...results, ...peers])}\n`);
}

if (process.argv[1]?.endsWith('/bench/mo.js')) main();
