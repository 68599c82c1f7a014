/**
 * Limited-memory BFGS minimisation with optional box bounds, handled by
 * projection: variables pinned at a bound by the gradient are held fixed for
 * the step and each trial point is projected back into the box (the idea of
 * L-BFGS-B without its Cauchy-point machinery, which these smooth,
 * low-dimensional problems do not need). Used for the kernel hyperparameters
 * (unbounded) and the acquisition function over the unit cube (bounded).
 *
 * The method itself is a generator (lbfgsSteps) that yields each point it
 * needs evaluated and is resumed with the value and gradient there, so that
 * a caller can run several minimisations side by side and evaluate their
 * points together (the acquisition refinements: optimize-acquisition.ts).
 */
export interface ObjectiveValue {
  value: number;
  gradient: ArrayLike<number>;
}

export interface Objective {
  (x: Float64Array): ObjectiveValue;
}

/** Yields the points to evaluate, is resumed with their value and gradient, returns the minimum found. */
export type LbfgsSteps = Generator<Float64Array, MinimizeResult, ObjectiveValue>;

export interface MinimizeOptions {
  maxIterations: number;
  /** Stop when every free component of the gradient is below this. */
  gradientTolerance: number;
  lower?: number;
  upper?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

const MEMORY = 10;
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 30;
const RELATIVE_VALUE_TOLERANCE = 1e-10;

export function minimizeLbfgs(
  objective: Objective,
  start: ArrayLike<number>,
  options: MinimizeOptions,
): MinimizeResult {
  const steps = lbfgsSteps(start, options);
  let step = steps.next();
  while (!step.done) step = steps.next(objective(step.value));
  return step.value;
}

export function* lbfgsSteps(start: ArrayLike<number>, options: MinimizeOptions): LbfgsSteps {
  const lower = options.lower ?? -Infinity;
  const upper = options.upper ?? Infinity;
  let x: Float64Array = Float64Array.from(start, (value) => clamp(value, lower, upper));
  let current = checked(yield x, x.length);
  if (!Number.isFinite(current.value)) return { x, value: current.value, iterations: 0 };
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  let iterations = 0;
  for (; iterations < options.maxIterations; iterations++) {
    const free = freeVariables(x, current.gradient, lower, upper);
    if (largestFreeComponent(current.gradient, free) < options.gradientTolerance) break;
    let direction = twoLoopDirection(current.gradient, free, steps, gradientChanges);
    if (dot(direction, current.gradient) >= 0) {
      steps.length = 0;
      gradientChanges.length = 0;
      direction = masked(current.gradient, free, -1);
    }
    const next = yield* backtrack(x, current, direction, steps.length === 0, lower, upper);
    if (!next) break;
    const step = subtract(next.x, x);
    const change = subtract(next.gradient, current.gradient);
    if (dot(step, change) > 1e-12) {
      steps.push(step);
      gradientChanges.push(change);
      if (steps.length > MEMORY) {
        steps.shift();
        gradientChanges.shift();
      }
    }
    const settled =
      Math.abs(current.value - next.value) <= RELATIVE_VALUE_TOLERANCE * Math.max(1, Math.abs(current.value));
    x = next.x;
    current = next;
    if (settled) break;
  }
  return { x, value: current.value, iterations };
}

interface Evaluation {
  value: number;
  gradient: Float64Array;
}

/** A non-finite value or gradient counts as +Infinity: a point to back away from. */
function checked({ value, gradient }: ObjectiveValue, dimensions: number): Evaluation {
  const finite = Number.isFinite(value) && Array.prototype.every.call(gradient, Number.isFinite);
  return finite
    ? { value, gradient: Float64Array.from(gradient) }
    : { value: Infinity, gradient: new Float64Array(dimensions) };
}

/** Armijo backtracking along the projected path x + t d. */
function* backtrack(
  x: Float64Array,
  current: Evaluation,
  direction: Float64Array,
  firstStep: boolean,
  lower: number,
  upper: number,
): Generator<Float64Array, (Evaluation & { x: Float64Array }) | undefined, ObjectiveValue> {
  // Without curvature information the raw gradient's scale is arbitrary:
  // start with a step of unit length.
  let t = firstStep ? Math.min(1, 1 / Math.max(norm(direction), 1e-12)) : 1;
  for (let attempt = 0; attempt < MAX_BACKTRACKS; attempt++, t *= 0.5) {
    const candidate = Float64Array.from(x, (value, i) => clamp(value + t * direction[i], lower, upper));
    const evaluation = checked(yield candidate, x.length);
    const decrease = dot(current.gradient, subtract(candidate, x));
    if (evaluation.value <= current.value + ARMIJO * decrease && evaluation.value < Infinity) {
      if (decrease === 0) return undefined;
      return { ...evaluation, x: candidate };
    }
  }
  return undefined;
}

/** Variables not pinned at a bound by a gradient pushing outwards. */
function freeVariables(x: Float64Array, gradient: Float64Array, lower: number, upper: number): boolean[] {
  return Array.from(x, (value, i) => !((value <= lower && gradient[i] > 0) || (value >= upper && gradient[i] < 0)));
}

function largestFreeComponent(gradient: Float64Array, free: boolean[]): number {
  let largest = 0;
  for (let i = 0; i < gradient.length; i++) if (free[i]) largest = Math.max(largest, Math.abs(gradient[i]));
  return largest;
}

/**
 * -H g over the free variables, H the L-BFGS inverse Hessian estimate
 * (Nocedal & Wright, algorithm 7.4), with every inner product restricted to
 * the free variables.
 */
function twoLoopDirection(
  gradient: Float64Array,
  free: boolean[],
  steps: Float64Array[],
  gradientChanges: Float64Array[],
): Float64Array {
  const q = masked(gradient, free, 1);
  const alphas: number[] = [];
  const rhos = steps.map((s, k) => freeDot(gradientChanges[k], s, free));
  for (let k = steps.length - 1; k >= 0; k--) {
    alphas[k] = rhos[k] > 1e-12 ? freeDot(steps[k], q, free) / rhos[k] : 0;
    const y = gradientChanges[k];
    for (let i = 0; i < q.length; i++) if (free[i]) q[i] -= alphas[k] * y[i];
  }
  if (steps.length > 0) {
    const last = steps.length - 1;
    const scale = rhos[last] / Math.max(freeDot(gradientChanges[last], gradientChanges[last], free), 1e-300);
    if (scale > 0) for (let i = 0; i < q.length; i++) q[i] *= scale;
  }
  for (let k = 0; k < steps.length; k++) {
    if (rhos[k] <= 1e-12) continue;
    const beta = freeDot(gradientChanges[k], q, free) / rhos[k];
    const s = steps[k];
    for (let i = 0; i < q.length; i++) if (free[i]) q[i] += s[i] * (alphas[k] - beta);
  }
  for (let i = 0; i < q.length; i++) q[i] = free[i] ? -q[i] : 0;
  return q;
}

function freeDot(a: ArrayLike<number>, b: ArrayLike<number>, free: boolean[]): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) if (free[i]) total += a[i] * b[i];
  return total;
}

function masked(vector: ArrayLike<number>, free: boolean[], sign: number): Float64Array {
  return Float64Array.from(vector, (value, i) => (free[i] ? sign * value : 0));
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i] * b[i];
  return total;
}

function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

function subtract(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return Float64Array.from(a, (value, i) => value - b[i]);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
