import type { BenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { randomSearch } from '../../algorithms/random/random-search.js';
import type { HistoryEntry, SearchAlgorithm, SearchSpace } from '../../algorithms/types.js';

export interface LatencyRequest {
  algorithm: SearchAlgorithm;
  problem: BenchmarkProblem;
  /** The space searched: the problem's, or grid's stepped variant. */
  space: SearchSpace;
  /** Completed observations to measure at, e.g. 100, 300, 1000. */
  sizes: number[];
  /** Timed suggest calls per size; the median is reported. */
  repeats: number;
  /** Milliseconds, monotonic: only differences are used. */
  now: () => number;
}

/** PROBLEMS.md's latency line, minus `system`. */
export interface LatencyResult {
  algorithm: string;
  problem: string;
  observations: number;
  suggest_ms_p50: number;
}

// The observations come from their own stream (as optuna_peer.py draws them
// with a separate RandomSampler), the measured algorithm runs with seed 0.
const OBSERVATION_SEED = 1;
const ALGORITHM_SEED = 0;

/**
 * Time of one suggestion once n observations are known: n random points with
 * their true values as completed history, then `repeats` calls for one
 * assignment each, from history alone (no saved state, as after a worker
 * restart). The median drops the first call's JIT warm-up.
 */
export function measureSuggestLatency(request: LatencyRequest): LatencyResult[] {
  const { algorithm, problem, space, sizes, repeats, now } = request;
  const observations = randomObservations(problem, space, Math.max(...sizes));
  if (observations.length < Math.max(...sizes)) {
    throw new Error(`${problem.name} has only ${observations.length} points in the space ${algorithm.name} searches`);
  }
  return sizes.map((size) => {
    const history = observations.slice(0, size);
    const times = Array.from({ length: repeats }, () => {
      const started = now();
      algorithm.suggest({ space, direction: 'minimize', history, count: 1, settings: {}, seed: ALGORITHM_SEED });
      return now() - started;
    });
    return { algorithm: algorithm.name, problem: problem.name, observations: size, suggest_ms_p50: median(times) };
  });
}

/** Distinct random points of `space`; fewer than `count` only when the space is smaller. */
function randomObservations(problem: BenchmarkProblem, space: SearchSpace, count: number): HistoryEntry[] {
  const { assignments } = randomSearch.suggest({
    space,
    direction: 'minimize',
    history: [],
    count,
    settings: {},
    seed: OBSERVATION_SEED,
  });
  return assignments.map((assignment) => ({ assignment, status: 'completed', value: problem.objective(assignment) }));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
