import type { BenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { randomSearch } from '../../algorithms/random/random-search.js';
import type { HistoryEntry, SearchAlgorithm, SearchSpace } from '../../algorithms/types.js';

export interface LatencyRequest {
  algorithm: SearchAlgorithm;
  /**
   * The same algorithm from another build (e.g. main's), timed on the same
   * history with its calls interleaved with `algorithm`'s, so that the load
   * of a shared machine falls on both alike and their ratio holds.
   */
  baseline?: SearchAlgorithm;
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
  /** p50 given the state the algorithm returned on the first n - 1 observations, as in a running experiment. */
  warm_ms_p50: number;
  /** The baseline build's p50s on the same history, when one was given. */
  baseline_ms_p50?: number;
  baseline_warm_ms_p50?: number;
}

// The observations come from their own stream (as optuna_peer.py draws them
// with a separate RandomSampler), the measured algorithm runs with seed 0.
const OBSERVATION_SEED = 1;
const ALGORITHM_SEED = 0;

/**
 * Time of one suggestion once n observations are known: n random points with
 * their true values as completed history, then `repeats` calls for one
 * assignment each, from history alone (no saved state, as when a history is
 * imported or state was lost), and as many given the state of a suggestion on
 * the first n - 1 (as in a running experiment, whose state is stored with it).
 * The median drops the first call's JIT warm-up.
 */
export function measureSuggestLatency(request: LatencyRequest): LatencyResult[] {
  const { algorithm, baseline, problem, space, sizes, repeats, now } = request;
  const observations = randomObservations(problem, space, Math.max(...sizes));
  if (observations.length < Math.max(...sizes)) {
    throw new Error(`${problem.name} has only ${observations.length} points in the space ${algorithm.name} searches`);
  }
  const timeOne = (measured: SearchAlgorithm, history: HistoryEntry[], state?: unknown) => {
    const started = now();
    measured.suggest({ space, direction: 'minimize', history, count: 1, settings: {}, seed: ALGORITHM_SEED, state });
    return now() - started;
  };
  const stateBefore = (measured: SearchAlgorithm, history: HistoryEntry[]) =>
    measured.suggest({
      space,
      direction: 'minimize',
      history: history.slice(0, -1),
      count: 1,
      settings: {},
      seed: ALGORITHM_SEED,
    }).state;
  return sizes.map((size) => {
    const history = observations.slice(0, size);
    const builds = baseline ? [algorithm, baseline] : [algorithm];
    const states = builds.map((build) => stateBefore(build, history));
    const cold = builds.map((): number[] => []);
    const warm = builds.map((): number[] => []);
    for (let repeat = 0; repeat < repeats; repeat++) {
      builds.forEach((build, b) => cold[b].push(timeOne(build, history)));
      builds.forEach((build, b) => warm[b].push(timeOne(build, history, states[b])));
    }
    const line: LatencyResult = {
      algorithm: algorithm.name,
      problem: problem.name,
      observations: size,
      suggest_ms_p50: median(cold[0]),
      warm_ms_p50: median(warm[0]),
    };
    return baseline ? { ...line, baseline_ms_p50: median(cold[1]), baseline_warm_ms_p50: median(warm[1]) } : line;
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

/** The side-by-side table printed when a baseline build was measured. */
export function latencyTable(lines: readonly LatencyResult[]): string {
  const rows = lines.map((line) => {
    const [baseline, baselineWarm] = [line.baseline_ms_p50 ?? NaN, line.baseline_warm_ms_p50 ?? NaN];
    const cells = [
      line.algorithm,
      String(line.observations),
      figure(baseline),
      figure(line.suggest_ms_p50),
      (line.suggest_ms_p50 / baseline).toFixed(2),
      figure(baselineWarm),
      figure(line.warm_ms_p50),
      (line.warm_ms_p50 / baselineWarm).toFixed(2),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| algorithm | n | no state: baseline ms | this build ms | ratio | with state: baseline ms | this build ms | ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function figure(milliseconds: number): string {
  return milliseconds >= 100 ? milliseconds.toFixed(0) : milliseconds.toPrecision(3);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
