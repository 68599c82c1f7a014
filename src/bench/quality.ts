/**
 * The search-quality benchmark: every (algorithm, problem, seed) run through
 * the real algorithm in process, one JSON result line per run on stdout in
 * ../shared/bench/PROBLEMS.md's format, progress on stderr.
 *
 *   npm run bench:quality -- [--algorithms random,tpe,auto] [--problems branin,hartmann6] [--seeds 15] [--first-seed 0] [--batch 1] [--budget 300]
 *
 * `auto` runs the algorithm the service would choose for the problem's space
 * with its budget as maxTrialCount and the batch as parallelTrialCount; its
 * lines name the choice (`chosen`). `--budget` replaces every problem's budget
 * (to see how the algorithms compare past the public budgets).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  BENCHMARK_PROBLEMS,
  type BenchmarkProblem,
  findBenchmarkProblem,
  ROBUSTNESS_PROBLEMS,
} from '../../algorithms/benchmarks/problems.js';
import { findAlgorithm } from '../../algorithms/registry.js';
import { AUTO_ALGORITHM } from '../../algorithms/auto/choose-algorithm.js';
import { autoAlgorithmFor } from './auto-choice.js';
import { chooseAlgorithmNames, positiveInteger, splitList } from './cli-options.js';
import { runQualityBenchmark } from './quality-run.js';
import { searchableSpace } from './searchable-space.js';
import { systemName } from './system-name.js';

function chooseProblems(names: string | undefined): BenchmarkProblem[] {
  if (!names) return [...BENCHMARK_PROBLEMS];
  return splitList(names).map((name) => {
    const problem = findBenchmarkProblem(name);
    if (!problem) {
      const known = [...BENCHMARK_PROBLEMS, ...ROBUSTNESS_PROBLEMS].map((p) => p.name).join(', ');
      throw new Error(`unknown problem "${name}"; known: ${known}`);
    }
    return problem;
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      algorithms: { type: 'string' },
      problems: { type: 'string' },
      seeds: { type: 'string' },
      batch: { type: 'string' },
      budget: { type: 'string' },
      'first-seed': { type: 'string' },
    },
  });
  const budget = values.budget === undefined ? undefined : positiveInteger('budget', values.budget, 1);
  const problems = chooseProblems(values.problems).map((problem) => (budget === undefined ? problem : { ...problem, budget }));
  const algorithms = chooseAlgorithmNames(values.algorithms, problems.map((problem) => problem.space), true);
  const seeds = positiveInteger('seeds', values.seeds, 15);
  // Seeds firstSeed .. firstSeed + seeds - 1: a long run split over processes gives the same lines as one.
  const firstSeed = values['first-seed'] === undefined ? 0 : Number(values['first-seed']);
  if (!Number.isInteger(firstSeed) || firstSeed < 0) throw new Error(`--first-seed must be a non-negative integer, got "${values['first-seed']}"`);
  const batch = positiveInteger('batch', values.batch, 1);
  const system = systemName();
  const total = algorithms.length * problems.length * seeds;
  let done = 0;
  for (const problem of problems) {
    for (const name of algorithms) {
      const auto = name === AUTO_ALGORITHM ? autoAlgorithmFor(problem, batch) : undefined;
      const algorithm = auto?.algorithm ?? findAlgorithm(name)!;
      if (auto) process.stderr.write(`auto on ${problem.name} at batch ${batch}: ${auto.choice.name} (${auto.choice.reason})\n`);
      const space = searchableSpace(auto ? findAlgorithm(auto.choice.name)! : algorithm, problem);
      for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
        const result = runQualityBenchmark({
          algorithm,
          problem,
          space,
          seed,
          batch,
          settings: {},
          now: () => performance.now(),
        });
        process.stdout.write(`${JSON.stringify({ system, ...result, ...(auto && { chosen: auto.choice.name }) })}\n`);
        done++;
        process.stderr.write(
          `[${done}/${total}] ${name} ${problem.name} seed ${seed} batch ${batch}: ` +
            `regret ${result.regret.toPrecision(3)}, ${result.suggest_ms_per_trial.toFixed(2)} ms/trial\n`,
        );
      }
    }
  }
}

main();
