import type { RandomSource } from '../common/prng.js';
import { multivariateWidth, PRIOR_CENTRE, PRIOR_WIDTH, univariateWidths } from './bandwidth.js';
import type { ModelDimension } from './model-dimensions.js';
import { LOG_SQRT_TWO_PI } from './normal.js';
import { logNormalMass, truncatedNormalQuantile } from './truncated-normal.js';
import type { UnitCells } from './unit-cells.js';
import { mixtureWeights } from './weights.js';

/**
 * A Parzen estimator as in Optuna's TPE: a mixture with one kernel per
 * observation plus a broad prior kernel. A kernel is a product over
 * dimensions: a normal truncated to the unit interval for numeric dimensions
 * (integrated over a value's cell when the parameter is finite) and a
 * weighted distribution over labels for categorical ones.
 *
 * Points are columns: `points[d][i]` is point i's coordinate in dimension d
 * (a unit for numeric dimensions, a label index for categorical ones). Typed
 * arrays and flat loops keep a suggestion over a thousand observations to a
 * millisecond or two.
 */
export interface ParzenEstimator {
  readonly dimensions: readonly ModelDimension[];
  /** Mixture weights, the prior's last; they sum to 1. */
  readonly weights: Float64Array;
  readonly kernels: readonly DimensionKernels[];
  sample(random: RandomSource, count: number): Float64Array[];
  logDensity(points: readonly Float64Array[]): Float64Array;
}

export type DimensionKernels = NumericKernels | CategoricalKernels;

export interface NumericKernels {
  readonly kind: 'numeric';
  readonly centres: Float64Array;
  readonly widths: Float64Array;
  /** log of each kernel's mass inside [0, 1], which truncation renormalises to 1. */
  readonly logMassesInside: Float64Array;
}

export interface CategoricalKernels {
  readonly kind: 'categorical';
  readonly labelCount: number;
  /** Row k holds kernel k's probability for each label. */
  readonly probabilities: Float64Array;
  readonly logProbabilities: Float64Array;
}

export interface ParzenOptions {
  /** Weight of the prior kernel against observations at weight 1 (Katib's prior_weight). */
  readonly priorWeight: number;
  /** Multivariate TPE's shared kernel width instead of the univariate neighbour rule. */
  readonly multivariate: boolean;
}

/** An estimator of the density of `observations` (one column per dimension, chronological order). */
export function fitParzenEstimator(
  dimensions: readonly ModelDimension[],
  observations: readonly Float64Array[],
  options: ParzenOptions,
): ParzenEstimator {
  const count = observations[0]?.length ?? 0;
  const weights = mixtureWeights(count, options.priorWeight);
  const kernels = dimensions.map((dimension, index) =>
    dimension.kind === 'categorical'
      ? categoricalKernels(observations[index], dimension.size, options.priorWeight)
      : numericKernels(observations[index], widthsFor(observations[index], dimensions.length, options.multivariate)),
  );
  return {
    dimensions,
    weights,
    kernels,
    sample: (random, sampleCount) => sampleMixture(dimensions, weights, kernels, random, sampleCount),
    logDensity: (points) => mixtureLogDensity(dimensions, weights, kernels, points),
  };
}

function widthsFor(centres: Float64Array, dimensionCount: number, multivariate: boolean): Float64Array {
  if (!multivariate) return univariateWidths(centres);
  return new Float64Array(centres.length).fill(multivariateWidth(centres.length, dimensionCount));
}

function numericKernels(observed: Float64Array, observedWidths: Float64Array): NumericKernels {
  const count = observed.length;
  const centres = new Float64Array(count + 1);
  const widths = new Float64Array(count + 1);
  centres.set(observed);
  widths.set(observedWidths);
  centres[count] = PRIOR_CENTRE;
  widths[count] = PRIOR_WIDTH;
  const logMassesInside = centres.map((centre, k) => logNormalMass(-centre / widths[k], (1 - centre) / widths[k]));
  return { kind: 'numeric', centres, widths, logMassesInside };
}

/**
 * Kernel k puts prior_weight / kernels on every label and 1 more on the label
 * it observed, then is normalised; the prior kernel is uniform (Optuna's rule).
 */
function categoricalKernels(observed: Float64Array, labelCount: number, priorWeight: number): CategoricalKernels {
  const count = observed.length;
  const kernelCount = count + 1;
  const probabilities = new Float64Array(kernelCount * labelCount);
  const base = priorWeight / kernelCount;
  const observedRowTotal = base * labelCount + 1;
  for (let k = 0; k < count; k++) {
    const row = k * labelCount;
    for (let label = 0; label < labelCount; label++) probabilities[row + label] = base / observedRowTotal;
    probabilities[row + observed[k]] = (base + 1) / observedRowTotal;
  }
  probabilities.fill(1 / labelCount, count * labelCount);
  return { kind: 'categorical', labelCount, probabilities, logProbabilities: probabilities.map(Math.log) };
}

function sampleMixture(
  dimensions: readonly ModelDimension[],
  weights: Float64Array,
  kernels: readonly DimensionKernels[],
  random: RandomSource,
  count: number,
): Float64Array[] {
  const cumulative = cumulativeSum(weights);
  const chosen = Int32Array.from({ length: count }, () => searchCumulative(cumulative, random.next()));
  return dimensions.map((dimension, d) => {
    const kernel = kernels[d];
    const column = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const k = chosen[i];
      if (kernel.kind === 'categorical') {
        column[i] = sampleLabel(kernel, k, random.next());
        continue;
      }
      const centre = kernel.centres[k];
      const width = kernel.widths[k];
      const standard = truncatedNormalQuantile(-centre / width, (1 - centre) / width, random.next());
      const unit = Math.min(1, Math.max(0, centre + width * standard));
      column[i] = dimension.kind === 'cells' ? dimension.cells.centre(dimension.cells.indexAt(unit)) : unit;
    }
    return column;
  });
}

function sampleLabel(kernel: CategoricalKernels, k: number, uniform: number): number {
  const row = k * kernel.labelCount;
  let remaining = uniform;
  for (let label = 0; label < kernel.labelCount - 1; label++) {
    remaining -= kernel.probabilities[row + label];
    if (remaining < 0) return label;
  }
  return kernel.labelCount - 1;
}

function cumulativeSum(values: Float64Array): Float64Array {
  const sums = new Float64Array(values.length);
  let total = 0;
  values.forEach((value, index) => {
    total += value;
    sums[index] = total;
  });
  return sums;
}

/** The first index whose cumulative weight exceeds `target` (the last one if rounding leaves the total short). */
function searchCumulative(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle] > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** log of the mixture density at each point: log-sum-exp over kernels of log weight + per-dimension log densities. */
function mixtureLogDensity(
  dimensions: readonly ModelDimension[],
  weights: Float64Array,
  kernels: readonly DimensionKernels[],
  points: readonly Float64Array[],
): Float64Array {
  const pointCount = points[0]?.length ?? 0;
  const kernelCount = weights.length;
  const terms = new Float64Array(pointCount * kernelCount);
  const logWeights = weights.map(Math.log);
  for (let i = 0; i < pointCount; i++) terms.set(logWeights, i * kernelCount);
  dimensions.forEach((dimension, d) => {
    const kernel = kernels[d];
    if (kernel.kind === 'categorical') addCategoricalTerms(terms, kernel, points[d]);
    else if (dimension.kind === 'cells') addCellTerms(terms, kernel, dimension.cells, points[d]);
    else addContinuousTerms(terms, kernel, points[d]);
  });
  const densities = new Float64Array(pointCount);
  for (let i = 0; i < pointCount; i++) densities[i] = logSumExp(terms, i * kernelCount, kernelCount);
  return densities;
}

function addContinuousTerms(terms: Float64Array, kernel: NumericKernels, column: Float64Array): void {
  const { centres, widths, logMassesInside } = kernel;
  const kernelCount = centres.length;
  const inverseWidths = widths.map((width) => 1 / width);
  const offsets = logMassesInside.map((logMass, k) => logMass + Math.log(widths[k]) + LOG_SQRT_TWO_PI);
  for (let i = 0; i < column.length; i++) {
    const x = column[i];
    const row = i * kernelCount;
    for (let k = 0; k < kernelCount; k++) {
      const z = (x - centres[k]) * inverseWidths[k];
      terms[row + k] -= 0.5 * z * z + offsets[k];
    }
  }
}

function addCellTerms(
  terms: Float64Array,
  kernel: NumericKernels,
  cells: UnitCells,
  column: Float64Array,
): void {
  const { centres, widths, logMassesInside } = kernel;
  const kernelCount = centres.length;
  for (let i = 0; i < column.length; i++) {
    const cell = cells.indexAt(column[i]);
    const lower = cells.lower(cell);
    const upper = cells.upper(cell);
    const row = i * kernelCount;
    for (let k = 0; k < kernelCount; k++) {
      const mass = logNormalMass((lower - centres[k]) / widths[k], (upper - centres[k]) / widths[k]);
      terms[row + k] += mass - logMassesInside[k];
    }
  }
}

function addCategoricalTerms(terms: Float64Array, kernel: CategoricalKernels, column: Float64Array): void {
  const { labelCount, logProbabilities } = kernel;
  const kernelCount = logProbabilities.length / labelCount;
  for (let i = 0; i < column.length; i++) {
    const label = column[i];
    const row = i * kernelCount;
    for (let k = 0; k < kernelCount; k++) terms[row + k] += logProbabilities[k * labelCount + label];
  }
}

function logSumExp(values: Float64Array, start: number, length: number): number {
  let max = -Infinity;
  for (let k = start; k < start + length; k++) if (values[k] > max) max = values[k];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = start; k < start + length; k++) sum += Math.exp(values[k] - max);
  return max + Math.log(sum);
}
