import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { RangeParameter, SearchParameter } from '../types.js';
import { isFeasible, searchSpace } from '../testing/search-space.arbitrary.js';
import { fromUnit, toUnit } from './unit-interval.js';

const range = (fields: Partial<RangeParameter>): RangeParameter => ({
  name: 'x',
  type: 'double',
  min: 0,
  max: 10,
  distribution: 'uniform',
  ...fields,
});

describe('unit interval encoding of ranges', () => {
  it('maps a uniform double linearly', () => {
    const param = range({});
    expect(fromUnit(param, 0.25)).toBe(2.5);
    expect(toUnit(param, 7.5)).toBe(0.75);
  });

  it('maps log-distributed doubles in log scale', () => {
    const param = range({ min: 1e-4, max: 1e-2, distribution: 'logUniform' });
    expect(toUnit(param, 1e-3)).toBeCloseTo(0.5, 12);
    expect(fromUnit(param, 0.5)).toBeCloseTo(1e-3, 15);
    expect(fromUnit(param, 0)).toBeCloseTo(1e-4, 18);
    expect(fromUnit(param, 1)).toBeLessThanOrEqual(1e-2);
    const logNormal = { ...param, distribution: 'logNormal' as const };
    expect(fromUnit(logNormal, toUnit(logNormal, 3.3e-3))).toBeCloseTo(3.3e-3, 15);
  });

  it('rounds integers, each owning an equal share of the interval', () => {
    const param = range({ type: 'int', min: 1, max: 5 });
    expect([0, 0.19, 0.2, 0.39, 0.4, 0.5, 0.79, 0.8, 1].map((unit) => fromUnit(param, unit))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 5, 5,
    ]);
    expect(toUnit(param, 3)).toBeCloseTo(0.5, 12);
    expect(toUnit(param, 2.6)).toBe(toUnit(param, 3));
  });

  it('snaps stepped doubles onto their lattice', () => {
    const param = range({ min: 0.01, max: 0.05, step: 0.005 });
    const decoded = Array.from({ length: 9 }, (_, index) => fromUnit(param, (index + 0.5) / 9));
    expect(decoded.map(String)).toEqual(['0.01', '0.015', '0.02', '0.025', '0.03', '0.035', '0.04', '0.045', '0.05']);
    expect(toUnit(param, 0.0152)).toBe(toUnit(param, 0.015));
    expect(fromUnit(param, toUnit(param, 0.0152))).toBe(0.015);
  });

  it('snaps log-scale lattices to the point nearest in log scale', () => {
    const param = range({ type: 'int', min: 1, max: 1000, distribution: 'logUniform' });
    expect(fromUnit(param, 0)).toBe(1);
    expect(fromUnit(param, 1)).toBe(1000);
    for (const value of [1, 2, 3, 10, 26, 27, 500, 999, 1000]) {
      expect(fromUnit(param, toUnit(param, value))).toBe(value);
    }
  });

  it('clamps units outside [0, 1]', () => {
    const param = range({});
    expect(fromUnit(param, -1)).toBe(0);
    expect(fromUnit(param, 2)).toBe(10);
  });

  it('puts a single-valued range in the middle', () => {
    const param = range({ min: 3, max: 3 });
    expect(toUnit(param, 3)).toBe(0.5);
    expect(fromUnit(param, 0.9)).toBe(3);
  });
});

describe('unit interval encoding of lists', () => {
  const discrete: SearchParameter = { name: 'd', type: 'discrete', values: [0.1, 0.5, 0.9] };
  const categorical: SearchParameter = { name: 'c', type: 'categorical', values: ['sgd', 'adam'] };

  it('maps discrete values by index', () => {
    expect(fromUnit(discrete, 0.5)).toBe(0.5);
    expect(toUnit(discrete, 0.9)).toBeCloseTo(5 / 6, 12);
    expect(toUnit(discrete, '0.5')).toBe(0.5);
  });

  it('maps categorical labels by index', () => {
    expect(fromUnit(categorical, 0.49)).toBe('sgd');
    expect(fromUnit(categorical, 0.5)).toBe('adam');
    expect(toUnit(categorical, 'adam')).toBe(0.75);
    expect(() => toUnit(categorical, 'rmsprop')).toThrow('"rmsprop" is not a value of parameter "c"');
  });
});

describe('unit interval encoding (properties)', () => {
  const parameterAndUnit = fc.tuple(searchSpace, fc.double({ min: 0, max: 1, noNaN: true }));

  it('decodes every unit into the feasible space', () => {
    fc.assert(
      fc.property(parameterAndUnit, ([space, unit]) => space.every((param) => isFeasible(param, fromUnit(param, unit)))),
    );
  });

  it('round-trips decoded values', () => {
    fc.assert(
      fc.property(parameterAndUnit, ([space, unit]) => {
        for (const param of space) {
          const value = fromUnit(param, unit);
          const again = fromUnit(param, toUnit(param, value));
          if (typeof value === 'number' && !('values' in param) && param.step === undefined && param.type === 'double') {
            expect(again).toBeCloseTo(value as number, 6);
          } else {
            expect(again).toBe(value);
          }
        }
      }),
    );
  });
});
