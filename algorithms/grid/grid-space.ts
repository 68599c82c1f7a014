import type { SearchSpace, SettingError } from '../types.js';
import { spaceSize } from '../encoding/finite-values.js';
import { parametersError } from '../encoding/validate-space.js';

/** More points than any experiment could run; usually a step typed one decimal too small. */
export const MAX_GRID_POINTS = 10_000_000;

/** A grid needs a finite lattice for every parameter, and not an absurd number of points. */
export function validateGridSpace(space: SearchSpace): SettingError[] {
  const missingSteps = space
    .filter((param) => param.type === 'double' && param.step === undefined)
    .map((param) => parametersError(`grid needs feasibleSpace.step for double parameter "${param.name}"`));
  if (missingSteps.length > 0) return missingSteps;
  const size = spaceSize(space);
  return size > MAX_GRID_POINTS
    ? [
        parametersError(
          `the grid has ${size} points, more than the limit of ${MAX_GRID_POINTS}; ` +
            'use a larger feasibleSpace.step or fewer values',
        ),
      ]
    : [];
}
