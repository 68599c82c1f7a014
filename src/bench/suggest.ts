/**
 * Suggest latency: the p50 time of one suggestion once n random observations
 * of hartmann6 are known, from history alone (`suggest_ms_p50`) and given the
 * state of the previous suggestion (`warm_ms_p50`), one JSON line per
 * (algorithm, n) on stdout in ../shared/bench/PROBLEMS.md's format. Compare
 * only with a peer measured in the same session on the same machine.
 *
 *   npm run bench:suggest -- [--algorithms random,tpe] [--sizes 100,300,1000] [--repeats 5] [--baseline DIR] [--clock cpu]
 *
 * Without --sizes every algorithm is timed at 100, 300 and 1,000 observations,
 * bayesianoptimization (whose latency is what limits long experiments) also at
 * 5,000. --baseline DIR times another build's algorithms beside this one's,
 * calls interleaved, and prints a table of both with their ratio on stderr:
 * DIR holds that build's compiled `algorithms/` (`npm run bench:baseline --
 * main` makes dist/baseline from the branch main). --clock cpu times by the
 * process's CPU time (all its threads) instead of the wall clock: on a shared,
 * loaded machine the wall clock also counts the time spent waiting for a core.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { chooseAlgorithms, positiveInteger, splitList } from './cli-options.js';
import { algorithmsOfBuild } from './other-build.js';
import { searchableSpace } from './searchable-space.js';
import { latencyTable, type LatencyResult, measureSuggestLatency } from './suggest-latency.js';
import { systemName } from './system-name.js';

const DEFAULT_SIZES = [100, 300, 1000];
const LARGE_HISTORY_SIZES: Readonly<Record<string, number[]>> = { bayesianoptimization: [5000] };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      algorithms: { type: 'string' },
      sizes: { type: 'string' },
      repeats: { type: 'string' },
      baseline: { type: 'string' },
      clock: { type: 'string', default: 'wall' },
    },
  });
  const problem = findBenchmarkProblem('hartmann6')!;
  const algorithms = chooseAlgorithms(values.algorithms, [problem.space]);
  const chosenSizes = values.sizes ? splitList(values.sizes).map((size) => positiveInteger('sizes', size, 0)) : undefined;
  const repeats = positiveInteger('repeats', values.repeats, 5);
  const findBaseline = values.baseline ? await algorithmsOfBuild(values.baseline) : undefined;
  if (values.clock !== 'wall' && values.clock !== 'cpu') throw new Error(`--clock must be wall or cpu, got "${values.clock}"`);
  const now = values.clock === 'cpu' ? processCpuMilliseconds : () => performance.now();
  const system = systemName();
  const measured: LatencyResult[] = [];
  for (const algorithm of algorithms) {
    const sizes = chosenSizes ?? [...DEFAULT_SIZES, ...(LARGE_HISTORY_SIZES[algorithm.name] ?? [])];
    const space = searchableSpace(algorithm, problem);
    const baseline = findBaseline?.(algorithm.name);
    if (findBaseline && !baseline) throw new Error(`the baseline build has no ${algorithm.name}`);
    const beside = baseline ? ', beside the baseline build' : '';
    process.stderr.write(`${algorithm.name}: ${repeats} suggestions at each of ${sizes.join(', ')} observations${beside}\n`);
    const lines = measureSuggestLatency({ algorithm, baseline, problem, space, sizes, repeats, now });
    for (const line of lines) process.stdout.write(`${JSON.stringify({ system, ...line })}\n`);
    measured.push(...lines);
  }
  if (findBaseline) process.stderr.write(`${latencyTable(measured)}\n`);
}

function processCpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

await main();
