import { whyOutsideSpace } from '../../algorithms/encoding/feasible-value.js';
import { fromScale, toScale } from '../../algorithms/encoding/scale.js';
import type { BenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import type { HistoryEntry, SearchAlgorithm, SearchParameter, SearchSpace } from '../../algorithms/types.js';
import { runQualitySearch } from './quality-run.js';

/** Each range loses this share of its width (in its own scale) at either end in the related variant. */
const TRIM_SHARE = 0.1;

/**
 * The problem as a follow-up experiment would search it: every range
 * narrowed by TRIM_SHARE at both ends (ints rounded inwards), the first value
 * of each discrete list and categorical list no longer listed. The optimum
 * stays inside on every public problem; earlier trials outside the narrower
 * space are what a warm start drops.
 */
export function narrowedVariant(problem: BenchmarkProblem): BenchmarkProblem {
  return { ...problem, name: `${problem.name}_narrowed`, space: problem.space.map(narrowed) };
}

function narrowed(parameter: SearchParameter): SearchParameter {
  if (parameter.type === 'categorical' || parameter.type === 'discrete') {
    return parameter.values.length > 2 ? ({ ...parameter, values: parameter.values.slice(1) } as SearchParameter) : parameter;
  }
  const low = toScale(parameter, parameter.min);
  const high = toScale(parameter, parameter.max);
  const cut = (high - low) * TRIM_SHARE;
  let min = fromScale(parameter, low + cut);
  let max = fromScale(parameter, high - cut);
  if (parameter.type === 'int') {
    min = Math.ceil(min);
    max = Math.floor(max);
  }
  return { ...parameter, min, max };
}

/** The earlier trials a warm start keeps: those inside `space`, by the test the service imports with. */
export function insideSpace(space: SearchSpace, history: readonly HistoryEntry[]): HistoryEntry[] {
  return history.filter((entry) => space.every((parameter) => whyOutsideSpace(parameter, entry.assignment[parameter.name]) === undefined));
}

/** How many of a run's own evaluations it took for the best to come within `target` of the optimum; undefined when it never did. */
export function evaluationsToRegret(evaluated: readonly HistoryEntry[], optimum: number, target: number): number | undefined {
  let best = Infinity;
  for (let i = 0; i < evaluated.length; i++) {
    best = Math.min(best, evaluated[i].value ?? Infinity);
    if (best - optimum <= target) return i + 1;
  }
  return undefined;
}

/** The regret after the first `evaluations` of a run's own evaluations. */
export function regretAfter(evaluated: readonly HistoryEntry[], optimum: number, evaluations: number): number {
  let best = Infinity;
  for (const entry of evaluated.slice(0, evaluations)) best = Math.min(best, entry.value ?? Infinity);
  return best - optimum;
}

export interface WarmStartRun {
  problem: string;
  algorithm: string;
  seed: number;
  start: 'cold' | 'warm';
  /** Earlier trials given to the algorithm (warm only), and those dropped as outside the narrower space. */
  imported: number;
  dropped: number;
  /** Own evaluations until regret <= target; null when the budget ran out first. */
  evaluations_to_target: number | null;
  regret_at_fixed_budget: number;
  regret_at_budget: number;
}

export interface WarmStartRequest {
  algorithm: SearchAlgorithm;
  problem: BenchmarkProblem;
  seed: number;
  target: number;
  /** Own evaluations at which regret is compared between cold and warm. */
  fixedBudget: number;
  now: () => number;
}

/**
 * One seed of the warm-start benchmark: an earlier run of the same
 * algorithm (another seed, half the budget) on the problem's full space,
 * then the narrowed variant searched cold and warm (the earlier run's
 * trials that fit as prior history), both for the full budget.
 */
export function runWarmStartPair({ algorithm, problem, seed, target, fixedBudget, now }: WarmStartRequest): [WarmStartRun, WarmStartRun] {
  const earlier = runQualitySearch({
    algorithm,
    problem: { ...problem, budget: Math.floor(problem.budget / 2) },
    space: problem.space,
    seed: 1_000 + seed,
    batch: 1,
    settings: {},
    now,
  }).evaluated;
  const variant = narrowedVariant(problem);
  const prior = insideSpace(variant.space, earlier);
  const runs = (['cold', 'warm'] as const).map((start): WarmStartRun => {
    const { evaluated } = runQualitySearch({
      algorithm,
      problem: variant,
      space: variant.space,
      seed,
      batch: 1,
      settings: {},
      now,
      ...(start === 'warm' && { priorHistory: prior }),
    });
    return {
      problem: variant.name,
      algorithm: algorithm.name,
      seed,
      start,
      imported: start === 'warm' ? prior.length : 0,
      dropped: start === 'warm' ? earlier.length - prior.length : 0,
      evaluations_to_target: evaluationsToRegret(evaluated, problem.optimum, target) ?? null,
      regret_at_fixed_budget: regretAfter(evaluated, problem.optimum, fixedBudget),
      regret_at_budget: regretAfter(evaluated, problem.optimum, problem.budget),
    };
  });
  return [runs[0], runs[1]];
}
