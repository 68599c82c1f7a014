/**
 * PBT against random search on Katib's own PBT toy problem (a learning rate
 * that must rise, then decay, as the model trains: ./pbt/lr-schedule.ts),
 * simulated in process through the real algorithms. Every variant spends the
 * same compute (trials x epochs); random search gets it twice: as many
 * trials of the same length, and fewer trials as long as PBT's deepest
 * lineage, so that neither short runs nor long ones are its excuse. "True
 * value" is the best-reported trial's value without measurement noise (the
 * best report of many noisy ones flatters whoever ran more trials). A table
 * of medians on stderr, one JSON line per run on stdout, and last:
 *   pbt: pbt_best=A random_best=B random_long_best=C
 *
 *   npm run bench:pbt -- [--seeds 15] [--first-seed 0] [--trials 100] [--epochs 20] [--parallel 5]
 */
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { median } from 'simple-statistics';
import { positiveInteger } from './cli-options.js';
import { KATIB_SIMPLE_PBT, PBT_SETTINGS, runSchedule, scheduleAlgorithms, SGD_DECAY, type ScheduleProblem, type ScheduleRun } from './pbt/pbt-run.js';
import { systemName } from './system-name.js';

function main(): void {
  const { values } = parseArgs({
    options: { seeds: { type: 'string' }, 'first-seed': { type: 'string' }, trials: { type: 'string' }, epochs: { type: 'string' }, parallel: { type: 'string' }, 'long-factor': { type: 'string' } },
  });
  const seeds = positiveInteger('seeds', values.seeds, 15);
  const firstSeed = values['first-seed'] === undefined ? 0 : positiveInteger('first-seed', values['first-seed'], 0);
  const trials = positiveInteger('trials', values.trials, 100);
  const epochs = positiveInteger('epochs', values.epochs, 20);
  const parallel = positiveInteger('parallel', values.parallel, 5);
  const system = systemName();
  const runs = new Map<string, ScheduleRun[]>();
  const record = (problem: string, variant: string, seed: number, run: ScheduleRun) => {
    process.stdout.write(`${JSON.stringify({ system, problem, variant, seed, parallel, ...run })}\n`);
    runs.set(`${problem} ${variant}`, [...(runs.get(`${problem} ${variant}`) ?? []), run]);
  };
  const problems: ScheduleProblem<any>[] = [SGD_DECAY, KATIB_SIMPLE_PBT];
  for (const problem of problems) {
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const common = { problem, seed, parallel };
      const pbtRun = runSchedule({ ...common, algorithm: scheduleAlgorithms.pbt, settings: PBT_SETTINGS, trials, epochsPerTrial: epochs });
      record(problem.name, 'pbt', seed, pbtRun);
      record(problem.name, 'random', seed, runSchedule({ ...common, algorithm: scheduleAlgorithms.random, settings: {}, trials, epochsPerTrial: epochs }));
      // Same compute again, in runs as long as PBT's deepest chain of trials: a constant lr gets every chance to train long.
      const longFactor = values['long-factor'] === undefined ? pbtRun.deepestLineage : positiveInteger('long-factor', values['long-factor'], 1);
      const longRun = runSchedule({ ...common, algorithm: scheduleAlgorithms.random, settings: {}, trials: Math.max(1, Math.floor(trials / longFactor)), epochsPerTrial: epochs * longFactor });
      record(problem.name, 'random_long', seed, longRun);
    }
  }
  const table = new Table({
    head: ['problem', 'variant', 'median best', 'min', 'max', 'PBT better on seeds', 'median true value of best', 'trials', 'epochs', 'deepest lineage'],
    style: { head: [], border: [] },
  });
  const summary: string[] = [];
  for (const problem of problems) {
    const pbtBests = runs.get(`${problem.name} pbt`)!.map((run) => run.best);
    for (const variant of ['pbt', 'random', 'random_long']) {
      const list = runs.get(`${problem.name} ${variant}`)!;
      const bests = list.map((run) => run.best);
      const better = (a: number, b: number) => (problem.direction === 'maximize' ? a > b : a < b);
      const wins = variant === 'pbt' ? '' : `${bests.filter((best, i) => better(pbtBests[i], best)).length}/${bests.length}`;
      const [low, high] = [Math.min(...bests), Math.max(...bests)];
      table.push([problem.name, variant, format(median(bests)), format(low), format(high), wins, format(median(list.map((r) => r.bestTruth))), median(list.map((r) => r.trials)), median(list.map((r) => r.epochs)), median(list.map((r) => r.deepestLineage))]);
      summary.push(`${problem.name}_${variant}=${format(median(bests))}`);
    }
  }
  process.stderr.write(`${table.toString()}\n`);
  process.stdout.write(`pbt: ${summary.join(' ')}\n`);
}

/** Four significant digits: losses span decades. */
const format = (value: number) => value.toPrecision(4);

main();
