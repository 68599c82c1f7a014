import { describe, expect, it } from '@jest/globals';
import { PBT_SETTINGS, runSchedule, scheduleAlgorithms, type ScheduleProblem } from './pbt-run.js';
import { SGD_SPACE, trainSgd } from './sgd-decay.js';

/** A model that is only its epoch count, reported as its value: a trial's value says how far its lineage trained. */
const epochCounter: ScheduleProblem<{ epochs: number }> = {
  name: 'epoch_counter',
  space: SGD_SPACE,
  direction: 'maximize',
  fresh: { epochs: 0 },
  train: (start, _lr, epochs) => ({ epochs: start.epochs + epochs }),
  report: (model) => model.epochs,
  truth: (model) => model.epochs,
};

describe('the PBT benchmark loop', () => {
  it("starts each PBT child from its parent's model and each random trial from scratch, spending trials x epochs", () => {
    const request = { problem: epochCounter, seed: 3, trials: 60, epochsPerTrial: 20, parallel: 5 };
    const pbtRun = runSchedule({ ...request, algorithm: scheduleAlgorithms.pbt, settings: PBT_SETTINGS });
    expect(pbtRun.deepestLineage).toBeGreaterThan(2);
    expect(pbtRun.best).toBe(20 * pbtRun.deepestLineage);
    expect(pbtRun).toMatchObject({ trials: 60, epochs: 1200 });
    const randomRun = runSchedule({ ...request, algorithm: scheduleAlgorithms.random, settings: {} });
    expect(randomRun).toEqual({ best: 20, bestTruth: 20, trials: 60, epochs: 1200, deepestLineage: 1 });
  });

  it('sgd_decay rewards a decaying lr over any constant one of the same length', () => {
    const constant = (lr: number) => trainSgd({ step: 1, excessLoss: 1 }, lr, 100).excessLoss;
    const bestConstant = Math.min(...Array.from({ length: 100 }, (_, i) => constant(0.005 * (i + 1))));
    const decayed = [0.3, 0.1, 0.05, 0.03, 0.02].reduce((model, lr) => trainSgd(model, lr, 20), { step: 1, excessLoss: 1 });
    expect(decayed.excessLoss).toBeLessThan(bestConstant * 0.6);
  });
});
