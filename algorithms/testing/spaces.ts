import type { SearchSpace } from '../types.js';

/** A uniform double on [0, 1]: the plainest parameter for tests of a sampler's maths. */
export const unitDouble = (name: string): SearchSpace[number] => ({
  name,
  type: 'double',
  min: 0,
  max: 1,
  distribution: 'uniform',
});
