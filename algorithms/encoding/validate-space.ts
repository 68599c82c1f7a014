import type { RangeParameter, SearchParameter, SearchSpace, SettingError } from '../types.js';
import { usesLogScale } from './scale.js';

/**
 * Problems that make a space unsearchable by any algorithm. Errors concern the
 * `parameters` of the spec and name the parameter and its feasibleSpace field.
 */
export function validateSpace(space: SearchSpace): SettingError[] {
  if (space.length === 0) return [parametersError('the search space has no parameters')];
  return [...duplicateNameErrors(space), ...space.flatMap(parameterErrors)];
}

export function parametersError(message: string): SettingError {
  return { setting: 'parameters', message };
}

function duplicateNameErrors(space: SearchSpace): SettingError[] {
  const names = space.map((param) => param.name);
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))].map((name) =>
    parametersError(`parameter "${name}" is defined more than once`),
  );
}

function parameterErrors(param: SearchParameter): SettingError[] {
  const problems =
    param.type === 'categorical' || param.type === 'discrete' ? listProblems(param.values) : rangeProblems(param);
  return problems.map((problem) => parametersError(`parameter "${param.name}": ${problem}`));
}

function listProblems(values: readonly (number | string)[]): string[] {
  if (values.length === 0) return ['feasibleSpace.list is empty'];
  const problems: string[] = [];
  if (values.some((value) => typeof value === 'number' && !Number.isFinite(value))) {
    problems.push('feasibleSpace.list must hold finite numbers');
  }
  if (new Set(values).size !== values.length) problems.push('feasibleSpace.list has duplicate values');
  return problems;
}

function rangeProblems(param: RangeParameter): string[] {
  const { min, max, step } = param;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return ['feasibleSpace.min and max must be finite numbers'];
  const problems: string[] = [];
  if (min > max) problems.push(`feasibleSpace.min (${min}) is greater than max (${max})`);
  if (step !== undefined && !(Number.isFinite(step) && step > 0)) {
    problems.push(`feasibleSpace.step must be a positive number, got ${step}`);
  }
  if (param.type === 'int' && ![min, max, step ?? 1].every(Number.isInteger)) {
    problems.push('feasibleSpace.min, max and step of an int parameter must be integers');
  }
  if (usesLogScale(param) && min <= 0) {
    problems.push(`${param.distribution} needs feasibleSpace.min > 0, got ${min}`);
  }
  return problems;
}
