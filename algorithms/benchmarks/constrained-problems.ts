import type { Assignment, SearchSpace } from '../types.js';
import { MIXED_HPO_OPTIMUM, mixedHpo, mixedHpoParams } from './mixed-hpo.js';
import { branin } from './test-functions.js';

/**
 * Constrained minimisation problems of `npm run bench:constrained`, each with
 * its outcome constraints in HistoryEntry.constraints form (feasible at or
 * below 0) and its constrained optimum: regret = best feasible value found -
 * optimum. src/bench/peers/optuna_constrained_peer.py defines the same ones
 * for Optuna. branin_disk's optimum lies on the disk's edge (none of Branin's
 * minima is inside): found by scanning the edge's angle in 2e6 steps, then
 * golden-section search; the others are in closed form.
 * constrained-problems.spec.ts checks them.
 */
export interface ConstrainedProblem {
  readonly name: string;
  readonly space: SearchSpace;
  readonly objective: (assignment: Assignment) => number;
  readonly constraints: (assignment: Assignment) => number[];
  /** The best feasible value. */
  readonly optimum: number;
  /** A feasible assignment where the optimum is reached (to within 1e-9). */
  readonly optimalAssignment: Assignment;
  readonly budget: number;
}

const box = (bounds: readonly (readonly [number, number])[]): SearchSpace =>
  bounds.map(([min, max], i) => ({ name: `x${i + 1}`, type: 'double', min, max, distribution: 'uniform' }));

const pair = (assignment: Assignment) => [Number(assignment.x1), Number(assignment.x2)] as const;

/** mixed_hpo's model latency in ms: it grows with depth and width, as inference time does. */
export function mixedHpoLatencyMs(assignment: Assignment): number {
  const { layers, units } = mixedHpoParams(assignment);
  return (layers * Math.log2(units)) / 2;
}

export const MIXED_HPO_LATENCY_CAP_MS = 10;

export const CONSTRAINED_PROBLEMS: readonly ConstrainedProblem[] = [
  {
    /**
     * Branin inside a disk that holds none of its three minima, so the optimum
     * lies on the disk's edge (28% of the box is feasible).
     */
    name: 'branin_disk',
    space: box([
      [-5, 10],
      [0, 15],
    ]),
    objective: (assignment) => branin(pair(assignment)),
    constraints: (assignment) => {
      const [x1, x2] = pair(assignment);
      return [(x1 - 2.5) ** 2 + (x2 - 7.5) ** 2 - 20];
    },
    optimum: 0.9394760454540805,
    optimalAssignment: { x1: 3.0101967773518097, x2: 3.0570618675948467 },
    budget: 50,
  },
  {
    /**
     * Gardner et al. 2014's first simulation: min sin(x) + y subject to
     * sin(x) sin(y) <= -0.95 on [0, 6]^2. Under 2% of the box is feasible, so
     * a search must find the feasible region before it can improve in it; the
     * optimum is x = 3 pi / 2, y = asin(0.95).
     */
    name: 'gardner_sin',
    space: box([
      [0, 6],
      [0, 6],
    ]),
    objective: (assignment) => {
      const [x, y] = pair(assignment);
      return Math.sin(x) + y;
    },
    constraints: (assignment) => {
      const [x, y] = pair(assignment);
      return [Math.sin(x) * Math.sin(y) + 0.95];
    },
    optimum: Math.asin(0.95) - 1,
    optimalAssignment: { x1: (3 * Math.PI) / 2, x2: Math.asin(0.95) },
    budget: 50,
  },
  {
    /**
     * mixed_hpo under a latency cap of 10 ms (layers * log2(units) <= 20):
     * the unconstrained optimum (4 layers of 128 units, 14 ms) is too slow,
     * and the best model within the cap is 3 layers of 64 units (error 0.08).
     */
    name: 'mixed_hpo_latency',
    space: [
      { name: 'lr', type: 'double', min: 1e-5, max: 1, distribution: 'logUniform' },
      { name: 'layers', type: 'int', min: 1, max: 8, distribution: 'uniform' },
      { name: 'units', type: 'discrete', values: [16, 32, 64, 128, 256, 512] },
      { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam', 'rmsprop'] },
      { name: 'dropout', type: 'double', min: 0, max: 0.8, distribution: 'uniform' },
    ],
    objective: (assignment) => mixedHpo(mixedHpoParams(assignment)),
    constraints: (assignment) => [mixedHpoLatencyMs(assignment) - MIXED_HPO_LATENCY_CAP_MS],
    optimum: MIXED_HPO_OPTIMUM + 0.03,
    optimalAssignment: { lr: 1e-3, layers: 3, units: 64, optimizer: 'adam', dropout: 0.25 },
    budget: 60,
  },
];

export function findConstrainedProblem(name: string): ConstrainedProblem | undefined {
  return CONSTRAINED_PROBLEMS.find((problem) => problem.name === name);
}
