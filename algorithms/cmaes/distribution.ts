import type { StrategyParameters } from './strategy-parameters.js';
import { type CovarianceShape, whiten } from './eigen.js';

/** The search distribution N(mean, sigma^2 C) of one CMA-ES run, with its evolution paths. */
export interface Distribution {
  mean: number[];
  sigma: number;
  covariance: number[][];
  /** The conjugate evolution path, which steers the step size. */
  pathSigma: number[];
  /** The evolution path of the rank-one covariance update. */
  pathC: number[];
  /** Updates made since the run began (g in the tutorial). */
  generation: number;
}

/** One evaluated member of a generation, as the update sees it. */
export interface RankedMember {
  x: readonly number[];
  /** Not drawn from the distribution (proposed because every draw was already tried). */
  injected: boolean;
}

// The step size may not grow without bound on a flat or divergent objective.
const MAX_SIGMA = 1e32;
// Guards the division by a whitened step's squared length.
const TINY = 1e-8;

export function initialDistribution(mean: readonly number[], sigma: number): Distribution {
  const n = mean.length;
  return {
    mean: [...mean],
    sigma,
    covariance: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))),
    pathSigma: new Array<number>(n).fill(0),
    pathC: new Array<number>(n).fill(0),
    generation: 0,
  };
}

/**
 * One generation's update of mean, step size, paths and covariance
 * (tutorial, Algorithm and Table 1, with the active update of the negative
 * weights). `ranked` holds the generation's popsize members, best first.
 */
export function updateDistribution(
  distribution: Distribution,
  parameters: StrategyParameters,
  shape: CovarianceShape,
  ranked: readonly RankedMember[],
): Distribution {
  const { dimension: n, mu, weights, muEff, cSigma, dSigma, cc, c1, cMu, chiN } = parameters;
  const { mean, sigma, covariance, pathSigma, pathC } = distribution;
  const generation = distribution.generation + 1;

  const steps = ranked.map((member) => {
    const step = member.x.map((value, i) => (value - mean[i]) / sigma);
    return member.injected ? clipInjectedStep(step, shape) : step;
  });
  const weightedStep = new Array<number>(n).fill(0);
  for (let k = 0; k < mu; k++) for (let i = 0; i < n; i++) weightedStep[i] += weights[k] * steps[k][i];

  const newMean = mean.map((value, i) => value + sigma * weightedStep[i]);
  const whitenedStep = whiten(shape, weightedStep);
  const sigmaPathGain = Math.sqrt(cSigma * (2 - cSigma) * muEff);
  const newPathSigma = pathSigma.map((value, i) => (1 - cSigma) * value + sigmaPathGain * whitenedStep[i]);
  const pathSigmaLength = norm(newPathSigma);
  const newSigma = Math.min(sigma * Math.exp((cSigma / dSigma) * (pathSigmaLength / chiN - 1)), MAX_SIGMA);

  // Stalls the rank-one path while the step-size path is long: right after a
  // large step, the path would otherwise overshoot the covariance.
  const stallThreshold = (1.4 + 2 / (n + 1)) * chiN;
  const hSigma = pathSigmaLength / Math.sqrt(1 - (1 - cSigma) ** (2 * (generation + 1))) < stallThreshold ? 1 : 0;
  const cPathGain = hSigma * Math.sqrt(cc * (2 - cc) * muEff);
  const newPathC = pathC.map((value, i) => (1 - cc) * value + cPathGain * weightedStep[i]);

  // Negative weights act on steps rescaled to length sqrt(n), so that a bad
  // but long step cannot make the covariance indefinite.
  const activeWeights = weights.map((weight, k) =>
    weight >= 0 ? weight : (weight * n) / (norm(whiten(shape, steps[k])) ** 2 + TINY),
  );
  const lostRankOneVariance = (1 - hSigma) * cc * (2 - cc);
  const keep = 1 + c1 * lostRankOneVariance - c1 - cMu * weights.reduce((total, weight) => total + weight, 0);
  const newCovariance = covariance.map((row, i) =>
    row.map((value, j) => {
      let rankMu = 0;
      for (let k = 0; k < steps.length; k++) rankMu += activeWeights[k] * steps[k][i] * steps[k][j];
      return keep * value + c1 * newPathC[i] * newPathC[j] + cMu * rankMu;
    }),
  );

  return {
    mean: newMean,
    sigma: newSigma,
    covariance: newCovariance,
    pathSigma: newPathSigma,
    pathC: newPathC,
    generation,
  };
}

/**
 * An injected step is shortened to at most the length a typical draw has
 * (Hansen, "Injecting external solutions into CMA-ES", 2011), so that a
 * point proposed from outside moves the distribution no more than a drawn one.
 */
function clipInjectedStep(step: number[], shape: CovarianceShape): number[] {
  const n = step.length;
  const typicalLength = Math.sqrt(n) + (2 * n) / (n + 2);
  const length = norm(whiten(shape, step));
  return length > typicalLength ? step.map((value) => (value * typicalLength) / length) : step;
}

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((total, value) => total + value * value, 0));
}
