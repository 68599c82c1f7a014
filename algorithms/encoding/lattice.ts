import type { RangeParameter } from '../types.js';
import { decimalPlaces, roundToDecimalPlaces } from './decimals.js';

/** The points min, min + step, ... of a stepped range, never above max. */
export interface Lattice {
  readonly min: number;
  readonly step: number;
  readonly size: number;
  /** Decimal places of min and step: every point is rounded to these to drop float noise. */
  readonly decimalPlaces: number;
}

// Dividing decimals can land just below the integer meant
// ((0.05 - 0.01) / 0.005 = 7.999999999999999), so the count gets this slack
// and a last point that then overshoots max is dropped again.
const COUNT_TOLERANCE = 1e-9;

/**
 * The lattice of a stepped range; undefined for a continuous double. An int
 * without step has step 1, and a double pinned to one value (min = max) is the
 * lattice of that point, so that a space made of such parameters is finite.
 */
export function latticeOf(param: RangeParameter): Lattice | undefined {
  const step = param.step ?? (param.type === 'int' || param.min === param.max ? 1 : undefined);
  if (step === undefined) return undefined;
  const places = Math.max(decimalPlaces(param.min), decimalPlaces(step));
  const ratio = (param.max - param.min) / step;
  const size = Math.floor(ratio + COUNT_TOLERANCE * Math.max(1, ratio)) + 1;
  const lattice: Lattice = { min: param.min, step, size, decimalPlaces: places };
  return size > 1 && latticePoint(lattice, size - 1) > param.max ? { ...lattice, size: size - 1 } : lattice;
}

export function latticePoint(lattice: Lattice, index: number): number {
  return roundToDecimalPlaces(lattice.min + index * lattice.step, lattice.decimalPlaces);
}
