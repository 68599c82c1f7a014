import type { Assignment, SearchParameter, SearchSpace } from '../types.js';
import { normalQuantile } from '../common/normal.js';
import { fromUnit } from '../encoding/unit-interval.js';
import { SOBOL_BITS } from './direction-numbers.js';

// As random search does: a normal centred in the range, its bounds 3 sigma
// away; a coordinate beyond them is clipped onto them.
const SIGMAS_PER_RANGE = 6;
// Sobol coordinates are the left ends of cells 2^-30 wide; the quantile is
// taken at the cell's centre so that neither 0 nor 1 is ever reached.
const HALF_CELL = 2 ** -(SOBOL_BITS + 1);

/** One parameter per coordinate, in space order, decoded through the shared encoding. */
export function pointToAssignment(space: SearchSpace, point: readonly number[]): Assignment {
  return Object.fromEntries(
    space.map((param, dimension) => [param.name, fromUnit(param, shaped(param, point[dimension]))]),
  );
}

/** Normal and logNormal ranges get the normal quantile of the coordinate, the rest the coordinate itself. */
function shaped(param: SearchParameter, coordinate: number): number {
  const isNormal = 'distribution' in param && (param.distribution === 'normal' || param.distribution === 'logNormal');
  if (!isNormal) return coordinate;
  return Math.min(1, Math.max(0, 0.5 + normalQuantile(coordinate + HALF_CELL) / SIGMAS_PER_RANGE));
}
