import type { Assignment, ParameterValue, SearchParameter, SearchSpace } from '../types.js';
import { latticeOf, latticePoint } from './lattice.js';

/** How many values a parameter can take: Infinity for a double without step. */
export function cardinality(param: SearchParameter): number {
  if (param.type === 'categorical' || param.type === 'discrete') return param.values.length;
  return latticeOf(param)?.size ?? Infinity;
}

/** The parameter's index-th value: lattice points ascending, lists in their given order. */
export function valueAt(param: SearchParameter, index: number): ParameterValue {
  if (param.type === 'categorical' || param.type === 'discrete') return param.values[index];
  const lattice = latticeOf(param);
  if (!lattice) throw new RangeError(`parameter "${param.name}" is continuous and has no index-th value`);
  return latticePoint(lattice, index);
}

/** How many points the space has: Infinity when any parameter is continuous. */
export function spaceSize(space: SearchSpace): number {
  return space.reduce((size, param) => size * cardinality(param), 1);
}

/** The index-th point of the cartesian product, first parameter varying slowest (like itertools.product). */
export function assignmentAt(space: SearchSpace, index: number): Assignment {
  const assignment: Assignment = {};
  let remainder = index;
  for (const param of [...space].reverse()) {
    const size = cardinality(param);
    assignment[param.name] = valueAt(param, remainder % size);
    remainder = Math.floor(remainder / size);
  }
  return reorderLike(space, assignment);
}

/** Keys in space order, so an assignment reads (and serialises) the way the space is written. */
function reorderLike(space: SearchSpace, assignment: Assignment): Assignment {
  return Object.fromEntries(space.map((param) => [param.name, assignment[param.name]]));
}
