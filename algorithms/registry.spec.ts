import { describe, it, expect } from '@jest/globals';
import { availableAlgorithms, findAlgorithm } from './registry.js';

describe('algorithm registry', () => {
  it('serves random and grid by their Katib names', () => {
    expect(availableAlgorithms()).toEqual([
      'random',
      'grid',
      'hyperband',
      'cmaes',
      'sobol',
      'bayesianoptimization',
      'tpe',
      'multivariate-tpe',
      'pbt',
      'nsga2',
    ]);
    expect(findAlgorithm('grid')?.name).toBe('grid');
    expect(findAlgorithm('random')?.name).toBe('random');
    expect(findAlgorithm('multivariate-tpe')?.name).toBe('multivariate-tpe');
    expect(findAlgorithm('pbt')?.name).toBe('pbt');
    expect(findAlgorithm('enas')).toBeUndefined();
  });
});
