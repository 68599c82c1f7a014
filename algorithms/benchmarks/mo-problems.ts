import type { Assignment, ObjectiveDirection, SearchSpace } from '../types.js';
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
    space: [
      { name: 'lr', type: 'double', min: 1e-5, max: 1, distribution: 'logUniform' },
      { name: 'layers', type: 'int', min: 1, max: 8, distribution: 'uniform' },
      { name: 'units', type: 'discrete', values: [16, 32, 64, 128, 256, 512] },
      { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam', 'rmsprop'] },
      { name: 'dropout', type: 'double', min: 0, max: 0.8, distribution: 'uniform' },
    ],
    directions: ['minimize', 'minimize'],
    objectives: (assignment) => {
      const params = mixedHpoParams(assignment);
      return [mixedHpo(params), (params.layers * Math.log2(params.units)) / 72];
    },
    reference: [1, 1.1],
    budget: 60,
  },
];

export function findMultiObjectiveProblem(name: string): MultiObjectiveProblem | undefined {
  return MULTI_OBJECTIVE_PROBLEMS.find((problem) => problem.name === name);
}
