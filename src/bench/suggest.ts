/**
 * Suggest latency: the p50 time of one suggestion once n random observations
 * of hartmann6 are known, one JSON line per (algorithm, n) on stdout in
 * ../shared/bench/PROBLEMS.md's format. Compare only with a peer measured in
 * the same session on the same machine.
 *
 *   npm run bench:suggest -- [--algorithms random,tpe] [--sizes 100,300,1000] [--repeats 5]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { chooseAlgorithms, positiveInteger, splitList } from './cli-options.js';
import { searchableSpace } from './searchable-space.js';
import { measureSuggestLatency } from './suggest-latency.js';
import { systemName } from './system-name.js';

function main(): void {
  const { values } = parseArgs({
    options: {
      algorithms: { type: 'string' },
      sizes: { type: 'string', default: '100,300,1000' },
      repeats: { type: 'string' },
    },
  });
  const problem = findBenchmarkProblem('hartmann6')!;
  const algorithms = chooseAlgorithms(values.algorithms, [problem.space]);
  const sizes = splitList(values.sizes!).map((size) => positiveInteger('sizes', size, 0));
  const repeats = positiveInteger('repeats', values.repeats, 5);
  const system = systemName();
  for (const algorithm of algorithms) {
    const space = searchableSpace(algorithm, problem);
    process.stderr.write(`${algorithm.name}: ${repeats} suggestions at each of ${sizes.join(', ')} observations\n`);
    const lines = measureSuggestLatency({ algorithm, problem, space, sizes, repeats, now: () => performance.now() });
    for (const line of lines) process.stdout.write(`${JSON.stringify({ system, ...line })}\n`);
  }
}

main();
