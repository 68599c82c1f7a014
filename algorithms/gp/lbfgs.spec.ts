import { describe, it, expect } from '@jest/globals';
import { lbfgsSteps, minimizeLbfgs } from './lbfgs.js';

const rosenbrock = (x: Float64Array) => ({
  value: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
  gradient: [-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)],
});

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const result = minimizeLbfgs(rosenbrock, [-1.2, 1], { maxIterations: 200, gradientTolerance: 1e-8 });
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it('stops on a bound when the unconstrained minimum lies outside the box', () => {
    // min (x0 - 2)^2 + (x1 - 0.3)^2 over [0, 1]^2 is (1, 0.3).
    const result = minimizeLbfgs(
      (x) => ({ value: (x[0] - 2) ** 2 + (x[1] - 0.3) ** 2, gradient: [2 * (x[0] - 2), 2 * (x[1] - 0.3)] }),
      [0.1, 0.9],
      { maxIterations: 50, gradientTolerance: 1e-9, lower: 0, upper: 1 },
    );
    expect(result.x[0]).toBe(1);
    expect(result.x[1]).toBeCloseTo(0.3, 6);
  });

  it('returns the start when the objective is not finite there', () => {
    const result = minimizeLbfgs(() => ({ value: Infinity, gradient: [0] }), [0.5], {
      maxIterations: 10,
      gradientTolerance: 1e-6,
    });
    expect(result).toEqual({ x: Float64Array.of(0.5), value: Infinity, iterations: 0 });
  });

  it('is driven step by step by lbfgsSteps to the same points and result', () => {
    const visited: number[][] = [];
    const direct = minimizeLbfgs(
      (x) => {
        visited.push(Array.from(x));
        return rosenbrock(x);
      },
      [-1.2, 1],
      { maxIterations: 30, gradientTolerance: 1e-8 },
    );
    const asked: number[][] = [];
    const steps = lbfgsSteps([-1.2, 1], { maxIterations: 30, gradientTolerance: 1e-8 });
    let step = steps.next();
    while (!step.done) {
      asked.push(Array.from(step.value));
      step = steps.next(rosenbrock(step.value));
    }
    expect(asked).toEqual(visited);
    expect(step.value).toEqual(direct);
  });
});
