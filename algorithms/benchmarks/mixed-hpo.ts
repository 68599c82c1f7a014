import type { Assignment } from '../types.js';

/**
 * `mixed_hpo`: a smooth stand-in for a validation error over a typical
 * deep-learning space (log-scale learning rate, int, discrete, categorical and
 * double parameters), as in ../shared/bench/problems.py.
 */
export interface MixedHpoParams {
  lr: number;
  layers: number;
  units: number;
  optimizer: OptimizerName;
  dropout: number;
}

export type OptimizerName = 'sgd' | 'adam' | 'rmsprop';

/** Each optimizer's best log10 learning rate and its fixed error penalty. */
export const OPTIMIZERS: Readonly<Record<OptimizerName, { logLrOptimum: number; penalty: number }>> = {
  sgd: { logLrOptimum: -1.5, penalty: 0.05 },
  adam: { logLrOptimum: -3.0, penalty: 0 },
  rmsprop: { logLrOptimum: -3.3, penalty: 0.02 },
};

export const MIXED_HPO_OPTIMUM = 0.05;

export function mixedHpo({ lr, layers, units, optimizer, dropout }: MixedHpoParams): number {
  const { logLrOptimum, penalty } = OPTIMIZERS[optimizer];
  let error = MIXED_HPO_OPTIMUM + penalty;
  error += 0.08 * (Math.log10(lr) - logLrOptimum) ** 2;
  error += 0.01 * (layers - 4) ** 2;
  error += 0.02 * (Math.log2(units) - 7) ** 2;
  error += 0.3 * (dropout - 0.25) ** 2;
  // Deep and barely regularised overfits: the one interaction between parameters.
  if (layers > 5 && dropout < 0.2) error += (0.05 * (layers - 5) * (0.2 - dropout)) / 0.2;
  return error;
}

/** Reads the parameters out of a trial assignment (values may arrive as strings, as in Katib). */
export function mixedHpoParams(assignment: Assignment): MixedHpoParams {
  const optimizer = String(assignment.optimizer);
  if (!(optimizer in OPTIMIZERS)) throw new RangeError(`unknown optimizer "${optimizer}"`);
  return {
    lr: Number(assignment.lr),
    layers: Number(assignment.layers),
    units: Number(assignment.units),
    optimizer: optimizer as OptimizerName,
    dropout: Number(assignment.dropout),
  };
}
