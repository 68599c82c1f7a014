import { describe, it, expect } from '@jest/globals';
import { RANDOM_STATE, seedFromRandomState } from './random-state.js';

describe('random_state', () => {
  it('is an optional integer', () => {
    expect(RANDOM_STATE.read(undefined)).toEqual({ value: undefined });
    expect(RANDOM_STATE.read('+42')).toEqual({ value: 42 });
    expect(RANDOM_STATE.read('4.2')).toEqual({ problem: 'must be an integer, got "4.2"' });
  });

  it('seeds the run as validation reads it, modulo 2^32', () => {
    expect(seedFromRandomState('42')).toBe(42);
    expect(seedFromRandomState('+42')).toBe(42);
    expect(seedFromRandomState(' 42 ')).toBe(42);
    expect(seedFromRandomState('-1')).toBe(4294967295);
    expect(seedFromRandomState('4294967296')).toBe(0);
    expect(seedFromRandomState('-0')).toBe(0);
  });

  it('seeds nothing when there is no integer to take', () => {
    for (const randomState of [undefined, '', 'abc', '4.2', '1e3', '99999999999999999999']) {
      expect(seedFromRandomState(randomState)).toBeUndefined();
    }
  });
});
