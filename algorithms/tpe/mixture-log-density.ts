import { LOG_SQRT_TWO_PI } from '../common/normal.js';
import type { ModelDimension } from './model-dimensions.js';
import type { CategoricalKernels, DimensionKernels, NumericKernels } from './kernels.js';
import { logNormalMass } from './truncated-normal.js';
import type { UnitCells } from './unit-cells.js';

// Kernels this far below the largest term add less than 1e-21 of it: their exp is skipped.
const NEGLIGIBLE_LOG_RATIO = -50;

/**
 * How a continuous kernel enters the mixture. 'normalised': as a density, so a
 * narrow kernel is tall. 'equal': every kernel peaks at the same height (its
 * density times its width), so the mixture measures how close a point is to
 * the observations, each observation counting once however tightly its
 * neighbours crowd it: a kernel-similarity vote, as in a Nadaraya-Watson
 * estimate of how likely a point is to be good.
 */
export type KernelHeights = 'normalised' | 'equal';

/**
 * log of a Parzen mixture at each point: log-sum-exp over kernels of log
 * weight + the kernel's log term in every dimension. The terms of all points
 * fill one flat typed array (points x kernels), one dimension at a time in a
 * tight loop, then each point's row is summed.
 */
export function mixtureLogDensity(
  dimensions: readonly ModelDimension[],
  weights: Float64Array,
  kernels: readonly DimensionKernels[],
  points: readonly Float64Array[],
  heights: KernelHeights,
): Float64Array {
  if (dimensions.length === 1 && dimensions[0].kind === 'continuous') {
    return continuousLogDensity(weights, kernels[0] as NumericKernels, points[0], heights);
  }
  const pointCount = points[0]?.length ?? 0;
  const kernelCount = weights.length;
  const terms = new Float64Array(pointCount * kernelCount);
  const logWeights = new Float64Array(kernelCount);
  for (let k = 0; k < kernelCount; k++) logWeights[k] = Math.log(weights[k]);
  for (let i = 0; i < pointCount; i++) terms.set(logWeights, i * kernelCount);
  dimensions.forEach((dimension, d) => {
    const kernel = kernels[d];
    if (kernel.kind === 'categorical') addCategoricalTerms(terms, kernel, points[d]);
    // A cell's mass does not depend on the kernel's height: there is no width to divide by.
    else if (dimension.kind === 'cells') addCellTerms(terms, kernel, dimension.cells, points[d]);
    else addContinuousTerms(terms, kernel, points[d], heights);
  });
  const densities = new Float64Array(pointCount);
  for (let i = 0; i < pointCount; i++) densities[i] = logSumExp(terms, i * kernelCount, kernelCount);
  return densities;
}

/**
 * The one-dimensional continuous mixture, every univariate TPE estimator: the
 * same sum with weights folded into the kernel offsets and the maximum taken
 * on the way, two passes over the kernels per point instead of four.
 */
function continuousLogDensity(
  weights: Float64Array,
  kernel: NumericKernels,
  column: Float64Array,
  heights: KernelHeights,
): Float64Array {
  const { centres } = kernel;
  const { inverseWidths, offsets } = continuousConstants(kernel, heights);
  for (let k = 0; k < centres.length; k++) offsets[k] -= Math.log(weights[k]);
  const terms = new Float64Array(centres.length);
  const densities = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const x = column[i];
    let max = -Infinity;
    for (let k = 0; k < centres.length; k++) {
      const z = (x - centres[k]) * inverseWidths[k];
      const term = -0.5 * z * z - offsets[k];
      terms[k] = term;
      if (term > max) max = term;
    }
    densities[i] = sumExpAround(terms, 0, centres.length, max);
  }
  return densities;
}

/**
 * Per kernel, 1/width and the offset that turns -z^2/2 into its log term:
 * log of its normaliser (times its width for equal heights). Plain loops
 * rather than callbacks: these run over every observation on each call,
 * often before the JIT has warmed up.
 */
function continuousConstants({ widths, logMassesInside }: NumericKernels, heights: KernelHeights) {
  const inverseWidths = new Float64Array(widths.length);
  const offsets = new Float64Array(widths.length);
  for (let k = 0; k < widths.length; k++) {
    inverseWidths[k] = 1 / widths[k];
    offsets[k] = logMassesInside[k] + LOG_SQRT_TWO_PI + (heights === 'equal' ? 0 : Math.log(widths[k]));
  }
  return { inverseWidths, offsets };
}

/** log of each kernel's truncated normal density at each point (times its width for equal heights). */
function addContinuousTerms(
  terms: Float64Array,
  kernel: NumericKernels,
  column: Float64Array,
  heights: KernelHeights,
): void {
  const { centres } = kernel;
  const kernelCount = centres.length;
  const { inverseWidths, offsets } = continuousConstants(kernel, heights);
  for (let i = 0; i < column.length; i++) {
    const x = column[i];
    const row = i * kernelCount;
    for (let k = 0; k < kernelCount; k++) {
      const z = (x - centres[k]) * inverseWidths[k];
      terms[row + k] -= 0.5 * z * z + offsets[k];
    }
  }
}

/** log of each kernel's mass over the cell of each point's value, renormalised to the unit interval. */
function addCellTerms(terms: Float64Array, kernel: NumericKernels, cells: UnitCells, column: Float64Array): void {
  const kernelCount = kernel.centres.length;
  // Candidates repeat the few values of a finite parameter: each value's masses are computed once.
  const massesByCell = new Map<number, Float64Array>();
  for (let i = 0; i < column.length; i++) {
    const cell = cells.indexAt(column[i]);
    let masses = massesByCell.get(cell);
    if (!masses) {
      masses = cellLogMasses(kernel, cells.lower(cell), cells.upper(cell));
      massesByCell.set(cell, masses);
    }
    const row = i * kernelCount;
    for (let k = 0; k < kernelCount; k++) terms[row + k] += masses[k];
  }
}

/** log of each kernel's mass over [lower, upper], renormalised to the unit interval. */
function cellLogMasses(kernel: NumericKernels, lower: number, upper: number): Float64Array {
  const { centres, widths, logMassesInside } = kernel;
  const masses = new Float64Array(centres.length);
  for (let k = 0; k < centres.length; k++) {
    masses[k] = logNormalMass((lower - centres[k]) / widths[k], (upper - centres[k]) / widths[k]) - logMassesInside[k];
  }
  return masses;
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
  return sumExpAround(values, start, length, max);
}

/** log(sum(exp(values))) given their maximum. */
function sumExpAround(values: Float64Array, start: number, length: number, max: number): number {
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = start; k < start + length; k++) {
    const shifted = values[k] - max;
    if (shifted > NEGLIGIBLE_LOG_RATIO) sum += Math.exp(shifted);
  }
  return max + Math.log(sum);
}
