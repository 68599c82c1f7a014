import type { ParsedParameter } from '../experiment.schema.js';
import type { ExperimentSections } from '../parse-sections.js';
import { describeValue, got, type FieldError } from '../field-error.js';
import { parseKatibInteger, parseKatibNumber } from '../../../../algorithms/common/katib-number.js';
import { hasNulByte, NUL_BYTE_MESSAGE } from './process-strings.rules.js';

type Bound = 'min' | 'max' | 'step';
const BOUNDS: readonly Bound[] = ['min', 'max', 'step'];
/** Log scales need strictly positive values. */
const LOG_DISTRIBUTIONS = new Set(['logUniform', 'logNormal']);

export function parametersErrors({
  parameters,
  allParameters,
  nasConfig,
}: Pick<ExperimentSections, 'parameters' | 'allParameters' | 'nasConfig'>): FieldError[] {
  const errors: FieldError[] = [];
  if (nasConfig !== undefined) {
    errors.push({
      path: 'spec.nasConfig',
      message: 'neural architecture search is not supported; describe the search space in spec.parameters',
    });
  }
  if (allParameters?.length === 0) {
    errors.push({ path: 'spec.parameters', message: 'must list at least one parameter' });
  }
  const seenNames = new Set<string>();
  for (const { index, parameter } of parameters) {
    const path = `spec.parameters[${index}]`;
    if (seenNames.has(parameter.name)) {
      errors.push({ path: `${path}.name`, message: `duplicate parameter name "${parameter.name}"` });
    }
    seenNames.add(parameter.name);
    const isRange = parameter.parameterType === 'int' || parameter.parameterType === 'double';
    errors.push(...(isRange ? rangeErrors(path, parameter) : listErrors(path, parameter)));
  }
  return errors;
}

/** int and double: a numeric [min, max] with an optional positive step. */
function rangeErrors(path: string, { parameterType, feasibleSpace }: ParsedParameter): FieldError[] {
  const errors: FieldError[] = [];
  const spacePath = `${path}.feasibleSpace`;
  if (feasibleSpace.list !== undefined) {
    errors.push({
      path: `${spacePath}.list`,
      message: `is not allowed for parameterType ${parameterType}; give min and max`,
    });
  }
  const parse = parameterType === 'int' ? parseKatibInteger : parseKatibNumber;
  const kind = parameterType === 'int' ? 'an integer' : 'a number';
  const values: Partial<Record<Bound, number>> = {};
  for (const bound of BOUNDS) {
    const text = feasibleSpace[bound];
    if (text === undefined) {
      if (bound !== 'step') {
        errors.push({ path: `${spacePath}.${bound}`, message: `is required for parameterType ${parameterType}` });
      }
      continue;
    }
    values[bound] = parse(text);
    if (values[bound] === undefined) {
      errors.push({ path: `${spacePath}.${bound}`, message: `must be ${kind} ${got(text)}` });
    }
  }
  const { min, max, step } = values;
  if (min !== undefined && max !== undefined && max < min) {
    errors.push({
      path: `${spacePath}.max`,
      message: `must not be less than min ${describeValue(feasibleSpace.min)} ${got(feasibleSpace.max)}`,
    });
  }
  if (step !== undefined && step <= 0) {
    errors.push({ path: `${spacePath}.step`, message: `must be greater than 0 ${got(feasibleSpace.step)}` });
  }
  const distribution = feasibleSpace.distribution;
  if (distribution !== undefined && LOG_DISTRIBUTIONS.has(distribution) && min !== undefined && min <= 0) {
    errors.push({
      path: `${spacePath}.min`,
      message: `must be greater than 0 for distribution ${distribution} ${got(feasibleSpace.min)}`,
    });
  }
  return errors;
}

/** categorical and discrete: a non-empty list of distinct values, numbers for discrete. */
function listErrors(path: string, { parameterType, feasibleSpace }: ParsedParameter): FieldError[] {
  const errors: FieldError[] = [];
  const spacePath = `${path}.feasibleSpace`;
  for (const bound of BOUNDS) {
    if (feasibleSpace[bound] !== undefined) {
      errors.push({
        path: `${spacePath}.${bound}`,
        message: `is not allowed for parameterType ${parameterType}; give a list`,
      });
    }
  }
  const list = feasibleSpace.list;
  if (list === undefined || list.length === 0) {
    const problem = list === undefined ? 'is required' : 'must not be empty';
    errors.push({ path: `${spacePath}.list`, message: `${problem} for parameterType ${parameterType}` });
    return errors;
  }
  // Discrete values are numbers, so "0.10" and "0.1" are the same value.
  const seen = new Set<string | number>();
  list.forEach((text, i) => {
    const itemPath = `${spacePath}.list[${i}]`;
    // A categorical value reaches the trial's argv or environment as it is.
    if (hasNulByte(text)) {
      errors.push({ path: itemPath, message: NUL_BYTE_MESSAGE });
      return;
    }
    const value = parameterType === 'discrete' ? parseKatibNumber(text) : text;
    if (value === undefined) {
      errors.push({ path: itemPath, message: `must be a number for parameterType discrete ${got(text)}` });
      return;
    }
    if (seen.has(value)) errors.push({ path: itemPath, message: `duplicate value ${describeValue(text)}` });
    seen.add(value);
  });
  return errors;
}
