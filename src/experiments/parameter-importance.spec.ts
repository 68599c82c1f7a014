import { describe, expect, it } from '@jest/globals';
import { parameterImportance } from './parameter-importance.js';

/** A small deterministic generator (LCG), so the test data is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

describe('parameter importance (first-order variance share)', () => {
  const next = random(7);
  const trials = Array.from({ length: 300 }, () => ({ lr: next(), momentum: next(), optimizer: next() < 0.5 ? 'adam' : 'sgd', noise: next() }));
  const parameters = { momentum: trials.map((t) => t.momentum), optimizer: trials.map((t) => t.optimizer), lr: trials.map((t) => t.lr) };

  it('ranks the dominant parameter first, a weak one second and an irrelevant one near zero', () => {
    const objective = trials.map((t) => 10 * (t.lr - 0.3) ** 2 + 0.4 * t.momentum + 0.2 * t.noise);
    const result = parameterImportance(objective, parameters);
    expect(result.trials).toBe(300);
    expect(result.parameters.map((p) => p.name)).toEqual(['lr', 'momentum', 'optimizer']);
    expect(result.parameters[0]!.importance).toBeGreaterThan(0.8);
    expect(result.parameters[2]!.importance).toBeLessThan(0.02);
  });

  it('sees a categorical parameter that decides the objective', () => {
    const objective = trials.map((t) => (t.optimizer === 'adam' ? 1 : 2) + 0.1 * t.noise);
    expect(parameterImportance(objective, parameters).parameters[0]).toMatchObject({ name: 'optimizer' });
    expect(parameterImportance(objective, parameters).parameters[0]!.importance).toBeGreaterThan(0.9);
  });

  it('says nothing matters when the objective is pure noise or constant, or trials are too few', () => {
    const noise = parameterImportance(trials.map((t) => t.noise), parameters);
    for (const p of noise.parameters) expect(p.importance).toBeLessThan(0.05);
    for (const p of parameterImportance(trials.map(() => 1), parameters).parameters) expect(p.importance).toBe(0);
    expect(parameterImportance([1, 2, 3], { lr: [1, 2, 3] })).toEqual({ trials: 3, parameters: [{ name: 'lr', importance: 0 }] });
  });
});
