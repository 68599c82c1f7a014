import {
  logExpectedImprovementFactor,
  logExpectedImprovementFactorDerivative,
  logNormalCdf,
  logNormalCdfDerivative,
} from './normal.js';
import type { Prediction, PredictionWithGradient } from './posterior.js';

/**
 * Katib's (scikit-optimize's) acquisition functions over a posterior of
 * standardised outputs where lower is better. Each is a score to maximise:
 * - EI: log expected improvement over the incumbent (log for robustness: EI
 *   itself underflows to 0 far from the incumbent);
 * - PI: log probability of improving on the incumbent;
 * - LCB: minus the lower confidence bound mu - kappa sigma.
 */
export type AcquisitionKind = 'EI' | 'PI' | 'LCB';

export interface Acquisition {
  readonly kind: AcquisitionKind;
  /** The best (lowest) standardised value observed so far. */
  readonly incumbent: number;
}

// PI asks for no margin, as BoTorch's. scikit-optimize's xi = 0.01 is in the
// objective's own units, so its effect depends on the objective's scale; in
// standardised units a fixed margin dwarfs the posterior spread near the
// incumbent once the model is sure of it, and PI then leaves the optimum to
// chase uncertainty at the edges (on branin, runs stalled at regret 1e-2).
// LCB trusts the lower 97.5% bound (scikit-optimize's kappa).
export const LCB_KAPPA = 1.96;

export function acquisitionValue(acquisition: Acquisition, { mean, variance }: Prediction): number {
  const sigma = Math.sqrt(variance);
  switch (acquisition.kind) {
    case 'EI':
      return Math.log(sigma) + logExpectedImprovementFactor((acquisition.incumbent - mean) / sigma);
    case 'PI':
      return logNormalCdf((acquisition.incumbent - mean) / sigma);
    case 'LCB':
      return -(mean - LCB_KAPPA * sigma);
  }
}

export function acquisitionWithGradient(
  acquisition: Acquisition,
  prediction: PredictionWithGradient,
): { value: number; gradient: Float64Array } {
  const { mean, variance, meanGradient, varianceGradient } = prediction;
  const sigma = Math.sqrt(variance);
  const value = acquisitionValue(acquisition, prediction);
  // d sigma = d variance / (2 sigma)
  const sigmaGradient = varianceGradient.map((slope) => slope / (2 * sigma));
  const gradient = new Float64Array(meanGradient.length);
  if (acquisition.kind === 'LCB') {
    for (let d = 0; d < gradient.length; d++) gradient[d] = -meanGradient[d] + LCB_KAPPA * sigmaGradient[d];
    return { value, gradient };
  }
  const z = (acquisition.incumbent - mean) / sigma;
  // dz = -(d mean + z d sigma) / sigma
  const zSlope = acquisition.kind === 'PI' ? logNormalCdfDerivative(z) : logExpectedImprovementFactorDerivative(z);
  for (let d = 0; d < gradient.length; d++) {
    const zGradient = -(meanGradient[d] + z * sigmaGradient[d]) / sigma;
    gradient[d] = zSlope * zGradient + (acquisition.kind === 'EI' ? sigmaGradient[d] / sigma : 0);
  }
  return { value, gradient };
}
