import { describe, it, expect } from '@jest/globals';
import type { HistoryEntry, SearchSpace } from '../types.js';
import { toUnit } from '../encoding/unit-interval.js';
import { findMultiObjectiveProblem } from '../benchmarks/mo-problems.js';
import { multiObjectiveRunHistory } from '../testing/history.js';
import { bayesianOptimization } from './bayesian-optimization.js';
import { bowl, completed, distance, keysOf, request, square, tune } from './testing/tuning-loop.js';

describe('bayesianOptimization.validate', () => {
  it('checks the settings and the space', () => {
    expect(bayesianOptimization.validate({ random_state: '10' }, square)).toEqual([]);
    expect(
      bayesianOptimization.validate({ base_estimator: 'GBRT' }, [
        { name: 'x', type: 'double', min: 2, max: 1, distribution: 'uniform' },
      ]),
    ).toEqual([
      {
        setting: 'base_estimator',
        message:
          'only the Gaussian process surrogate "GP" is supported; "GBRT" (a scikit-optimize tree or dummy model) is not',
      },
      { setting: 'parameters', message: 'parameter "x": feasibleSpace.min (2) is greater than max (1)' },
    ]);
  });
});

describe('bayesianOptimization.suggest', () => {
  it('starts with a Latin hypercube: each fifth of each range once in the first 5 trials', () => {
    const { history } = tune(square, bowl, 5, { settings: { n_initial_points: '5' } });
    for (const param of square) {
      const strata = history.map((entry) => Math.floor(toUnit(param, entry.assignment[param.name]) * 5)).sort();
      expect(strata).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('spreads a batch: 4 points at once are distinct and apart', () => {
    const { history } = tune(square, bowl, 10);
    for (const acq_func of ['gp_hedge', 'EI', 'PI', 'LCB']) {
      const { assignments } = bayesianOptimization.suggest(
        request({ space: square, history, count: 4, settings: { acq_func } }),
      );
      expect(assignments).toHaveLength(4);
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < i; j++) expect(distance(assignments[i], assignments[j])).toBeGreaterThan(0.01);
    }
  });

  it('steers away from running trials (fantasised) rather than doubling them', () => {
    const { history } = tune(square, bowl, 12, { settings: { acq_func: 'EI' } });
    const [first] = bayesianOptimization.suggest(
      request({ space: square, history, settings: { acq_func: 'EI' } }),
    ).assignments;
    const running: HistoryEntry = { assignment: first, status: 'pending' };
    const [next] = bayesianOptimization.suggest(
      request({ space: square, history: [...history, running], settings: { acq_func: 'EI' } }),
    ).assignments;
    expect(distance(first, next)).toBeGreaterThan(0.01);
  });

  it('leaves failed trials out of the model and never proposes them again', () => {
    const space: SearchSpace = [
      { name: 'a', type: 'int', min: 0, max: 3, distribution: 'uniform' },
      { name: 'b', type: 'categorical', values: ['p', 'q', 'r'] },
    ];
    const failed: HistoryEntry[] = [
      { assignment: { a: 0, b: 'p' }, status: 'failed' },
      { assignment: { a: 2, b: 'q' }, status: 'failed' },
    ];
    const history: HistoryEntry[] = [...failed];
    let exhausted = false;
    while (!exhausted) {
      const result = bayesianOptimization.suggest(request({ space, history, count: 2 }));
      history.push(
        ...result.assignments.map((assignment) =>
          completed(assignment, Number(assignment.a) + (assignment.b === 'q' ? 1 : 0)),
        ),
      );
      exhausted = result.exhausted;
    }
    const keys = keysOf(
      space,
      history.map((entry) => entry.assignment),
    );
    expect(new Set(keys).size).toBe(12);
    expect(keys).toHaveLength(12);
  });

  it('keeps a fitted state that makes the same request give the same answer', () => {
    const { history, state } = tune(square, bowl, 14);
    expect(state?.hyperparameters).toHaveLength(4);
    expect(state?.hedge?.gains).toHaveLength(3);
    const again = request({ space: square, history, state, count: 3 });
    expect(bayesianOptimization.suggest(again)).toEqual(bayesianOptimization.suggest(again));
  });
});

describe('bayesianOptimization with several objectives (ParEGO)', () => {
  it('suggests bit for bit what it did before constraints were modelled with several objectives, when there are none', () => {
    // Golden values from commit c3e360f (before constrained ParEGO), for this history and seed.
    const problem = findMultiObjectiveProblem('mixed_hpo_cost')!;
    const request = { count: 3, settings: {}, seed: 11 };
    const history = multiObjectiveRunHistory(bayesianOptimization, problem, 14, request);
    expect(bayesianOptimization.suggest({ space: problem.space, direction: 'minimize', directions: [...problem.directions], history, ...request }).assignments).toEqual([
      { lr: 0.014527548047967461, layers: 1, units: 16, optimizer: 'sgd', dropout: 0 },
      { lr: 0.003602386342991249, layers: 8, units: 16, optimizer: 'sgd', dropout: 0.8 },
      { lr: 0.0038312779777301886, layers: 1, units: 16, optimizer: 'sgd', dropout: 0.5414384540869905 },
    ]);
  });
});
