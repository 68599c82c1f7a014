import type { ModelDimension } from './model-dimensions.js';
import { LOG_SQRT_TWO_PI } from './normal.js';
import type { CategoricalKernels, DimensionKernels, NumericKernels } from './parzen-estimator.js';
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
 * weight + the kernel's log term in every dimension. One point at a time
 * through a row of kernel terms, so the work stays in one small typed array
 * however many observations there are.
 */
export function mixtureLogDensity(
  dimensions: readonly ModelDimension[],
  weights: Float64Array,
  kernels: readonly DimensionKernels[],
  points: readonly Float64Array[],
  heights: KernelHeights,
): Float64Array {
  const pointCount = points[0]?.length ?? 0;
  const logWeights = weights.map(Math.log);
  const addTerms = dimensions.map((dimension, d) => termAdder(dimension, kernels[d], heights));
  const row = new Float64Array(weights.length);
  const densities = new Float64Array(pointCount);
  for (let i = 0; i < pointCount; i++) {
    row.set(logWeights);
    for (let d = 0; d < addTerms.length; d++) addTerms[d](row, points[d][i]);
    densities[i] = logSumExp(row);
  }
  return densities;
}

type TermAdder = (row: Float64Array, coordinate: number) => void;

function termAdder(dimension: ModelDimension, kernel: DimensionKernels, heights: KernelHeights): TermAdder {
  if (kernel.kind === 'categorical') return categoricalTerms(kernel);
  // A cell's mass does not depend on the kernel's height: there is no width to divide by.
  if (dimension.kind === 'cells') return cellTerms(kernel, dimension.cells);
  return continuousTerms(kernel, heights);
}

/** log of each kernel's truncated normal density at the point (times its width for equal heights). */
function continuousTerms({ centres, widths, logMassesInside }: NumericKernels, heights: KernelHeights): TermAdder {
  const inverseWidths = widths.map((width) => 1 / width);
  const logHeights = widths.map((width) => (heights === 'equal' ? 0 : -Math.log(width)));
  const offsets = logMassesInside.map((logMass, k) => logMass - logHeights[k] + LOG_SQRT_TWO_PI);
  return (row, x) => {
    for (let k = 0; k < row.length; k++) {
      const z = (x - centres[k]) * inverseWidths[k];
      row[k] -= 0.5 * z * z + offsets[k];
    }
  };
}

/** log of each kernel's mass over the cell of the point's value, renormalised to the unit interval. */
function cellTerms({ centres, widths, logMassesInside }: NumericKernels, cells: UnitCells): TermAdder {
  return (row, x) => {
    const cell = cells.indexAt(x);
    const lower = cells.lower(cell);
    const upper = cells.upper(cell);
    for (let k = 0; k < row.length; k++) {
      row[k] += logNormalMass((lower - centres[k]) / widths[k], (upper - centres[k]) / widths[k]) - logMassesInside[k];
    }
  };
}

function categoricalTerms({ labelCount, logProbabilities }: CategoricalKernels): TermAdder {
  return (row, label) => {
    for (let k = 0; k < row.length; k++) row[k] += logProbabilities[k * labelCount + label];
  };
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (let k = 0; k < values.length; k++) if (values[k] > max) max = values[k];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    const shifted = values[k] - max;
    if (shifted > NEGLIGIBLE_LOG_RATIO) sum += Math.exp(shifted);
  }
  return max + Math.log(sum);
}
