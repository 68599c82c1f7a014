import type { DiscreteParameter, RangeParameter } from '../types.js';
import { cardinality, valueAt } from '../encoding/finite-values.js';
import { usesLogScale } from '../encoding/scale.js';
import { toUnit } from '../encoding/unit-interval.js';

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
  // The encoding gives list entries and the points of a linear lattice equal
  // shares; only a log-scale lattice has cells of different widths.
  return param.type === 'discrete' || !usesLogScale(param) ? equalCells(count) : logScaleCells(param, count);
}

function equalCells(count: number): UnitCells {
  return {
    count,
    indexAt: (unit) => Math.min(count - 1, Math.max(0, Math.floor(unit * count))),
    centre: (index) => (index + 0.5) / count,
    lower: (index) => index / count,
    upper: (index) => (index + 1) / count,
  };
}

function logScaleCells(param: RangeParameter, count: number): UnitCells {
  // A lattice can have millions of points, so centres are computed only as they are needed.
  const centres = new Map<number, number>();
  const centre = (index: number): number => {
    let unit = centres.get(index);
    if (unit === undefined) {
      unit = toUnit(param, valueAt(param, index));
      centres.set(index, unit);
    }
    return unit;
  };
  const lower = (index: number) => (index === 0 ? 0 : (centre(index - 1) + centre(index)) / 2);
  return {
    count,
    // The last cell whose lower bound is at or below `unit`, by bisection.
    indexAt: (unit) => {
      let low = 0;
      let high = count - 1;
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if (lower(middle) <= unit) low = middle;
        else high = middle - 1;
      }
      return low;
    },
    centre,
    lower,
    upper: (index) => (index === count - 1 ? 1 : lower(index + 1)),
  };
}
