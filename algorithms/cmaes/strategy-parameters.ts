/**
 * The constants of CMA-ES for a dimension and a population size, with the
 * default formulas of Hansen's tutorial ("The CMA Evolution Strategy: A
 * Tutorial", 2016, Table 1), active covariance update included: these are the
 * values the cmaes library behind Optuna's CmaEsSampler computes.
 */
export interface StrategyParameters {
  readonly dimension: number;
  readonly popsize: number;
  /** How many of the best members move the mean. */
  readonly mu: number;
  /** Recombination weights, best member first: mu positive ones summing to 1, then negative ones. */
  readonly weights: readonly number[];
  /** Variance-effective selection mass of the positive weights. */
  readonly muEff: number;
  readonly cSigma: number;
  readonly dSigma: number;
  readonly cc: number;
  readonly c1: number;
  readonly cMu: number;
  /** E||N(0, I)||, the length of a step the step size is steered towards. */
  readonly chiN: number;
}

export function defaultPopsize(dimension: number): number {
  return 4 + Math.floor(3 * Math.log(dimension));
}

export function strategyParameters(dimension: number, popsize = defaultPopsize(dimension)): StrategyParameters {
  const n = dimension;
  const mu = Math.floor(popsize / 2);
  const rawWeights = Array.from({ length: popsize }, (_, i) => Math.log((popsize + 1) / 2) - Math.log(i + 1));
  const positive = rawWeights.slice(0, mu);
  const negative = rawWeights.slice(mu);
  const muEff = sum(positive) ** 2 / sum(positive.map((w) => w * w));
  const muEffMinus = negative.length > 0 ? sum(negative) ** 2 / sum(negative.map((w) => w * w)) : 0;

  const alphaCov = 2;
  const c1 = alphaCov / ((n + 1.3) ** 2 + muEff);
  // The tiny margin keeps 1 - c1 - cMu > 0, so the old covariance never vanishes.
  const cMu = Math.min(1 - c1 - 1e-8, (alphaCov * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + (alphaCov * muEff) / 2));

  const alphaMuMinus = 1 + c1 / cMu;
  const alphaMuEffMinus = 1 + (2 * muEffMinus) / (muEff + 2);
  const alphaPosDefMinus = (1 - c1 - cMu) / (n * cMu);
  const negativeScale = Math.min(alphaMuMinus, alphaMuEffMinus, alphaPosDefMinus) / Math.abs(sum(negative));
  const positiveSum = sum(positive);
  const weights = rawWeights.map((w) => (w >= 0 ? w / positiveSum : w * negativeScale));

  const cSigma = (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  const cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  return { dimension, popsize, mu, weights, muEff, cSigma, dSigma, cc, c1, cMu, chiN };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
