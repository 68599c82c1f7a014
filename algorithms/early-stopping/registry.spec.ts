import { describe, expect, it } from '@jest/globals';
import { availableEarlyStoppingRules, findEarlyStoppingRule } from './registry.js';

describe('early-stopping registry', () => {
  it('serves medianstop and asha by name, and nothing else', () => {
    expect(availableEarlyStoppingRules()).toEqual(['medianstop', 'asha']);
    expect(findEarlyStoppingRule('medianstop')?.name).toBe('medianstop');
    expect(findEarlyStoppingRule('asha')?.name).toBe('asha');
    expect(findEarlyStoppingRule('median')).toBeUndefined();
  });
});
