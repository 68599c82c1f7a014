/**
 * The early-stopping benchmark of ../shared/bench/PROBLEMS.md: learning curves
 * of lc_mixed (or of the other shapes of algorithms/benchmarks/lc-shapes.ts)
 * at a fixed budget of epochs, one search algorithm with no rule, medianstop,
 * asha and curvefit (and curvefit-old: curvefit without its late-drop lesson),
 * and hyperband as the search algorithm, all through the real algorithms in
 * process; curvefit-forecast is curvefit with the search learning a stopped
 * trial's forecast final value in place of its best value so far. One JSON
 * result line per run on stdout, a table of median, 80th percentile and worst
 * regret per problem on stderr, and per problem a line
 *   early-stopping: none_regret=A medianstop_regret=B asha_regret=C curvefit_regret=D best=NAME
 * (followed by ` problem=NAME` for every problem but lc_mixed), the last one last.
 *
 *   npm run bench:early-stopping -- [--search tpe] [--seeds 15] [--first-seed 0] [--parallel 1]
 *                                   [--problem lc_mixed|lc_step|lc_warmup|lc_overfit|lc_noisy|lc_power|all,...]
 *                                   [--variants none,medianstop,asha,curvefit-old,curvefit,curvefit-forecast,hyperband]
 *
 * --search defaults to tpe when this build registers it, random otherwise;
 * --parallel 1 is the peer's sequential protocol; --seeds N runs seeds
 * first-seed .. first-seed + N - 1 (a later range keeps tuning off the reported seeds).
 */
import { parseArgs } from 'node:util';
import { LC_BUDGET_STEPS, LC_STEPS } from '../../algorithms/benchmarks/lc-mixed.js';
import { findBenchmarkProblem } from '../../algorithms/benchmarks/problems.js';
import { availableAlgorithms, findAlgorithm } from '../../algorithms/registry.js';
import { positiveInteger, splitList } from './cli-options.js';
import { runCurveBenchmark } from './early-stopping/curve-run.js';
import { chooseCurveProblems } from './early-stopping/problems.js';
import { regretSpreads, summaryLine } from './early-stopping/summary.js';
import { curveVariants, VARIANT_LABELS } from './early-stopping/variants.js';
import { systemName } from './system-name.js';

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
      problem: { type: 'string', default: 'lc_mixed' },
      variants: { type: 'string', default: VARIANT_LABELS.join(',') },
    },
  });
  const search = chooseSearch(values.search);
  const seeds = positiveInteger('seeds', values.seeds, 15);
  const parallel = positiveInteger('parallel', values.parallel, 1);
  const firstSeed = values['first-seed'] === undefined ? 0 : positiveInteger('first-seed', values['first-seed'], 0);
  const problems = chooseCurveProblems(splitList(values.problem!));
  const space = findBenchmarkProblem('mixed_hpo')!.space;
  const variants = curveVariants(search, space, LC_STEPS, splitList(values.variants!));
  const system = systemName();
  const summaries: string[] = [];
  for (const problem of problems) {
    const runs: { label: string; regret: number | null }[] = [];
    for (const variant of variants) {
      for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
        const result = runCurveBenchmark({
          ...variant.request,
          problem,
          seed,
          parallel,
          budgetEpochs: LC_BUDGET_STEPS,
        });
        const line = { system, algorithm: variant.name, problem: problem.name, seed, budget_steps: LC_BUDGET_STEPS };
        process.stdout.write(`${JSON.stringify({ ...line, ...result, parallel })}\n`);
        runs.push({ label: variant.label, regret: result.regret });
        const regret = result.regret?.toFixed(4) ?? 'none';
        const spent = `${result.trials} trials, ${result.steps} epochs`;
        process.stderr.write(`${problem.name} ${variant.name} seed ${seed}: regret ${regret}, ${spent}\n`);
      }
    }
    const spreads = regretSpreads(runs);
    for (const [label, { median, p80, worst }] of spreads) {
      const figures = `median ${median.toFixed(4)}, p80 ${p80.toFixed(4)}, worst ${worst.toFixed(4)}`;
      process.stderr.write(`${problem.name} regret ${label}: ${figures}\n`);
    }
    const medians = new Map([...spreads].map(([label, spread]) => [label, spread.median]));
    summaries.push(`${summaryLine(medians)}${problem.name === 'lc_mixed' ? '' : ` problem=${problem.name}`}`);
  }
  for (const summary of summaries) process.stdout.write(`${summary}\n`);
}

main();
