import { describe, expect, it } from '@jest/globals';
import { availableEarlyStoppingRules, findEarlyStoppingRule } from './registry.js';

describe('early-stopping registry', () => {
  it('serves medianstop, asha and curvefit by name, and nothing else', () => {
    expect(availableEarlyStoppingRules()).toEqual(['medianstop', 'asha', 'curvefit']);
    expect(findEarlyStoppingRule('medianstop')?.name).toBe('medianstop');
    expect(findEarlyStoppingRule('asha')?.name).toBe('asha');
    expect(findEarlyStoppingRule('curvefit')?.name).toBe('curvefit');
    expect(findEarlyStoppingRule('median')).toBeUndefined();
  });
});
