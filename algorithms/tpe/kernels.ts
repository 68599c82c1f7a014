/** The kernels of a Parzen estimator in one dimension: Gaussians for numbers, smoothed label distributions for categories. */
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
