/**
 * Outputs as the GP models them: oriented so that lower is better,
 * standardised, warped by a Yeo-Johnson power transform and standardised
 * again, so that the kernel's priors (signal variance about 1, small noise)
 * fit any objective.
 *
 * The warp matters for objectives with heavy tails (a loss that explodes in
 * part of the space): without it a few huge values set the scale, every good
 * point looks alike at the bottom, and a stationary GP cannot model both.
 * The power is fitted by maximum likelihood (as scikit-learn's
 * PowerTransformer and HEBO do); outputs that are already roughly normal get
 * a power near 1 and are left nearly unchanged. The transform is monotone,
 * so the best point stays the best.
 */
export interface Standardization {
  readonly targets: number[];
}

const POWER_RANGE: readonly [number, number] = [-2, 4];
const GOLDEN_SECTION_STEPS = 40;
// The power is one number: past this many observations an even spread of
// them estimates it as well as all would, at a fraction of the 80 passes.
const MAX_VALUES_FOR_POWER = 1024;

export function standardize(values: readonly number[], maximize: boolean): Standardization {
  const oriented = standardScores(values.map((value) => (maximize ? -value : value)));
  const power = maximumLikelihoodPower(evenSpread(oriented, MAX_VALUES_FOR_POWER));
  return { targets: standardScores(oriented.map((value) => yeoJohnson(value, power))) };
}

function standardScores(values: readonly number[]): number[] {
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(values.length, 1);
  // All values equal: any scale will do, and 1 keeps them at 0.
  const scale = variance > 0 ? Math.sqrt(variance) : 1;
  return values.map((value) => (value - mean) / scale);
}

function evenSpread(values: readonly number[], limit: number): readonly number[] {
  if (values.length <= limit) return values;
  const stride = Math.ceil(values.length / limit);
  return values.filter((_, index) => index % stride === 0);
}

export function yeoJohnson(value: number, power: number): number {
  if (value >= 0) return Math.abs(power) < 1e-12 ? Math.log1p(value) : (Math.pow(value + 1, power) - 1) / power;
  const mirrored = 2 - power;
  return Math.abs(mirrored) < 1e-12 ? -Math.log1p(-value) : -(Math.pow(1 - value, mirrored) - 1) / mirrored;
}

/**
 * The profile log-likelihood of a normal model after the transform, maximised
 * by golden-section search. Plain loops and the Jacobian term computed once:
 * this runs over every observation 80 times per suggestion, which at
 * thousands of observations is a visible part of it (the sums are taken in
 * the same order as before, so the power is the same to the last bit).
 */
function maximumLikelihoodPower(values: readonly number[]): number {
  const count = values.length;
  let jacobian = 0;
  for (let i = 0; i < count; i++) jacobian += Math.sign(values[i]) * Math.log1p(Math.abs(values[i]));
  const transformed = new Float64Array(count);
  const logLikelihood = (power: number) => {
    let total = 0;
    for (let i = 0; i < count; i++) {
      transformed[i] = yeoJohnson(values[i], power);
      total += transformed[i];
    }
    const mean = total / count;
    let squares = 0;
    for (let i = 0; i < count; i++) squares += (transformed[i] - mean) ** 2;
    const variance = squares / count;
    return -0.5 * count * Math.log(Math.max(variance, 1e-300)) + (power - 1) * jacobian;
  };
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [low, high] = POWER_RANGE;
  for (let step = 0; step < GOLDEN_SECTION_STEPS; step++) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (logLikelihood(left) > logLikelihood(right)) high = right;
    else low = left;
  }
  return (low + high) / 2;
}
