import type { BenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import type { AlgorithmSettings, HistoryEntry, SearchAlgorithm, SearchSpace } from '../../algorithms/types.js';

export interface QualityRunRequest {
  algorithm: SearchAlgorithm;
  problem: BenchmarkProblem;
  /** The space the algorithm searches; the problem's own unless the algorithm needs a variant (grid). */
  space: SearchSpace;
  seed: number;
  /** Assignments proposed, evaluated and reported per round. */
  batch: number;
  settings: AlgorithmSettings;
  /** Evaluation counts to record the regret at besides the budget; budget/4 and budget/2 unless given. */
  checkpoints?: readonly number[];
  /** Milliseconds, monotonic: only differences are used. */
  now: () => number;
  /**
   * A warm start's earlier trials, given to the algorithm ahead of the run's
   * own as the service gives them: they count toward neither the budget nor
   * the best value.
   */
  priorHistory?: readonly HistoryEntry[];
}

/** One run in the shape of ../shared/bench/PROBLEMS.md's result line, minus `system`. */
export interface QualityRunResult {
  algorithm: string;
  problem: string;
  seed: number;
  batch: number;
  budget: number;
  best: number;
  regret: number;
  /** Regret after each checkpoint (budget/4, budget/2 by default) and all evaluations, keyed by the evaluation count. */
  regret_at: Record<string, number>;
  suggest_ms_per_trial: number;
  /** Evaluations made: below budget only when the algorithm ran out of points (grid). */
  evaluations: number;
}

/**
 * The PROBLEMS.md protocol, in process: propose `batch` assignments, evaluate
 * them all, report them all, repeat until the budget is spent (the last round
 * may be smaller). Every call gets the completed history with values, the
 * run's seed and the state the previous call returned, as the service would
 * pass them. Checkpoints are taken per evaluation, as optuna_peer.py does.
 */
export function runQualityBenchmark(request: QualityRunRequest): QualityRunResult {
  return runQualitySearch(request).result;
}

/** runQualityBenchmark, also handing back the run's own evaluations in order (for trials-to-regret). */
export function runQualitySearch(request: QualityRunRequest): { result: QualityRunResult; evaluated: HistoryEntry[] } {
  const { algorithm, problem, space, seed, batch, settings, now, priorHistory = [] } = request;
  const { budget, optimum } = problem;
  const checkpoints = new Set(request.checkpoints ?? [Math.floor(budget / 4), Math.floor(budget / 2)]);
  const history: HistoryEntry[] = [];
  const regretAt: Record<string, number> = {};
  let state: unknown;
  let best = Infinity;
  let suggestMs = 0;
  while (history.length < budget) {
    const count = Math.min(batch, budget - history.length);
    const started = now();
    const result = algorithm.suggest({
      space,
      direction: 'minimize',
      history: [...priorHistory, ...history],
      count,
      settings,
      seed,
      state,
    });
    suggestMs += now() - started;
    state = result.state;
    if (result.assignments.length > count) {
      throw new Error(`${algorithm.name} returned ${result.assignments.length} assignments when asked for ${count}`);
    }
    if (result.assignments.length === 0) {
      if (result.exhausted) break;
      throw new Error(`${algorithm.name} returned no assignment on ${problem.name} without being exhausted`);
    }
    for (const assignment of result.assignments) {
      const value = problem.objective(assignment);
      history.push({ assignment, status: 'completed', value });
      best = Math.min(best, value);
      if (checkpoints.has(history.length)) regretAt[String(history.length)] = best - optimum;
    }
  }
  // Keyed by the budget even when a finite space ran out first: the best is what the whole budget bought.
  regretAt[String(budget)] = best - optimum;
  const result = {
    algorithm: algorithm.name,
    problem: problem.name,
    seed,
    batch,
    budget,
    best,
    regret: best - optimum,
    regret_at: regretAt,
    suggest_ms_per_trial: suggestMs / history.length,
    evaluations: history.length,
  };
  return { result, evaluated: history };
}
