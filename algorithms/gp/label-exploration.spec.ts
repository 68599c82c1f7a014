import { describe, expect, it } from '@jest/globals';
import type { HistoryEntry, SearchSpace } from '../types.js';
import { toUnit } from '../encoding/unit-interval.js';
import { bayesianOptimization } from './bayesian-optimization.js';
import { labelExploration, withinLabel } from './label-exploration.js';
import { conditionGp } from './posterior.js';
import { unitCubeOf } from './unit-cube.js';

const space: SearchSpace = [
  { name: 'x', type: 'double', min: 0, max: 1, distribution: 'uniform' },
  { name: 'optimizer', type: 'categorical', values: ['adam', 'sgd'] },
];
const cube = unitCubeOf(space);
const SGD = toUnit(space[1], 'sgd');
const trials = (optimizer: string, xs: number[], value: (x: number) => number): HistoryEntry[] =>
  xs.map((x) => ({ assignment: { x, optimizer }, status: 'completed', value: value(x) }));
const evenly = (count: number) => Array.from({ length: count }, (_, i) => (i + 0.5) / count);

describe('labelExploration', () => {
  const params = { inverseSquaredLengthscales: [4, 1], signalVariance: 1, noiseVariance: 1e-4 };
  const points = [0.2, 0.5, 0.8].map((x) => Float64Array.of(x, toUnit(space[1], 'adam')));
  points.push(Float64Array.of(0.1, SGD), Float64Array.of(0.6, SGD));
  const posterior = conditionGp(points, [-1, -1.5, -1, 1, 1.2], params, cube.categorical);
  const neglected = [{ parameter: 'optimizer', label: 'sgd', trials: 2 }];

  it("judges the label by a posterior of its own trials only, with the fitted hyperparameters", () => {
    const exploration = labelExploration(posterior, cube, neglected)!;
    expect(exploration.pin).toEqual({ dimension: 1, coordinate: SGD });
    expect(exploration.posterior.points).toEqual([points[3], points[4]]);
    expect(exploration.posterior.targets).toEqual([1, 1.2]);
    expect(exploration.posterior.params).toBe(params);
  });

  it('keeps the full posterior for a label never tried, and nothing for no neglected label', () => {
    const untried = conditionGp(points.slice(0, 3), [-1, -1.5, -1], params, cube.categorical);
    expect(labelExploration(untried, cube, neglected)!.posterior).toBe(untried);
    expect(labelExploration(posterior, cube, [])).toBeUndefined();
  });

  it('withinLabel frees only points with the label, and only if they are free', () => {
    const taken = new Set<number>([0.3]);
    const within = withinLabel(
      { isFree: (point) => !taken.has(point[0]), take: (point) => taken.add(point[0]) },
      { dimension: 1, coordinate: SGD },
    );
    expect(within.isFree(Float64Array.of(0.4, SGD))).toBe(true);
    expect(within.isFree(Float64Array.of(0.3, SGD))).toBe(false);
    expect(within.isFree(Float64Array.of(0.4, toUnit(space[1], 'adam')))).toBe(false);
  });
});

describe('bayesianOptimization on a neglected label', () => {
  const suggest = (history: HistoryEntry[], count: number) =>
    bayesianOptimization.suggest({ space, direction: 'minimize', history, count, settings: {}, seed: 5 }).assignments;

  it('gives the label one point of the call while it has fewer than floor(sqrt(2n)) of n trials', () => {
    // n = 20: sgd has 3 < floor(sqrt(40)) = 6; its trials looked bad next to adam's.
    const history = [
      ...trials('adam', evenly(17), (x) => Math.abs(x - 0.9)),
      ...trials('sgd', [0.1, 0.5, 0.7], (x) => 1 + Math.abs(x - 0.1)),
    ];
    expect(suggest(history, 1).map((a) => a.optimizer)).toEqual(['sgd']);
    const batch = suggest(history, 4).map((a) => a.optimizer);
    expect(batch.filter((label) => label === 'sgd')).toHaveLength(1);
  });

  it('leaves the choice to the model once the label has had its floor', () => {
    const history = [
      ...trials('adam', evenly(18), (x) => Math.abs(x - 0.9)),
      ...trials('sgd', [0.1, 0.3, 0.5, 0.6, 0.7, 0.8], (x) => 1 + Math.abs(x - 0.1)),
    ];
    expect(suggest(history, 1).map((a) => a.optimizer)).toEqual(['adam']);
  });
});
