import type { RandomSource } from '../common/prng.js';
import { defaultRawHyperparameters, type RawHyperparameters } from './hyperparameters.js';
import { logHyperprior } from './hyperprior.js';
import { logMarginalLikelihood, type TrainingData } from './marginal-likelihood.js';
import { minimizeLbfgs } from './lbfgs.js';

/**
 * Kernel hyperparameters by maximum a posteriori: the log marginal likelihood
 * plus the log hyperprior, maximised by L-BFGS from several starts (the
 * previous fit when there is one, the default, and random draws around it),
 * keeping the best. The likelihood surface has local optima (a "all noise"
 * explanation next to a "smooth signal" one), which restarts escape.
 */
export interface FitOptions {
  /** The previous fit, a good start once only a few observations were added. */
  warmStart?: RawHyperparameters;
  /**
   * Random starts besides the warm start and the default. With a warm start
   * and no random starts the default is skipped too: the fit only follows
   * the optimum as observations arrive.
   */
  randomStarts: number;
  maxIterations: number;
  random: RandomSource;
}

export interface FitResult {
  raw: number[];
  /** log marginal likelihood + log prior at `raw`. */
  logPosterior: number;
}

// Optuna stops its L-BFGS-B at this gradient norm: the acquisition barely
// changes with hyperparameters closer to the optimum than this.
const GRADIENT_TOLERANCE = 1e-2;
// Random starts draw log inverse squared length scales with this standard
// deviation around the default: length scales from about 0.1 to 10.
const RANDOM_START_SPREAD = 2;

export function negativeLogPosterior(
  data: TrainingData,
  raw: RawHyperparameters,
): { value: number; gradient: number[] } {
  try {
    const likelihood = logMarginalLikelihood(data, raw);
    const prior = logHyperprior(raw);
    return {
      value: -(likelihood.value + prior.value),
      gradient: likelihood.gradient.map((value, i) => -(value + prior.gradient[i])),
    };
  } catch {
    // A matrix no jitter rescues: hyperparameters this extreme are simply bad.
    return { value: Infinity, gradient: raw.map(() => 0) };
  }
}

export function fitHyperparameters(data: TrainingData, options: FitOptions): FitResult {
  const defaults = defaultRawHyperparameters(data.dimensions);
  const hasWarmStart = options.warmStart?.length === defaults.length;
  const starts: RawHyperparameters[] = hasWarmStart ? [options.warmStart!] : [];
  if (!hasWarmStart || options.randomStarts > 0) starts.push(defaults);
  for (let k = 0; k < options.randomStarts; k++) {
    starts.push(
      defaults.map((value, i) => (i < data.dimensions ? value + RANDOM_START_SPREAD * options.random.normal() : value)),
    );
  }
  let best: FitResult = { raw: [...starts[0]], logPosterior: -Infinity };
  for (const start of starts) {
    const result = minimizeLbfgs((x) => negativeLogPosterior(data, Array.from(x)), start, {
      maxIterations: options.maxIterations,
      gradientTolerance: GRADIENT_TOLERANCE,
    });
    if (-result.value > best.logPosterior) best = { raw: Array.from(result.x), logPosterior: -result.value };
  }
  return best;
}
