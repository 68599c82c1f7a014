/**
 * The Matérn-5/2 kernel with one length scale per input dimension (ARD), the
 * default of modern Bayesian optimisation (BoTorch, Optuna's GPSampler):
 * twice differentiable, so less smooth than the squared exponential and
 * better at objectives with kinks and ridges.
 *
 *   k(a, b) = s2 (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r),   r^2 = sum_d lambda_d delta_d(a, b)^2
 *
 * with lambda_d = 1 / lengthscale_d^2. A categorical dimension holds a label
 * index, not a position, so delta_d is 0 for the same label and 1 otherwise
 * (the Hamming distance Optuna uses): no order between labels is invented.
 */

export interface KernelParams {
  /** lambda_d = 1 / lengthscale_d^2, one per dimension. */
  readonly inverseSquaredLengthscales: readonly number[];
  /** s2: the prior variance of the function. */
  readonly signalVariance: number;
  /** Observation noise variance, added on the diagonal of training points only. */
  readonly noiseVariance: number;
}

/** Inputs live in the unit cube; `categorical[d]` marks dimensions compared by label. */
export type Point = Float64Array;

const SQRT5 = Math.sqrt(5);

/** delta_d(a, b): the difference along d, or 0/1 for categorical labels. */
export function dimensionDifference(a: Point, b: Point, d: number, categorical: readonly boolean[]): number {
  if (categorical[d]) return a[d] === b[d] ? 0 : 1;
  return a[d] - b[d];
}

export function scaledSquaredDistance(
  a: Point,
  b: Point,
  inverseSquaredLengthscales: readonly number[],
  categorical: readonly boolean[],
): number {
  let total = 0;
  for (let d = 0; d < a.length; d++) {
    const delta = dimensionDifference(a, b, d, categorical);
    total += inverseSquaredLengthscales[d] * delta * delta;
  }
  return total;
}

/** The Matérn-5/2 correlation (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r) as a function of r^2. */
export function matern52(squaredDistance: number): number {
  const r = Math.sqrt(squaredDistance);
  return (1 + SQRT5 * r + (5 / 3) * squaredDistance) * Math.exp(-SQRT5 * r);
}

/**
 * s2 matern52(r^2) and its derivative in r^2, s2 * -5/6 (1 + sqrt5 r)
 * exp(-sqrt5 r) (finite at r = 0, so gradients need no special case where
 * points coincide), from one square root and one exp: the marginal
 * likelihood needs both for every pair at every step of a fit. The first is
 * computed as matern52() computes it, so with its bits.
 */
export function scaledMatern52WithSlope(
  squaredDistance: number,
  signalVariance: number,
): { covariance: number; slope: number } {
  const r = Math.sqrt(squaredDistance);
  const decay = Math.exp(-SQRT5 * r);
  return {
    covariance: signalVariance * ((1 + SQRT5 * r + (5 / 3) * squaredDistance) * decay),
    slope: signalVariance * ((-5 / 6) * (1 + SQRT5 * r) * decay),
  };
}

export function kernel(a: Point, b: Point, params: KernelParams, categorical: readonly boolean[]): number {
  return params.signalVariance * matern52(scaledSquaredDistance(a, b, params.inverseSquaredLengthscales, categorical));
}

/** K(X, X) + noise I, row-major n x n. */
export function trainingCovariance(
  points: readonly Point[],
  params: KernelParams,
  categorical: readonly boolean[],
): Float64Array {
  const n = points.length;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    matrix[i * n + i] = params.signalVariance + params.noiseVariance;
    for (let j = 0; j < i; j++) {
      const value = kernel(points[i], points[j], params, categorical);
      matrix[i * n + j] = value;
      matrix[j * n + i] = value;
    }
  }
  return matrix;
}

/**
 * k(x, x_i) for every point x_i and, when `slopes` is given, s2 matern'(r_i^2)
 * for gradients. The acquisition search calls this for every candidate, so
 * it fuses the distance, correlation and slope into one loop (sharing one
 * exp) instead of calling kernel() per point. `covariances` is where to
 * write them (a row of a block of candidates, say).
 */
export function crossCovariances(
  points: readonly Point[],
  x: Point,
  params: KernelParams,
  categorical: readonly boolean[],
  slopes?: Float64Array,
  covariances: Float64Array = new Float64Array(points.length),
): Float64Array {
  const lambdas = params.inverseSquaredLengthscales;
  const signal = params.signalVariance;
  const dimensions = x.length;
  for (let i = 0; i < points.length; i++) {
    const point = points[i];
    let squaredDistance = 0;
    for (let d = 0; d < dimensions; d++) {
      const delta = categorical[d] ? (x[d] === point[d] ? 0 : 1) : x[d] - point[d];
      squaredDistance += lambdas[d] * delta * delta;
    }
    const r = Math.sqrt(squaredDistance);
    const decay = Math.exp(-SQRT5 * r);
    covariances[i] = signal * (1 + SQRT5 * r + (5 / 3) * squaredDistance) * decay;
    if (slopes) slopes[i] = signal * (-5 / 6) * (1 + SQRT5 * r) * decay;
  }
  return covariances;
}
