import { describe, expect, it } from '@jest/globals';
import { validateSpace } from '../encoding/validate-space.js';
import { LC_STEPS, lcMixedValue } from './lc-mixed.js';
import { BENCHMARK_PROBLEMS, findBenchmarkProblem } from './problems.js';

// Reference values computed once with /usr/bin/python3 and
// ../shared/bench/problems.py (PROBLEMS[name]["f"](point) and lc_mixed(point, step)),
// printed with repr().
const REFERENCE_VALUES: Record<string, [Record<string, number | string>, number][]> = {
  branin: [
    [{ x1: -3.14159, x2: 12.275 }, 0.3978873578042137],
    [{ x1: 0.5, x2: 7.25 }, 22.480742637196553],
    [{ x1: 10, x2: 0 }, 10.960889035651505],
  ],
  hartmann6: [
    [{ x1: 0.20169, x2: 0.150011, x3: 0.476874, x4: 0.275332, x5: 0.311652, x6: 0.6573 }, -3.322368011391339],
    [{ x1: 0.1, x2: 0.9, x3: 0.3, x4: 0.7, x5: 0.5, x6: 0.2 }, -0.387135864035767],
  ],
  rosenbrock4: [
    [{ x1: 1, x2: 1, x3: 1, x4: 1 }, 0],
    [{ x1: -2, x2: 3.5, x3: 0.25, x4: 7 }, 19253.703125],
  ],
  ackley5: [
    [{ x1: 0, x2: 0, x3: 0, x4: 0, x5: 0 }, 4.440892098500626e-16],
    [{ x1: -14, x2: 3.3, x3: 0.5, x4: 29, x5: -1 }, 20.21219222511523],
  ],
  levy4: [
    [{ x1: 1, x2: 1, x3: 1, x4: 1 }, 1.4997597826618576e-32],
    [{ x1: -7.5, x2: 2.2, x3: 9, x4: -0.3 }, 52.75068098265166],
  ],
  styblinski4: [
    [{ x1: -2.903534, x2: -2.903534, x3: -2.903534, x4: -2.903534 }, -156.6646628150856],
    [{ x1: 4, x2: -1, x3: 0.5, x4: -4.5 }, 31.0625],
  ],
  mixed_hpo: [
    [{ lr: 1e-3, layers: 4, units: 128, optimizer: 'adam', dropout: 0.25 }, 0.05],
    [{ lr: 0.02, layers: 7, units: 16, optimizer: 'sgd', dropout: 0.05 }, 0.46016712501003804],
    [{ lr: 3e-5, layers: 1, units: 512, optimizer: 'rmsprop', dropout: 0.8 }, 0.450384594052673],
  ],
};

// From problems.py's PROBLEMS: (optimum, budget).
const OPTIMA_AND_BUDGETS: Record<string, [number, number]> = {
  branin: [0.397887357729739, 50],
  hartmann6: [-3.32236801141551, 100],
  rosenbrock4: [0, 100],
  ackley5: [0, 100],
  levy4: [0, 100],
  styblinski4: [-156.66466281508568, 100],
  mixed_hpo: [0.05, 60],
};

/** Equal to 12 significant digits, or within 1e-12 of zero. */
function expectNear(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
}

describe('benchmark problems', () => {
  it('are the seven of problems.py, with its optima and budgets', () => {
    expect(BENCHMARK_PROBLEMS.map((problem) => problem.name)).toEqual(Object.keys(OPTIMA_AND_BUDGETS));
    for (const [name, [optimum, budget]] of Object.entries(OPTIMA_AND_BUDGETS)) {
      expect(findBenchmarkProblem(name)).toMatchObject({ optimum, budget });
    }
  });

  it.each(Object.keys(REFERENCE_VALUES))('%s matches problems.py at known points', (name) => {
    const problem = findBenchmarkProblem(name)!;
    for (const [point, expected] of REFERENCE_VALUES[name]) expectNear(problem.objective(point), expected);
  });

  it('have spaces every algorithm accepts', () => {
    for (const problem of BENCHMARK_PROBLEMS) expect(validateSpace(problem.space)).toEqual([]);
  });

  it('reach no value below their optimum at the reference points', () => {
    for (const [name, points] of Object.entries(REFERENCE_VALUES)) {
      const problem = findBenchmarkProblem(name)!;
      for (const [point] of points) expect(problem.objective(point)).toBeGreaterThanOrEqual(problem.optimum - 1e-9);
    }
  });
});

describe('lc_mixed learning curves', () => {
  // lc_mixed(point, step) from problems.py, for steps 1, 10 and 50.
  const curves: [Record<string, number | string>, number[]][] = [
    [
      { lr: 1e-3, layers: 4, units: 128, optimizer: 'adam', dropout: 0.25 },
      [0.8320377524349248, 0.41940847723101643, 0.06317827555915792],
    ],
    [
      { lr: 0.02, layers: 7, units: 16, optimizer: 'sgd', dropout: 0.05 },
      [0.8774190589595492, 0.7198207544764521, 0.4917041875169784],
    ],
    [
      { lr: 3e-5, layers: 1, units: 512, optimizer: 'rmsprop', dropout: 0.8 },
      [0.8977628326191271, 0.8781226571039165, 0.8007528546660794],
    ],
  ];

  it('match problems.py at epochs 1, 10 and 50', () => {
    for (const [point, expected] of curves) {
      [1, 10, LC_STEPS].forEach((step, index) => expectNear(lcMixedValue(point, step), expected[index]));
    }
  });
});
