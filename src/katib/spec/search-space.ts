import type { SearchParameter, SearchSpace } from '../../../algorithms/types.js';
import type { ParameterSpec } from '../../domain/experiment-spec.js';

/**
 * Katib's string-typed parameters to the algorithms' numeric SearchSpace. The
 * spec must already be validated: this is the one place the strings become
 * numbers, and it does not re-check them.
 */
export function toSearchSpace(parameters: readonly ParameterSpec[]): SearchSpace {
  return parameters.map(toSearchParameter);
}

function toSearchParameter({ name, parameterType, feasibleSpace }: ParameterSpec): SearchParameter {
  const list = feasibleSpace.list ?? [];
  switch (parameterType) {
    case 'categorical':
      return { name, type: 'categorical', values: [...list] };
    case 'discrete':
      return { name, type: 'discrete', values: list.map(Number).sort((a, b) => a - b) };
    case 'int':
    case 'double':
      return {
        name,
        type: parameterType,
        min: Number(feasibleSpace.min),
        max: Number(feasibleSpace.max),
        ...(feasibleSpace.step === undefined ? {} : { step: Number(feasibleSpace.step) }),
        distribution: feasibleSpace.distribution ?? 'uniform',
      };
  }
}
