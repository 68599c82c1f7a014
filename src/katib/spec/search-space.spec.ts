import { describe, expect, it } from '@jest/globals';
import { toSearchSpace } from './search-space.js';

describe('toSearchSpace', () => {
  it("turns Katib's strings into the algorithms' numbers", () => {
    expect(
      toSearchSpace([
        { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.005' } },
        { name: 'layers', parameterType: 'int', feasibleSpace: { min: '1', max: '1', distribution: 'uniform' } },
        {
          name: 'decay',
          parameterType: 'double',
          feasibleSpace: { min: '1e-5', max: '1e-1', distribution: 'logUniform' },
        },
        { name: 'batch', parameterType: 'discrete', feasibleSpace: { list: ['64', '16', '32.0'] } },
        { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam'] } },
      ]),
    ).toEqual([
      { name: 'lr', type: 'double', min: 0.01, max: 0.05, step: 0.005, distribution: 'uniform' },
      { name: 'layers', type: 'int', min: 1, max: 1, distribution: 'uniform' },
      { name: 'decay', type: 'double', min: 0.00001, max: 0.1, distribution: 'logUniform' },
      { name: 'batch', type: 'discrete', values: [16, 32, 64] },
      { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
    ]);
  });

  it('leaves out step when the spec has none, rather than setting it undefined', () => {
    const [lr] = toSearchSpace([{ name: 'lr', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } }]);
    expect(Object.keys(lr!)).not.toContain('step');
  });
});
