import { describe, expect, it } from '@jest/globals';
import { createRandom } from '../common/prng.js';
import { chebyshevScalarisation, simplexWeights } from './parego.js';
import { bayesianOptimization } from './bayesian-optimization.js';
import type { HistoryEntry, SearchSpace } from '../types.js';

describe('ParEGO scalarisation', () => {
  it('draws weights on the simplex', () => {
    const weights = simplexWeights(3, createRandom(1));
    expect(weights.every((w) => w > 0)).toBe(true);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('scales each objective to [0, 1] and takes the augmented weighted maximum', () => {
    const values = chebyshevScalarisation([[0, 10], [1, 0], [0.5, 5]], [0.5, 0.5]);
    expect(values[0]).toBeCloseTo(0.5 + 0.05 * 0.5, 12);
    expect(values[1]).toBeCloseTo(0.5 + 0.05 * 0.5, 12);
    expect(values[2]).toBeCloseTo(0.25 + 0.05 * 0.5, 12);
  });
});

describe('multi-objective bayesianoptimization', () => {
  const space: SearchSpace = [
    { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
    { name: 'y', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  ];
  const history: HistoryEntry[] = Array.from({ length: 12 }, (_, i) => {
    const assignment = { x: ((i * 7) % 12) / 12, y: ((i * 5) % 12) / 12 };
    const values = [assignment.x, (1 + assignment.y) * (1 - Math.sqrt(assignment.x))];
    return { assignment, status: 'completed' as const, value: values[0], values };
  });

  it('proposes a batch of distinct new points, the same for the same seed', () => {
    const request = { space, direction: 'minimize' as const, directions: ['minimize' as const, 'maximize' as const], history, count: 3, settings: {}, seed: 3 };
    const first = bayesianOptimization.suggest(request);
    expect(first.assignments).toHaveLength(3);
    expect(bayesianOptimization.suggest(request).assignments).toEqual(first.assignments);
    const keys = new Set([...history.map((h) => h.assignment), ...first.assignments].map((a) => JSON.stringify(a)));
    expect(keys.size).toBe(15);
  });
});
