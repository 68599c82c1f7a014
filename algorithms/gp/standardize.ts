/**
 * Outputs as the GP models them: oriented so that lower is better, then
 * shifted and scaled to mean 0 and variance 1, so that the kernel's priors
 * (signal variance about 1, small noise) fit any objective's scale.
 */
export interface Standardization {
  readonly targets: number[];
  readonly mean: number;
  readonly scale: number;
}

export function standardize(values: readonly number[], maximize: boolean): Standardization {
  const oriented = values.map((value) => (maximize ? -value : value));
  const mean = oriented.reduce((sum, value) => sum + value, 0) / Math.max(oriented.length, 1);
  const variance = oriented.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(oriented.length, 1);
  // All values equal: any scale will do, and 1 keeps them at 0.
  const scale = variance > 0 ? Math.sqrt(variance) : 1;
  return { targets: oriented.map((value) => (value - mean) / scale), mean, scale };
}
