/**
 * The early-stopping benchmark of ../shared/bench/PROBLEMS.md: learning curves
 * of lc_mixed at a fixed budget of epochs, one search algorithm with no rule,
 * medianstop and asha, and hyperband as the search algorithm, all through the
 * real algorithms in process. One JSON result line per run on stdout, a
 * median table on stderr, and as the very last line of stdout:
 *   early-stopping: none_regret=A medianstop_regret=B asha_regret=C curvefit_regret=D best=NAME
 *
 *   npm run bench:early-stopping -- [--search tpe] [--seeds 15] [--first-seed 0] [--parallel 1]
 *                                   [--variants none,medianstop,asha,curvefit,hyperband]
 *
 * --search defaults to tpe when this build registers it, random otherwise;
 * --parallel 1 is the peer's sequential protocol; --seeds N runs seeds
 * first-seed .. first-seed + N - 1 (a later range keeps tuning off the reported seeds).
 */
import { parseArgs } from 'node:util';
import { LC_BUDGET_STEPS, LC_STEPS, lcMixedValue } from '../../algorithms/benchmarks/lc-mixed.js';
import { MIXED_HPO_OPTIMUM } from '../../algorithms/benchmarks/mixed-hpo.js';
import { findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { availableAlgorithms, findAlgorithm } from '../../algorithms/registry.js';
import { positiveInteger, splitList } from './cli-options.js';
import { runCurveBenchmark, type CurveProblem } from './early-stopping/curve-run.js';
import { medianRegrets, summaryLine } from './early-stopping/summary.js';
import { curveVariants, VARIANT_LABELS } from './early-stopping/variants.js';
import { systemName } from './system-name.js';

const LC_MIXED: CurveProblem = {
  name: 'lc_mixed',
  valueAt: lcMixedValue,
  fullEpochs: LC_STEPS,
  optimum: MIXED_HPO_OPTIMUM,
};

function chooseSearch(name: string | undefined) {
  const chosen = name ?? (findAlgorithm('tpe') ? 'tpe' : 'random');
  const search = findAlgorithm(chosen);
  if (!search || chosen === 'hyperband') {
    const built = availableAlgorithms().join(', ');
    throw new Error(`--search must name a built algorithm other than hyperband; built: ${built}`);
  }
  return search;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      search: { type: 'string' },
      seeds: { type: 'string' },
      'first-seed': { type: 'string' },
      parallel: { type: 'string' },
      variants: { type: 'string', default: VARIANT_LABELS.join(',') },
    },
  });
  const search = chooseSearch(values.search);
  const seeds = positiveInteger('seeds', values.seeds, 15);
  const parallel = positiveInteger('parallel', values.parallel, 1);
  const firstSeed = values['first-seed'] === undefined ? 0 : positiveInteger('first-seed', values['first-seed'], 0);
  const space = findBenchmarkProblem('mixed_hpo')!.space;
  const variants = curveVariants(search, space, LC_MIXED.fullEpochs, splitList(values.variants!));
  const system = systemName();
  const runs: { label: string; regret: number | null }[] = [];
  for (const variant of variants) {
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const result = runCurveBenchmark({
        ...variant.request,
        problem: LC_MIXED,
        seed,
        parallel,
        budgetEpochs: LC_BUDGET_STEPS,
      });
      const line = { system, algorithm: variant.name, problem: LC_MIXED.name, seed, budget_steps: LC_BUDGET_STEPS };
      process.stdout.write(`${JSON.stringify({ ...line, ...result, parallel })}\n`);
      runs.push({ label: variant.label, regret: result.regret });
      const regret = result.regret?.toFixed(4) ?? 'none';
      const spent = `${result.trials} trials, ${result.steps} epochs`;
      process.stderr.write(`${variant.name} seed ${seed}: regret ${regret}, ${spent}\n`);
    }
  }
  const medians = medianRegrets(runs);
  for (const [label, regret] of medians) process.stderr.write(`median regret ${label}: ${regret.toFixed(4)}\n`);
  process.stdout.write(`${summaryLine(medians)}\n`);
}

main();
