import { pbt } from '../../../algorithms/pbt/pbt.js';
import { randomSearch } from '../../../algorithms/random/random-search.js';
import type { AlgorithmSettings, HistoryEntry, SearchAlgorithm } from '../../../algorithms/types.js';
import type { RandomSource } from '../../../algorithms/common/prng.js';
import type { ObjectiveDirection, SearchSpace } from '../../../algorithms/types.js';
import { FRESH_MODEL, LR_SPACE, type ModelState, train, trialNoise } from './lr-schedule.js';
import { FRESH_SGD, reportedLoss, SGD_SPACE, type SgdModel, trainSgd } from './sgd-decay.js';

/** A learning-curve problem: a model trained some epochs at an lr from where it stood, and what a trial then reports. */
export interface ScheduleProblem<Model> {
  name: string;
  space: SearchSpace;
  direction: ObjectiveDirection;
  fresh: Model;
  train(start: Model, lr: number, epochs: number, random: RandomSource): Model;
  report(model: Model, random: RandomSource): number;
  /** The model's value without measurement noise. */
  truth(model: Model): number;
}

export const KATIB_SIMPLE_PBT: ScheduleProblem<ModelState> = {
  name: 'katib_simple_pbt',
  space: LR_SPACE,
  direction: 'maximize',
  fresh: FRESH_MODEL,
  train,
  report: (model) => model.accuracy / 100,
  truth: (model) => model.accuracy / 100,
};

export const SGD_DECAY: ScheduleProblem<SgdModel> = {
  name: 'sgd_decay',
  space: SGD_SPACE,
  direction: 'minimize',
  fresh: FRESH_SGD,
  train: (start, lr, epochs) => trainSgd(start, lr, epochs),
  report: reportedLoss,
  truth: (model) => model.excessLoss,
};

export interface ScheduleRun {
  /** The best value any trial reported (highest accuracy, lowest loss). */
  best: number;
  /** The noiseless value of the trial that reported `best`: what the search would actually hand over. */
  bestTruth: number;
  trials: number;
  /** Epochs trained in all: the compute spent. */
  epochs: number;
  /** Longest chain of trials continuing each other's checkpoints (1 without PBT). */
  deepestLineage: number;
}

export interface ScheduleRequest<Model> {
  problem: ScheduleProblem<Model>;
  algorithm: SearchAlgorithm;
  settings: AlgorithmSettings;
  seed: number;
  trials: number;
  epochsPerTrial: number;
  parallel: number;
}

/**
 * The service's loop in process: ask for up to `parallel` trials, run them
 * all (each from its PBT parent's checkpoint, or from scratch), tell their
 * values, until `trials` have run. Trials of a batch end together.
 */
export function runSchedule<Model>({ problem, algorithm, settings, seed, trials, epochsPerTrial, parallel }: ScheduleRequest<Model>): ScheduleRun {
  const history: HistoryEntry[] = [];
  const models: Model[] = [];
  const depth: number[] = [];
  let state: unknown;
  while (history.length < trials) {
    const count = Math.min(parallel, trials - history.length);
    const result = algorithm.suggest({ space: problem.space, direction: problem.direction, history, count, settings, seed, state });
    if (result.assignments.length === 0) break;
    state = JSON.parse(JSON.stringify(result.state ?? null));
    result.assignments.forEach((assignment, offset) => {
      const index = history.length;
      const parent = result.lineage?.[offset]?.parent;
      const start = parent === undefined ? problem.fresh : models[parent];
      const noise = trialNoise(seed, index);
      const model = problem.train(start, Number(assignment.lr), epochsPerTrial, noise);
      models.push(model);
      depth.push(parent === undefined ? 1 : depth[parent] + 1);
      history.push({ assignment, status: 'completed', value: problem.report(model, noise) });
    });
  }
  const values = history.map((entry) => entry.value!);
  const best = problem.direction === 'maximize' ? Math.max(...values) : Math.min(...values);
  return {
    best,
    bestTruth: problem.truth(models[values.indexOf(best)]),
    trials: history.length,
    epochs: history.length * epochsPerTrial,
    deepestLineage: Math.max(...depth),
  };
}

export const PBT_SETTINGS = { suggestion_trial_dir: '/var/log/katib/checkpoints/', n_population: '10', truncation_threshold: '0.2' };

export const scheduleAlgorithms = { pbt, random: randomSearch };
