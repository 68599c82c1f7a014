/**
 * The classic continuous test functions of the benchmark, each on a vector
 * x = (x1, ..., xd), written in the same order of operations as
 * ../shared/bench/problems.py so both harnesses compute the same numbers.
 */

export function branin([x1, x2]: readonly number[]): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const HARTMANN6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
/** In units of 1e-4, as the literature prints it. */
const HARTMANN6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];

export function hartmann6(x: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += HARTMANN6_A[i][j] * (x[j] - HARTMANN6_P[i][j] * 1e-4) ** 2;
    total += HARTMANN6_ALPHA[i] * Math.exp(-inner);
  }
  return -total;
}

export function rosenbrock(x: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < x.length - 1; i++) total += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2;
  return total;
}

export function ackley(x: readonly number[]): number {
  const d = x.length;
  const meanSquare = x.reduce((sum, v) => sum + v * v, 0) / d;
  const meanCosine = x.reduce((sum, v) => sum + Math.cos(2 * Math.PI * v), 0) / d;
  return -20 * Math.exp(-0.2 * Math.sqrt(meanSquare)) - Math.exp(meanCosine) + 20 + Math.E;
}

export function levy(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const last = w[w.length - 1];
  let total = Math.sin(Math.PI * w[0]) ** 2;
  for (let i = 0; i < w.length - 1; i++) total += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
  return total + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
}

export function styblinskiTang(x: readonly number[]): number {
  return 0.5 * x.reduce((sum, v) => sum + (v ** 4 - 16 * v ** 2 + 5 * v), 0);
}
