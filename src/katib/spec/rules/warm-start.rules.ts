import { whyOutsideSpace } from '../../../../algorithms/encoding/feasible-value.js';
import { parseKatibNumber } from '../../../../algorithms/common/katib-number.js';
import type { SearchParameter } from '../../../../algorithms/types.js';
import type { ParameterSpec } from '../../../domain/experiment-spec.js';
import type { ParsedTrialBudget, ParsedWarmStart } from '../experiment.schema.js';
import { fieldPath, type FieldError } from '../field-error.js';
import { toSearchSpace } from '../search-space.js';

/**
 * Algorithms that cannot take trials they did not breed: PBT's population
 * is indexed by history and continues each member's checkpoint, which an
 * earlier experiment's trial does not have in this one.
 */
const NO_PRIOR_HISTORY = new Set(['pbt']);

/**
 * What can be checked of a warm start within the manifest: the prior
 * experiments listed once each, and every point to evaluate a complete
 * assignment inside the search space that the budget leaves room to run.
 * Whether the prior experiments exist and fit is checked against storage
 * at submission (prior-experiments.rules.ts). `validParameters` is given
 * only when every parameter passed its own rules.
 */
export function warmStartErrors(
  warmStart: ParsedWarmStart,
  validParameters: readonly ParameterSpec[] | undefined,
  budget: ParsedTrialBudget | undefined,
  algorithmName: string | undefined,
): FieldError[] {
  const { priorExperiments = [], pointsToEvaluate = [] } = warmStart;
  const errors: FieldError[] = [];
  if (priorExperiments.length > 0 && algorithmName !== undefined && NO_PRIOR_HISTORY.has(algorithmName)) {
    errors.push({
      path: 'spec.priorExperiments',
      message: `algorithm "${algorithmName}" cannot start from prior trials: it continues its own population's checkpoints`,
    });
  }
  const seen = new Set<string>();
  priorExperiments.forEach(({ name, namespace }, i) => {
    const id = `${namespace ?? ''}/${name}`;
    if (seen.has(id)) errors.push({ path: `spec.priorExperiments[${i}]`, message: `names experiment "${name}" a second time` });
    seen.add(id);
  });

  const maxTrialCount = budget?.maxTrialCount;
  if (maxTrialCount !== undefined && maxTrialCount >= 0 && pointsToEvaluate.length > maxTrialCount) {
    errors.push({
      path: 'spec.pointsToEvaluate',
      message: `lists ${pointsToEvaluate.length} points but maxTrialCount is ${maxTrialCount}: the last ${pointsToEvaluate.length - maxTrialCount} would never run`,
    });
  }
  if (validParameters === undefined) return errors;
  const space = toSearchSpace(validParameters);
  pointsToEvaluate.forEach((point, i) => errors.push(...pointErrors(['spec', 'pointsToEvaluate', i], point, space)));
  return errors;
}

function pointErrors(path: readonly (string | number)[], point: Record<string, string>, space: readonly SearchParameter[]): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set(space.map((parameter) => parameter.name));
  for (const key of Object.keys(point)) {
    if (!names.has(key)) errors.push({ path: fieldPath([...path, key]), message: `is not a parameter (parameters: ${[...names].join(', ')})` });
  }
  for (const parameter of space) {
    // Own keys only: a parameter named "constructor" must not find Object's.
    const text = Object.hasOwn(point, parameter.name) ? point[parameter.name] : undefined;
    if (text === undefined) {
      errors.push({ path: fieldPath([...path, parameter.name]), message: 'is required: a point gives every parameter its value' });
      continue;
    }
    const outside = whyOutsideSpace(parameter, parameter.type === 'categorical' ? text : text.trim());
    if (outside) {
      // Numbers as written, anything else quoted: 0.5 is above max 0.1, "fast" is not a number.
      const shown = parameter.type !== 'categorical' && parseKatibNumber(text) !== undefined ? text.trim() : JSON.stringify(text);
      errors.push({ path: fieldPath([...path, parameter.name]), message: `${shown} ${outside}` });
    }
  }
  return errors;
}
