/**
 * The search-quality benchmark: every (algorithm, problem, seed) run through
 * the real algorithm in process, one JSON result line per run on stdout in
 * ../shared/bench/PROBLEMS.md's format, progress on stderr.
 *
 *   npm run bench:quality -- [--algorithms random,tpe] [--problems branin,hartmann6] [--seeds 15] [--batch 1]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  BENCHMARK_PROBLEMS,
  type BenchmarkProblem,
  findBenchmarkProblem,
  ROBUSTNESS_PROBLEMS,
} from '../../algorithms/benchmarks/problems.js';
import { chooseAlgorithms, positiveInteger, splitList } from './cli-options.js';
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
    },
  });
  const problems = chooseProblems(values.problems);
  const algorithms = chooseAlgorithms(values.algorithms, problems.map((problem) => problem.space));
  const seeds = positiveInteger('seeds', values.seeds, 15);
  const batch = positiveInteger('batch', values.batch, 1);
  const system = systemName();
  const total = algorithms.length * problems.length * seeds;
  let done = 0;
  for (const problem of problems) {
    for (const algorithm of algorithms) {
      const space = searchableSpace(algorithm, problem);
      for (let seed = 0; seed < seeds; seed++) {
        const result = runQualityBenchmark({
          algorithm,
          problem,
          space,
          seed,
          batch,
          settings: {},
          now: () => performance.now(),
        });
        process.stdout.write(`${JSON.stringify({ system, ...result })}\n`);
        done++;
        process.stderr.write(
          `[${done}/${total}] ${algorithm.name} ${problem.name} seed ${seed} batch ${batch}: ` +
            `regret ${result.regret.toPrecision(3)}, ${result.suggest_ms_per_trial.toFixed(2)} ms/trial\n`,
        );
      }
    }
  }
}

main();
