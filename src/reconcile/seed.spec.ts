import { describe, expect, it } from '@jest/globals';
import { seedFor } from './seed.js';

describe('seedFor', () => {
  it('seeds with random_state in every form validation accepts, so "+42" means 42 as it does for the algorithms', () => {
    expect(seedFor('uid-1', '42')).toBe(42);
    expect(seedFor('uid-1', '+42')).toBe(42);
    expect(seedFor('uid-1', ' 42 ')).toBe(42);
    expect(seedFor('uid-1', '-1')).toBe(4294967295);
  });

  it('falls back to a stable hash of the uid without random_state', () => {
    expect(seedFor('uid-1', undefined)).toBe(seedFor('uid-1', undefined));
    expect(seedFor('uid-1', undefined)).not.toBe(seedFor('uid-2', undefined));
  });
});
