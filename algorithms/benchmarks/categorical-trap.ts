import type { Assignment } from '../types.js';

/**
 * `categorical_trap`: a problem of our own (not in ../shared/bench) that
 * shows the failure a median hides, a search locking onto a poor categorical
 * value for its whole budget. Three optimizers are forgiving: a broad bowl in
 * (log10 lr, dropout) whose floor is 0.12 or worse. The fourth, `sgd`, is the
 * only one that reaches the optimum 0.05, but only in a narrow basin (a
 * Gaussian well about an eighth of the log-lr range wide); everywhere else it
 * scores 0.45, worse than any of the others. So the first random samples of
 * `sgd` almost always look bad, and a search that trusts them spends the
 * budget polishing `adam` to a regret of at least 0.07, while the right
 * category beats that by far. src/bench/peers/optuna_trap_peer.py defines the
 * same problem for Optuna; problems.ts gives it its space and budget (60).
 */
export const CATEGORICAL_TRAP_OPTIMUM = 0.05;

type TrapOptimizer = 'adam' | 'rmsprop' | 'adagrad' | 'sgd';

/** The forgiving optimizers: floor, best log10 lr. */
const BROAD_BOWLS: Readonly<Record<Exclude<TrapOptimizer, 'sgd'>, { floor: number; logLrOptimum: number }>> = {
  adam: { floor: 0.12, logLrOptimum: -3 },
  rmsprop: { floor: 0.13, logLrOptimum: -3.3 },
  adagrad: { floor: 0.15, logLrOptimum: -2 },
};

// The narrow well of sgd: centre and standard deviation in (log10 lr, dropout), and its depth.
const WELL_LOG_LR = -1;
const WELL_LOG_LR_WIDTH = 1.0;
const WELL_DROPOUT = 0.1;
const WELL_DROPOUT_WIDTH = 0.25;
const WELL_DEPTH = 0.4;

export function categoricalTrap(assignment: Assignment): number {
  const optimizer = String(assignment.optimizer);
  const logLr = Math.log10(Number(assignment.lr));
  const dropout = Number(assignment.dropout);
  if (optimizer === 'sgd') {
    const squaredDistance =
      ((logLr - WELL_LOG_LR) / WELL_LOG_LR_WIDTH) ** 2 + ((dropout - WELL_DROPOUT) / WELL_DROPOUT_WIDTH) ** 2;
    return CATEGORICAL_TRAP_OPTIMUM + WELL_DEPTH * (1 - Math.exp(-squaredDistance / 2));
  }
  const bowl = BROAD_BOWLS[optimizer as keyof typeof BROAD_BOWLS];
  if (!bowl) throw new RangeError(`unknown optimizer "${optimizer}"`);
  return bowl.floor + 0.015 * (logLr - bowl.logLrOptimum) ** 2 + 0.25 * (dropout - 0.3) ** 2;
}
