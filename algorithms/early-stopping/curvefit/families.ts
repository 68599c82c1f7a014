/**
 * Parametric learning-curve families in the spirit of Domhan, Springenberg &
 * Hutter (2015) and NNI's Curve Fitting Assessor, each written as
 * y(t) = c + a * g_b(t): an asymptote c, a scale a and one shape parameter b.
 * Given b the fit is linear least squares in (c, a), so each family is fitted
 * exactly over a log grid of b then refined by golden-section search: no
 * starting guesses, no divergence, the same effort for every family.
 */
export interface CurveFamily {
  name: string;
  /** The family's shape at step t >= 1 for shape parameter b. */
  shape: (t: number, b: number) => number;
  /** Range of b searched, log-spaced: [low, high]. */
  shapeRange: readonly [number, number];
}

export const CURVE_FAMILIES: readonly CurveFamily[] = [
  // Exponential decay to an asymptote (Domhan's exp3 / NNI's exp3 with rate b).
  { name: 'exponential', shape: (t, b) => Math.exp(-b * t), shapeRange: [1e-3, 3] },
  // Power law (pow3): slow, heavy-tailed improvement.
  { name: 'power law', shape: (t, b) => t ** -b, shapeRange: [1e-2, 4] },
  // Log-power (ilog-like): slower still, improving with log t.
  { name: 'log-power', shape: (t, b) => Math.log(t + 1) ** -b, shapeRange: [1e-2, 6] },
];

export interface CurveFit {
  family: string;
  asymptote: number;
  scale: number;
  shapeParameter: number;
  /** Sum of squared residuals over the fitted points. */
  sse: number;
  /** The fitted curve's value at step t. */
  valueAt: (t: number) => number;
}

const GRID_POINTS = 48;
const REFINE_ITERATIONS = 30;

/** The least-squares fit of `family` to the points (at least 3). */
export function fitFamily(family: CurveFamily, steps: readonly number[], values: readonly number[]): CurveFit {
  const [low, high] = family.shapeRange.map(Math.log);
  const sseAt = (logB: number) => linearFit(family, Math.exp(logB), steps, values).sse;
  let bestLog = low;
  let bestSse = Infinity;
  const spacing = (high - low) / (GRID_POINTS - 1);
  for (let i = 0; i < GRID_POINTS; i++) {
    const logB = low + i * spacing;
    const sse = sseAt(logB);
    if (sse < bestSse) [bestLog, bestSse] = [logB, sse];
  }
  const refined = goldenSection(sseAt, Math.max(low, bestLog - spacing), Math.min(high, bestLog + spacing));
  const b = Math.exp(sseAt(refined) < bestSse ? refined : bestLog);
  const { asymptote, scale, sse } = linearFit(family, b, steps, values);
  return {
    family: family.name,
    asymptote,
    scale,
    shapeParameter: b,
    sse,
    valueAt: (t) => asymptote + scale * family.shape(t, b),
  };
}

/**
 * The lowest value at `horizon` among the family's fits, over its grid of
 * shape parameters, whose squared residuals stay within `maxSse`: how
 * optimistic the family may plausibly be. Noisy or short curves pin the
 * asymptote down loosely (a slow exponential and a fast one fit them about
 * as well, yet end far apart), and the best fit's residuals say nothing of
 * that; exact curves admit only shapes next to the best one.
 */
export function lowestPlausibleValueAt(
  family: CurveFamily,
  steps: readonly number[],
  values: readonly number[],
  horizon: number,
  maxSse: number,
): number | undefined {
  const [low, high] = family.shapeRange.map(Math.log);
  const spacing = (high - low) / (GRID_POINTS - 1);
  let lowest: number | undefined;
  for (let i = 0; i < GRID_POINTS; i++) {
    const b = Math.exp(low + i * spacing);
    const { asymptote, scale, sse } = linearFit(family, b, steps, values);
    if (sse > maxSse) continue;
    const value = asymptote + scale * family.shape(horizon, b);
    if (lowest === undefined || value < lowest) lowest = value;
  }
  return lowest;
}

function linearFit(family: CurveFamily, b: number, steps: readonly number[], values: readonly number[]) {
  const n = steps.length;
  const g = steps.map((t) => family.shape(t, b));
  const meanG = g.reduce((s, x) => s + x, 0) / n;
  const meanY = values.reduce((s, y) => s + y, 0) / n;
  let sgg = 0;
  let sgy = 0;
  for (let i = 0; i < n; i++) {
    sgg += (g[i] - meanG) ** 2;
    sgy += (g[i] - meanG) * (values[i] - meanY);
  }
  // A shape that is flat over the points explains nothing beyond the mean.
  const scale = sgg > 1e-300 ? sgy / sgg : 0;
  const asymptote = meanY - scale * meanG;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (values[i] - asymptote - scale * g[i]) ** 2;
  return { asymptote, scale, sse };
}

function goldenSection(f: (x: number) => number, low: number, high: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [a, b] = [low, high];
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let [fc, fd] = [f(c), f(d)];
  for (let i = 0; i < REFINE_ITERATIONS; i++) {
    if (fc < fd) {
      [b, d, fd] = [d, c, fc];
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}
