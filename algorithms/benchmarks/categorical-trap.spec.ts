import { describe, expect, it } from '@jest/globals';
import { validateSpace } from '../encoding/validate-space.js';
import { CATEGORICAL_TRAP, findBenchmarkProblem } from './problems.js';

// Printed with repr() by /usr/bin/python3 from src/bench/peers/optuna_trap_peer.py's categorical_trap.
const PEER_VALUES: [Record<string, number | string>, number][] = [
  [{ lr: 0.1, dropout: 0.1, optimizer: 'sgd' }, 0.05],
  [{ lr: 1e-3, dropout: 0.3, optimizer: 'adam' }, 0.12],
  [{ lr: 3e-5, dropout: 0.7, optimizer: 'sgd' }, 0.4499546739238595],
  [{ lr: 0.02, dropout: 0.05, optimizer: 'rmsprop' }, 0.18407445570523712],
  [{ lr: 0.5, dropout: 0, optimizer: 'adagrad' }, 0.21579748613450297],
];

describe('categorical_trap', () => {
  it('is found by name, has a valid space, and matches its Optuna peer', () => {
    expect(findBenchmarkProblem('categorical_trap')).toBe(CATEGORICAL_TRAP);
    expect(validateSpace(CATEGORICAL_TRAP.space)).toEqual([]);
    for (const [point, expected] of PEER_VALUES) {
      expect(Math.abs(CATEGORICAL_TRAP.objective(point) - expected)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('is a trap: the best of the other labels is 0.07 above the optimum, sgd away from its well worse still', () => {
    const { objective, optimum } = CATEGORICAL_TRAP;
    expect(objective({ lr: 1e-3, dropout: 0.3, optimizer: 'adam' }) - optimum).toBeCloseTo(0.07, 12);
    expect(objective({ lr: 1e-4, dropout: 0.5, optimizer: 'sgd' })).toBeGreaterThan(
      objective({ lr: 1e-4, dropout: 0.5, optimizer: 'adam' }),
    );
  });
});
