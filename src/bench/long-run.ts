/**
 * Long runs: one algorithm far past the public problems' budgets, where
 * bayesianoptimization's GP works on subsets of the history, with the regret
 * at every fifth of the budget, one JSON line per seed on stdout (the quality
 * benchmark's format), progress on stderr. --build DIR runs the algorithms
 * compiled into DIR instead (`npm run bench:baseline -- main` makes
 * dist/baseline), so that two builds' runs on the same seeds can be set side
 * by side.
 *
 *   npm run bench:long-run -- [--algorithm bayesianoptimization] [--problem hartmann6] [--budget 500] [--seeds 3] [--first-seed 0] [--build DIR]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { findAlgorithm } from '../../algorithms/registry.js';
import { positiveInteger } from './cli-options.js';
import { algorithmsOfBuild } from './other-build.js';
import { runQualityBenchmark } from './quality-run.js';
import { searchableSpace } from './searchable-space.js';
import { systemName } from './system-name.js';

const CHECKPOINT_FRACTIONS = [0.2, 0.4, 0.6, 0.8];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      algorithm: { type: 'string', default: 'bayesianoptimization' },
      problem: { type: 'string', default: 'hartmann6' },
      budget: { type: 'string' },
      seeds: { type: 'string' },
      'first-seed': { type: 'string' },
      build: { type: 'string' },
    },
  });
  const problem = findBenchmarkProblem(values.problem!);
  if (!problem) throw new Error(`unknown problem "${values.problem}"`);
  const find = values.build ? await algorithmsOfBuild(values.build) : findAlgorithm;
  const algorithm = find(values.algorithm!);
  if (!algorithm) throw new Error(`unknown or unbuilt algorithm "${values.algorithm}"`);
  const budget = positiveInteger('budget', values.budget, 500);
  const seeds = positiveInteger('seeds', values.seeds, 3);
  // Seeds from --first-seed on, so that one run's seeds can be split over processes.
  const firstSeed = Number(values['first-seed'] ?? 0);
  if (!Number.isInteger(firstSeed) || firstSeed < 0) {
    throw new Error(`--first-seed must be a non-negative integer, got "${values['first-seed']}"`);
  }
  const space = searchableSpace(algorithm, problem);
  const system = values.build ? `${systemName()}@${values.build}` : systemName();
  const checkpoints = CHECKPOINT_FRACTIONS.map((fraction) => Math.round(fraction * budget));
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const result = runQualityBenchmark({
      algorithm,
      problem: { ...problem, budget },
      space,
      seed,
      batch: 1,
      settings: {},
      checkpoints,
      now: () => performance.now(),
    });
    process.stdout.write(`${JSON.stringify({ system, ...result })}\n`);
    process.stderr.write(
      `${system} ${algorithm.name} ${problem.name} seed ${seed}, ${budget} trials: regret ${result.regret.toPrecision(3)}, ` +
        `${result.suggest_ms_per_trial.toFixed(1)} ms/trial\n`,
    );
  }
}

await main();
