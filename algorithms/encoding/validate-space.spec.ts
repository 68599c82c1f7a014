import { describe, it, expect } from '@jest/globals';
import type { RangeParameter, SearchSpace } from '../types.js';
import { validateSpace } from './validate-space.js';

const range = (fields: Partial<RangeParameter>): RangeParameter => ({
  name: 'lr',
  type: 'double',
  min: 0,
  max: 1,
  distribution: 'uniform',
  ...fields,
});

const messages = (space: SearchSpace) => validateSpace(space).map((error) => `${error.setting}: ${error.message}`);

describe('validateSpace', () => {
  it('accepts a sound space', () => {
    expect(
      validateSpace([
        range({ min: 1e-4, max: 1e-1, distribution: 'logUniform' }),
        { name: 'layers', type: 'int', min: 1, max: 4, step: 1, distribution: 'uniform' },
        { name: 'dropout', type: 'discrete', values: [0.1, 0.2] },
        { name: 'optimizer', type: 'categorical', values: ['sgd', 'adam'] },
      ]),
    ).toEqual([]);
  });

  it('rejects log scales that reach zero or below', () => {
    expect(messages([range({ min: 0, distribution: 'logUniform' })])).toEqual([
      'parameters: parameter "lr": logUniform needs feasibleSpace.min > 0, got 0',
    ]);
    expect(messages([range({ min: -1, distribution: 'logNormal' })])).toEqual([
      'parameters: parameter "lr": logNormal needs feasibleSpace.min > 0, got -1',
    ]);
  });

  it('rejects inverted ranges, bad steps and fractional ints', () => {
    expect(messages([range({ min: 2, max: 1 })])).toEqual([
      'parameters: parameter "lr": feasibleSpace.min (2) is greater than max (1)',
    ]);
    expect(messages([range({ step: 0 })])).toEqual([
      'parameters: parameter "lr": feasibleSpace.step must be a positive number, got 0',
    ]);
    expect(messages([range({ name: 'n', type: 'int', min: 0.5, max: 3 })])).toEqual([
      'parameters: parameter "n": feasibleSpace.min, max and step of an int parameter must be integers',
    ]);
    expect(messages([range({ max: Number.NaN })])).toEqual([
      'parameters: parameter "lr": feasibleSpace.min and max must be finite numbers',
    ]);
  });

  it('rejects empty or repeated lists, repeated names and an empty space', () => {
    expect(messages([{ name: 'c', type: 'categorical', values: [] }])).toEqual([
      'parameters: parameter "c": feasibleSpace.list is empty',
    ]);
    expect(messages([{ name: 'd', type: 'discrete', values: [1, 1] }])).toEqual([
      'parameters: parameter "d": feasibleSpace.list has duplicate values',
    ]);
    expect(messages([range({}), range({})])).toEqual(['parameters: parameter "lr" is defined more than once']);
    expect(messages([])).toEqual(['parameters: the search space has no parameters']);
  });
});
