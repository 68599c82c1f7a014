import { describe, it, expect } from '@jest/globals';
import type { Assignment, SearchSpace } from '../types.js';
import { bowl, square, tune } from './testing/tuning-loop.js';

describe('bayesianOptimization finds optima', () => {
  it('closes in on the minimum of a smooth function, minimising or maximising', () => {
    const minimised = tune(square, bowl, 22, { settings: { acq_func: 'EI' } }).history;
    expect(Math.min(...minimised.map((entry) => entry.value!))).toBeLessThan(1e-3);
    const maximised = tune(square, (a) => -bowl(a), 22, { direction: 'maximize' }).history;
    expect(Math.max(...maximised.map((entry) => entry.value!))).toBeGreaterThan(-1e-3);
  });

  it('searches ints, lists and labels, and finds the best label', () => {
    const space: SearchSpace = [
      { name: 'lr', type: 'double', min: 1e-4, max: 1, distribution: 'logUniform' },
      { name: 'layers', type: 'int', min: 1, max: 6, distribution: 'uniform' },
      { name: 'units', type: 'discrete', values: [16, 32, 64, 128] },
      { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam', 'rmsprop'] },
    ];
    const objective = (a: Assignment) =>
      (Math.log10(Number(a.lr)) + 2) ** 2 +
      0.1 * (Number(a.layers) - 3) ** 2 +
      (a.optimizer === 'adam' ? 0 : 1) +
      0.1 * (Math.log2(Number(a.units)) - 6) ** 2;
    const { history } = tune(space, objective, 30);
    const best = history.reduce((a, b) => (a.value! <= b.value! ? a : b));
    expect(best.assignment).toMatchObject({ layers: 3, units: 64, optimizer: 'adam' });
    expect(best.value!).toBeLessThan(0.02);
  });
});
