import type { DiscreteParameter, RangeParameter } from '../types.js';
import { cardinality, valueAt } from '../encoding/finite-values.js';
import { latticeOf } from '../encoding/lattice.js';
import { fromUnit, toUnit } from '../encoding/unit-interval.js';

/**
 * How the shared encoding cuts the unit interval among the values of a finite
 * numeric parameter (a lattice or a discrete list): value i owns the cell
 * around its own unit, bounded halfway to its neighbours and by 0 and 1 at the
 * ends. A kernel's probability for value i is its mass over that cell, as
 * Optuna integrates its kernels over [x - step/2, x + step/2].
 */
export interface UnitCells {
  readonly count: number;
  /** The value whose cell holds `unit`. */
  indexAt(unit: number): number;
  /** The unit the encoding gives value `index`: where observations of it sit. */
  centre(index: number): number;
  lower(index: number): number;
  upper(index: number): number;
}

export function unitCellsOf(param: RangeParameter | DiscreteParameter): UnitCells {
  const count = cardinality(param);
  // Lattices can have millions of points, so centres are computed as they are needed.
  const centres = new Map<number, number>();
  const centre = (index: number): number => {
    let unit = centres.get(index);
    if (unit === undefined) {
      unit = toUnit(param, valueAt(param, index));
      centres.set(index, unit);
    }
    return unit;
  };
  const indexOfValue = valueIndexer(param);
  return {
    count,
    indexAt: (unit) => indexOfValue(fromUnit(param, unit) as number),
    centre,
    lower: (index) => (index === 0 ? 0 : (centre(index - 1) + centre(index)) / 2),
    upper: (index) => (index === count - 1 ? 1 : (centre(index) + centre(index + 1)) / 2),
  };
}

/** The index of a value the encoding decoded, which is exactly one of the parameter's values. */
function valueIndexer(param: RangeParameter | DiscreteParameter): (value: number) => number {
  if (param.type === 'discrete') return (value) => param.values.indexOf(value);
  const lattice = latticeOf(param);
  if (!lattice) throw new RangeError(`parameter "${param.name}" is continuous and has no cells`);
  return (value) => Math.round((value - lattice.min) / lattice.step);
}
