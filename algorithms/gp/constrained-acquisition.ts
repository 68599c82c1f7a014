import { logNormalCdf, logNormalCdfDerivative } from '../common/normal.js';
import { acquisitionValue, acquisitionWithGradient } from './acquisition.js';
import type { Point } from './kernel.js';
import { type Posterior, predict, predictWithGradient, type Prediction, type PredictionWithGradient } from './posterior.js';

/**
 * The acquisition under outcome constraints (Gardner et al. 2014, "Bayesian
 * optimization with inequality constraints"; Gelbart, Snoek and Adams 2014):
 * expected improvement over the best *feasible* value times the probability
 * that every constraint holds, each constraint an independent GP, all in
 * logs (log EI + sum of log PoF) so that neither factor underflows far from
 * where it is large. Before any trial is feasible there is no value to
 * improve on, and the score is the probability of feasibility alone: find
 * the feasible region first.
 */
export interface ConstraintModel {
  /** A GP over the constraint's standardised values (feasible at or below `threshold`). */
  readonly posterior: Posterior;
  /** Where the bound (0 in HistoryEntry.constraints terms) lies in the standardised units. */
  readonly threshold: number;
}

export interface ConstrainedAcquisition {
  /** A GP over the standardised objective, lower is better, fitted to feasible and infeasible trials alike. */
  readonly objective: Posterior;
  readonly constraints: readonly ConstraintModel[];
  /** The best standardised objective value among feasible trials; undefined while none is feasible. */
  readonly incumbent: number | undefined;
}

/** log P(the constraint holds at a point whose prediction this is). */
export function logProbabilityOfFeasibility({ mean, variance }: Prediction, threshold: number): number {
  return logNormalCdf((threshold - mean) / Math.sqrt(variance));
}

export function constrainedAcquisitionValue(acquisition: ConstrainedAcquisition, point: Point): number {
  let value = 0;
  for (const { posterior, threshold } of acquisition.constraints) {
    value += logProbabilityOfFeasibility(predict(posterior, point), threshold);
  }
  if (acquisition.incumbent === undefined) return value;
  return value + acquisitionValue({ kind: 'EI', incumbent: acquisition.incumbent }, predict(acquisition.objective, point));
}

export function constrainedAcquisitionWithGradient(
  acquisition: ConstrainedAcquisition,
  point: Point,
): { value: number; gradient: Float64Array } {
  const gradient = new Float64Array(point.length);
  let value = 0;
  for (const { posterior, threshold } of acquisition.constraints) {
    const term = logProbabilityOfFeasibilityWithGradient(predictWithGradient(posterior, point), threshold);
    value += term.value;
    for (let d = 0; d < gradient.length; d++) gradient[d] += term.gradient[d];
  }
  if (acquisition.incumbent === undefined) return { value, gradient };
  const improvement = acquisitionWithGradient(
    { kind: 'EI', incumbent: acquisition.incumbent },
    predictWithGradient(acquisition.objective, point),
  );
  for (let d = 0; d < gradient.length; d++) gradient[d] += improvement.gradient[d];
  return { value: value + improvement.value, gradient };
}

function logProbabilityOfFeasibilityWithGradient(
  prediction: PredictionWithGradient,
  threshold: number,
): { value: number; gradient: Float64Array } {
  const { mean, variance, meanGradient, varianceGradient } = prediction;
  const sigma = Math.sqrt(variance);
  const z = (threshold - mean) / sigma;
  const slope = logNormalCdfDerivative(z);
  // z = (t - mean) / sigma: dz = -(d mean + z d sigma) / sigma, d sigma = d variance / (2 sigma)
  const gradient = Float64Array.from(
    meanGradient,
    (meanSlope, d) => (slope * -(meanSlope + (z * varianceGradient[d]) / (2 * sigma))) / sigma,
  );
  return { value: logNormalCdf(z), gradient };
}
