import type { Assignment, SearchParameter, SearchSpace } from '../types.js';
import { cardinality, valueAt } from '../encoding/finite-values.js';
import { fromUnit, toUnit } from '../encoding/unit-interval.js';
import type { Point } from './kernel.js';

/**
 * The search space as the GP sees it: one coordinate per parameter in [0, 1],
 * through the shared encoding (log scale for log distributions, lattices for
 * ints and steps, equal shares for lists).
 *
 * Categorical parameters keep one coordinate holding their label's share
 * centre, compared by equality in the kernel, rather than a one-hot block:
 * one-hot adds a dimension (and a length scale to fit) per label, and its
 * relaxed points between corners mean nothing, while the index with a
 * Hamming kernel needs one length scale per parameter and never pretends
 * labels are ordered (Optuna's GPSampler makes the same choice).
 *
 * A parameter with at most MAX_ENUMERATED_CHOICES values is moved by trying
 * its values; a continuous one (or a lattice too large to list) by gradient
 * steps, snapped onto its lattice afterwards.
 */
export interface CubeDimension {
  readonly param: SearchParameter;
  readonly categorical: boolean;
  /** The unit coordinates of every value, for parameters searched by enumeration. */
  readonly choices?: readonly number[];
}

export interface UnitCube {
  readonly dimensions: readonly CubeDimension[];
  readonly categorical: readonly boolean[];
}

export const MAX_ENUMERATED_CHOICES = 64;

export function unitCubeOf(space: SearchSpace): UnitCube {
  const dimensions = space.map((param): CubeDimension => {
    const size = cardinality(param);
    const choices =
      size <= MAX_ENUMERATED_CHOICES
        ? Array.from({ length: size }, (_, index) => toUnit(param, valueAt(param, index)))
        : undefined;
    return { param, categorical: param.type === 'categorical', choices };
  });
  return { dimensions, categorical: dimensions.map((dimension) => dimension.categorical) };
}

export function encodeAssignment(cube: UnitCube, assignment: Assignment): Point {
  return Float64Array.from(cube.dimensions, ({ param }) => toUnit(param, assignment[param.name]));
}

export function decodePoint(cube: UnitCube, point: Point): Assignment {
  return Object.fromEntries(cube.dimensions.map(({ param }, d) => [param.name, fromUnit(param, point[d])]));
}

/** The point moved onto the nearest feasible one: lattices and lists snap, continuous coordinates clamp. */
export function snapPoint(cube: UnitCube, point: Point): Point {
  return Float64Array.from(cube.dimensions, ({ param }, d) => toUnit(param, fromUnit(param, point[d])));
}
