/**
 * `auto` beside the best single algorithm, from bench:quality result lines:
 * per problem, auto's median, 80th-percentile and worst regret over seeds,
 * each next to the best any other algorithm in the same files reached on that
 * statistic (and which one), and a count of the problems where auto is at
 * least as good.
 *
 *   node dist/bench/src/bench/auto-table.js --batch 1 ours-b1.jsonl [more.jsonl ...]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AUTO_ALGORITHM } from '../../algorithms/auto/choose-algorithm.js';
import { positiveInteger } from './cli-options.js';

interface ResultLine {
  algorithm: string;
  problem: string;
  seed: number;
  batch: number;
  regret: number;
  chosen?: string;
}

/** Linear interpolation between order statistics (numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

const STATISTICS = [
  { name: 'median', of: (sorted: readonly number[]) => quantile(sorted, 0.5) },
  { name: 'p80', of: (sorted: readonly number[]) => quantile(sorted, 0.8) },
  { name: 'worst', of: (sorted: readonly number[]) => sorted[sorted.length - 1] },
];

const format = (value: number) => (Math.abs(value) < 1e-3 && value !== 0 ? value.toExponential(1) : Number(value.toPrecision(3)).toString());

function main(): void {
  const { values, positionals } = parseArgs({ options: { batch: { type: 'string' } }, allowPositionals: true });
  const batch = positiveInteger('batch', values.batch, 1);
  const lines = positionals
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as ResultLine)
    .filter((line) => line.batch === batch);
  const regrets = new Map<string, Map<string, Map<number, number>>>();
  const chosen = new Map<string, string>();
  for (const line of lines) {
    const byAlgorithm = regrets.get(line.problem) ?? new Map<string, Map<number, number>>();
    regrets.set(line.problem, byAlgorithm);
    const bySeed = byAlgorithm.get(line.algorithm) ?? new Map<number, number>();
    byAlgorithm.set(line.algorithm, bySeed);
    bySeed.set(line.seed, line.regret);
    if (line.chosen) chosen.set(line.problem, line.chosen);
  }
  const header = ['problem', 'auto chose', 'seeds', ...STATISTICS.flatMap((s) => [`auto ${s.name}`, `best single ${s.name}`])];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  const atLeastAsGood = STATISTICS.map(() => 0);
  let problems = 0;
  for (const [problem, byAlgorithm] of [...regrets].sort(([a], [b]) => a.localeCompare(b))) {
    const auto = byAlgorithm.get(AUTO_ALGORITHM);
    if (!auto) continue;
    problems++;
    // Every algorithm is judged on the seeds auto ran, so a partial run compares like with like.
    const seeds = [...auto.keys()];
    const sortedOf = (bySeed: Map<number, number>) => seeds.map((seed) => bySeed.get(seed)!).sort((a, b) => a - b);
    const singles = [...byAlgorithm].filter(([name, bySeed]) => name !== AUTO_ALGORITHM && seeds.every((seed) => bySeed.has(seed)));
    const cells = STATISTICS.flatMap((statistic, index) => {
      const ours = statistic.of(sortedOf(auto));
      const [bestName, best] = singles
        .map(([name, bySeed]): [string, number] => [name, statistic.of(sortedOf(bySeed))])
        .reduce((a, b) => (b[1] < a[1] ? b : a));
      if (ours <= best) atLeastAsGood[index]++;
      return [ours <= best ? `**${format(ours)}**` : format(ours), `${format(best)} (${bestName})`];
    });
    console.log(`| ${[problem, chosen.get(problem) ?? '', String(seeds.length), ...cells].join(' | ')} |`);
  }
  console.log('');
  console.log(
    `auto at least as good as the best single algorithm (batch ${batch}): ` +
      STATISTICS.map((statistic, index) => `${statistic.name} ${atLeastAsGood[index]} of ${problems}`).join(', '),
  );
}

main();
