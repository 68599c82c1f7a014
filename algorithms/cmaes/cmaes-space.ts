import type {
  Assignment,
  CategoricalParameter,
  DiscreteParameter,
  RangeParameter,
  SearchSpace,
  SettingError,
} from '../types.js';
import type { RandomSource } from '../common/prng.js';
import { fromUnit, toUnit } from '../encoding/unit-interval.js';
import { parametersError } from '../encoding/validate-space.js';
import { MAX_SOBOL_DIMENSIONS } from '../sobol/direction-numbers.js';

/**
 * CMA-ES searches the int and double parameters, each scaled to [0, 1] by the
 * shared encoding (log ranges in log scale, integers and steps rounded on the
 * way out). Lists (discrete and categorical) have no geometry it could use:
 * like Katib's goptuna and Optuna, it draws them independently and uniformly.
 */
export interface CmaesSpace {
  readonly space: SearchSpace;
  /** The int and double parameters, in the order of the CMA-ES vector. */
  readonly searched: readonly RangeParameter[];
  readonly independent: readonly (DiscreteParameter | CategoricalParameter)[];
}

// Katib refuses cmaes with fewer ("CMA-ES only supports two or more
// dimensional continuous search space"), and the cmaes library behind Optuna
// needs two dimensions as well.
export const MIN_SEARCHED_PARAMETERS = 2;

export function splitSpace(space: SearchSpace): CmaesSpace {
  return {
    space,
    searched: space.filter((param): param is RangeParameter => param.type === 'int' || param.type === 'double'),
    independent: space.filter(
      (param): param is DiscreteParameter | CategoricalParameter =>
        param.type === 'discrete' || param.type === 'categorical',
    ),
  };
}

export function searchedParameterErrors(space: SearchSpace): SettingError[] {
  const { searched } = splitSpace(space);
  // Each generation's steps are points of a Sobol sequence over the searched
  // dimensions (member-draws.ts); beyond its table the suggest would throw on
  // every reconcile, so such a space is refused at submission instead.
  if (searched.length > MAX_SOBOL_DIMENSIONS) {
    return [
      parametersError(
        `the cmaes algorithm searches at most ${MAX_SOBOL_DIMENSIONS} int or double parameters, this space has ${searched.length}`,
      ),
    ];
  }
  if (searched.length >= MIN_SEARCHED_PARAMETERS) return [];
  const found = searched.length === 0 ? 'it has none' : `it has only "${searched[0].name}"`;
  return [
    parametersError(
      `the cmaes algorithm needs at least ${MIN_SEARCHED_PARAMETERS} int or double parameters to search, ` +
        `${found}; discrete and categorical parameters are drawn at random beside them`,
    ),
  ];
}

/** The assignment of a point of the unit cube, with a uniform draw for each list parameter; keys in space order. */
export function decodePoint(cmaesSpace: CmaesSpace, x: readonly number[], random: RandomSource): Assignment {
  const values = new Map<string, number | string>();
  cmaesSpace.searched.forEach((param, i) => values.set(param.name, fromUnit(param, x[i])));
  for (const param of cmaesSpace.independent) values.set(param.name, param.values[random.integer(param.values.length)]);
  return Object.fromEntries(cmaesSpace.space.map((param) => [param.name, values.get(param.name)!]));
}

/** The point of the unit cube an assignment's int and double values encode. */
export function encodeAssignment(cmaesSpace: CmaesSpace, assignment: Assignment): number[] {
  return cmaesSpace.searched.map((param) => toUnit(param, assignment[param.name]));
}
