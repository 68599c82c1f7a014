import { logNormalCdf, logNormalCdfDerivative } from '../common/normal.js';
import { logExpectedImprovementFactor, logExpectedImprovementFactorDerivative } from './expected-improvement-factor.js';
import type { Prediction, PredictionWithGradient } from './posterior.js';

/**
 * Katib's (scikit-optimize's) acquisition functions over a posterior of
 * standardised outputs where lower is better. Each is a score to maximise:
 * - EI: log expected improvement over the incumbent (log for robustness: EI
 *   itself underflows to 0 far from the incumbent);
 * - PI: log probability of improving on the incumbent by at least xi;
 * - LCB: minus the lower confidence bound mu - kappa sigma.
 */
export type AcquisitionKind = 'EI' | 'PI' | 'LCB';

export interface Acquisition {
  readonly kind: AcquisitionKind;
  /** The best (lowest) standardised value observed so far. */
  readonly incumbent: number;
}

// scikit-optimize's defaults, which Katib passes through: PI asks for an
// improvement of xi (here in standardised units) and LCB trusts the lower
// 97.5% bound. Measured over 15 seeds at batch 1, PI without the margin
// makes gp_hedge, which soon follows PI, greedy enough to stall in local
// optima (levy4 median regret 0.46, mixed_hpo 0.029 with the wrong label).
export const PI_XI = 0.01;
export const LCB_KAPPA = 1.96;

export function acquisitionValue(acquisition: Acquisition, { mean, variance }: Prediction): number {
  const sigma = Math.sqrt(variance);
  switch (acquisition.kind) {
    case 'EI':
      return Math.log(sigma) + logExpectedImprovementFactor((acquisition.incumbent - mean) / sigma);
    case 'PI':
      return logNormalCdf((acquisition.incumbent - PI_XI - mean) / sigma);
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
  const target = acquisition.kind === 'PI' ? acquisition.incumbent - PI_XI : acquisition.incumbent;
  const z = (target - mean) / sigma;
  // dz = -(d mean + z d sigma) / sigma
  const zSlope = acquisition.kind === 'PI' ? logNormalCdfDerivative(z) : logExpectedImprovementFactorDerivative(z);
  for (let d = 0; d < gradient.length; d++) {
    const zGradient = -(meanGradient[d] + z * sigmaGradient[d]) / sigma;
    gradient[d] = zSlope * zGradient + (acquisition.kind === 'EI' ? sigmaGradient[d] / sigma : 0);
  }
  return { value, gradient };
}
