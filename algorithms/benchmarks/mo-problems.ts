import type { Assignment, ObjectiveDirection, SearchSpace } from '../types.js';
import { MIXED_HPO_LATENCY_CAP_MS, mixedHpoLatencyMs } from './constrained-problems.js';
import { mixedHpo, mixedHpoParams } from './mixed-hpo.js';

/**
 * Multi-objective benchmark problems, all minimised, each with the fixed
 * reference point its hypervolume is measured against. src/bench/peers/
 * optuna_mo_peer.py defines the same ones for Optuna.
 */
export interface MultiObjectiveProblem {
  readonly name: string;
  readonly space: SearchSpace;
  readonly directions: readonly ObjectiveDirection[];
  readonly objectives: (assignment: Assignment) => number[];
  readonly reference: readonly number[];
  readonly budget: number;
  /**
   * Constrained problems only: outcome constraints in HistoryEntry.constraints
   * form (feasible at or below 0); only feasible points count in the hypervolume.
   */
  readonly constraints?: (assignment: Assignment) => number[];
}

function unitBox(dimensions: number): SearchSpace {
  return Array.from({ length: dimensions }, (_, i) => ({ name: `x${i + 1}`, type: 'double' as const, min: 0, max: 1, distribution: 'uniform' as const }));
}

const vector = (assignment: Assignment, dimensions: number) => Array.from({ length: dimensions }, (_, i) => Number(assignment[`x${i + 1}`]));

/** Zitzler-Deb-Thiele's g: 1 on the front, 1 + 9 * mean(rest) in general. */
function zdtG(x: readonly number[]): number {
  return 1 + (9 * x.slice(1).reduce((sum, v) => sum + v, 0)) / (x.length - 1);
}

const ZDT_DIMENSIONS = 8;
const DTLZ_DIMENSIONS = 7;

/**
 * ZDT references: 10% beyond f1's range and f2 = 5 (g of a random point is
 * about 5.5), so that a 100-trial run's points count while the front's shape
 * still decides most of the volume.
 */
const ZDT_REFERENCE = [1.1, 5];

const MIXED_HPO_SPACE: SearchSpace = [
  { name: 'lr', type: 'double', min: 1e-5, max: 1, distribution: 'logUniform' },
  { name: 'layers', type: 'int', min: 1, max: 8, distribution: 'uniform' },
  { name: 'units', type: 'discrete', values: [16, 32, 64, 128, 256, 512] },
  { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam', 'rmsprop'] },
  { name: 'dropout', type: 'double', min: 0, max: 0.8, distribution: 'uniform' },
];

function mixedHpoErrorAndCost(assignment: Assignment): number[] {
  const params = mixedHpoParams(assignment);
  return [mixedHpo(params), (params.layers * Math.log2(params.units)) / 72];
}

const pair = (assignment: Assignment) => [Number(assignment.x1), Number(assignment.x2)] as const;

export const MULTI_OBJECTIVE_PROBLEMS: readonly MultiObjectiveProblem[] = [
  {
    name: 'zdt1',
    space: unitBox(ZDT_DIMENSIONS),
    directions: ['minimize', 'minimize'],
    objectives: (assignment) => {
      const x = vector(assignment, ZDT_DIMENSIONS);
      const g = zdtG(x);
      return [x[0], g * (1 - Math.sqrt(x[0] / g))];
    },
    reference: ZDT_REFERENCE,
    budget: 100,
  },
  {
    name: 'zdt2',
    space: unitBox(ZDT_DIMENSIONS),
    directions: ['minimize', 'minimize'],
    objectives: (assignment) => {
      const x = vector(assignment, ZDT_DIMENSIONS);
      const g = zdtG(x);
      return [x[0], g * (1 - (x[0] / g) ** 2)];
    },
    reference: ZDT_REFERENCE,
    budget: 100,
  },
  {
    // Three objectives on a spherical front; x1, x2 place the point, x3..x7 its distance (g).
    name: 'dtlz2',
    space: unitBox(DTLZ_DIMENSIONS),
    directions: ['minimize', 'minimize', 'minimize'],
    objectives: (assignment) => {
      const x = vector(assignment, DTLZ_DIMENSIONS);
      const g = x.slice(2).reduce((sum, v) => sum + (v - 0.5) ** 2, 0);
      const [a, b] = [(x[0] * Math.PI) / 2, (x[1] * Math.PI) / 2];
      return [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)];
    },
    reference: [1.1, 1.1, 1.1],
    budget: 100,
  },
  {
    /**
     * mixed_hpo's validation error against a training cost that grows with
     * depth and width (layers * log2(units), scaled to at most 1): the
     * accurate models are the expensive ones, as in practice.
     */
    name: 'mixed_hpo_cost',
    space: MIXED_HPO_SPACE,
    directions: ['minimize', 'minimize'],
    objectives: mixedHpoErrorAndCost,
    reference: [1, 1.1],
    budget: 60,
  },
];

/**
 * Constrained multi-objective problems of `npm run bench:mo -- --constrained`,
 * scored by the hypervolume of their feasible points only.
 */
export const CONSTRAINED_MULTI_OBJECTIVE_PROBLEMS: readonly MultiObjectiveProblem[] = [
  {
    /**
     * Binh and Korn (1997): two convex objectives on [0, 5] x [0, 3], a disk
     * the point must stay in and one it must stay out of (Deb's test
     * problem for constrained NSGA-II). f1 reaches 136 and f2 50 in the box.
     */
    name: 'bnh',
    space: [
      { name: 'x1', type: 'double', min: 0, max: 5, distribution: 'uniform' },
      { name: 'x2', type: 'double', min: 0, max: 3, distribution: 'uniform' },
    ],
    directions: ['minimize', 'minimize'],
    objectives: (assignment) => {
      const [x1, x2] = pair(assignment);
      return [4 * x1 ** 2 + 4 * x2 ** 2, (x1 - 5) ** 2 + (x2 - 5) ** 2];
    },
    constraints: (assignment) => {
      const [x1, x2] = pair(assignment);
      return [(x1 - 5) ** 2 + x2 ** 2 - 25, 7.7 - ((x1 - 8) ** 2 + (x2 + 3) ** 2)];
    },
    reference: [140, 50],
    budget: 100,
  },
  {
    /**
     * Tanaka (1995): f = (x1, x2) on [0, pi]^2, feasible outside a wavy unit
     * circle and inside a disk around (0.5, 0.5): a front broken into
     * pieces along the wavy edge, a small share of the box feasible.
     */
    name: 'tnk',
    space: [
      { name: 'x1', type: 'double', min: 0, max: Math.PI, distribution: 'uniform' },
      { name: 'x2', type: 'double', min: 0, max: Math.PI, distribution: 'uniform' },
    ],
    directions: ['minimize', 'minimize'],
    objectives: (assignment) => [...pair(assignment)],
    constraints: (assignment) => {
      const [x1, x2] = pair(assignment);
      // atan2 is atan(x1 / x2) on the box, defined at x2 = 0 too.
      return [-(x1 ** 2 + x2 ** 2 - 1 - 0.1 * Math.cos(16 * Math.atan2(x1, x2))), (x1 - 0.5) ** 2 + (x2 - 0.5) ** 2 - 0.5];
    },
    reference: [1.2, 1.2],
    budget: 100,
  },
  {
    /**
     * mixed_hpo_cost under mixed_hpo_latency's cap (latency = layers
     * log2(units) / 2 <= 10 ms): the accurate, expensive end of the front is
     * out of bounds, and the best model within the cap (3 layers of 64 units)
     * is one of its ends.
     */
    name: 'mixed_hpo_cost_latency',
    space: MIXED_HPO_SPACE,
    directions: ['minimize', 'minimize'],
    objectives: mixedHpoErrorAndCost,
    constraints: (assignment) => [mixedHpoLatencyMs(assignment) - MIXED_HPO_LATENCY_CAP_MS],
    reference: [1, 1.1],
    budget: 60,
  },
];

export function findMultiObjectiveProblem(name: string): MultiObjectiveProblem | undefined {
  return [...MULTI_OBJECTIVE_PROBLEMS, ...CONSTRAINED_MULTI_OBJECTIVE_PROBLEMS].find((problem) => problem.name === name);
}
