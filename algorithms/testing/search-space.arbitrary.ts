/**
 * fast-check generators of search spaces for property tests, and an
 * independent feasibility check that does not reuse the encoding under test.
 */
import fc from 'fast-check';
import type { ParameterValue, SearchParameter, SearchSpace } from '../types.js';
import { decimalPlaces } from '../encoding/decimals.js';

type Unnamed<T> = T extends SearchParameter ? Omit<T, 'name'> : never;

const decimal = (units: number, places: number) => Number((units / 10 ** places).toFixed(places));

const continuousDouble = fc
  .record({
    units: fc.integer({ min: -1000, max: 1000 }),
    width: fc.integer({ min: 0, max: 2000 }),
    places: fc.integer({ min: 0, max: 3 }),
    distribution: fc.constantFrom('uniform' as const, 'normal' as const),
  })
  .map(({ units, width, places, distribution }): Unnamed<SearchParameter> => ({
    type: 'double',
    min: decimal(units, places),
    max: decimal(units + width, places),
    distribution,
  }));

const logDouble = fc
  .record({
    digit: fc.integer({ min: 1, max: 9 }),
    exponent: fc.integer({ min: 0, max: 6 }),
    factor: fc.integer({ min: 1, max: 10_000 }),
    distribution: fc.constantFrom('logUniform' as const, 'logNormal' as const),
  })
  .map(({ digit, exponent, factor, distribution }): Unnamed<SearchParameter> => {
    const min = decimal(digit, exponent);
    return { type: 'double', min, max: min * factor, distribution };
  });

/** min, step and max typed as decimals, the way a Katib spec writes them. */
const steppedDouble = fc
  .record({
    minUnits: fc.integer({ min: -500, max: 500 }),
    stepUnits: fc.integer({ min: 1, max: 50 }),
    points: fc.integer({ min: 1, max: 12 }),
    slack: fc.nat(),
    places: fc.integer({ min: 0, max: 4 }),
    distribution: fc.constantFrom('uniform' as const, 'normal' as const, 'logUniform' as const),
  })
  .map(({ minUnits, stepUnits, points, slack, places, distribution }): Unnamed<SearchParameter> => {
    const maxUnits = minUnits + (points - 1) * stepUnits + (slack % stepUnits);
    const logAllowed = minUnits > 0;
    return {
      type: 'double',
      min: decimal(minUnits, places),
      max: decimal(maxUnits, places),
      step: decimal(stepUnits, places),
      distribution: distribution === 'logUniform' && !logAllowed ? 'uniform' : distribution,
    };
  });

const intRange = fc
  .record({
    min: fc.integer({ min: -50, max: 50 }),
    width: fc.integer({ min: 0, max: 12 }),
    step: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    distribution: fc.constantFrom('uniform' as const, 'normal' as const, 'logUniform' as const, 'logNormal' as const),
  })
  .map(({ min, width, step, distribution }): Unnamed<SearchParameter> => {
    const isLog = distribution === 'logUniform' || distribution === 'logNormal';
    const low = isLog ? Math.abs(min) + 1 : min;
    return { type: 'int', min: low, max: low + width, ...(step === undefined ? {} : { step }), distribution };
  });

const discrete = fc
  .uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 6 })
  .map((units): Unnamed<SearchParameter> => ({
    type: 'discrete',
    values: units.map((unit) => decimal(unit, 2)).sort((a, b) => a - b),
  }));

const categorical = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 })
  .map((values): Unnamed<SearchParameter> => ({ type: 'categorical', values }));

const finiteParameter = fc.oneof(steppedDouble, intRange, discrete, categorical);
const anyParameter = fc.oneof(continuousDouble, logDouble, steppedDouble, intRange, discrete, categorical);

function named(parameters: Unnamed<SearchParameter>[]): SearchSpace {
  return parameters.map((param, index) => ({ ...param, name: `p${index}` }) as SearchParameter);
}

export const searchSpace = fc.array(anyParameter, { minLength: 1, maxLength: 4 }).map(named);
export const finiteSearchSpace = fc.array(finiteParameter, { minLength: 1, maxLength: 3 }).map(named);

/** Whether `value` is one the parameter allows, checked from the spec's own terms. */
export function isFeasible(param: SearchParameter, value: ParameterValue | undefined): boolean {
  if (param.type === 'categorical') return typeof value === 'string' && param.values.includes(value);
  if (typeof value !== 'number') return false;
  if (param.type === 'discrete') return param.values.includes(value);
  if (value < param.min || value > param.max) return false;
  if (param.type === 'int' && !Number.isInteger(value)) return false;
  const step = param.step ?? (param.type === 'int' ? 1 : undefined);
  if (step === undefined) return true;
  const stepsFromMin = (value - param.min) / step;
  const printsCleanly = decimalPlaces(value) <= Math.max(decimalPlaces(param.min), decimalPlaces(step));
  return Math.abs(stepsFromMin - Math.round(stepsFromMin)) < 1e-6 && printsCleanly;
}

export function isInsideSpace(space: SearchSpace, assignment: Record<string, ParameterValue>): boolean {
  return (
    Object.keys(assignment).length === space.length && space.every((param) => isFeasible(param, assignment[param.name]))
  );
}
