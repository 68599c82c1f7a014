import { invalidInput } from '../../common/domain-error.js';

/** The fields a budget edit may change, as Katib's validating webhook allows; null removes a limit. */
export interface BudgetPatch {
  maxTrialCount?: number | null;
  parallelTrialCount?: number;
  maxFailedTrialCount?: number | null;
}

const EDITABLE = ['maxTrialCount', 'parallelTrialCount', 'maxFailedTrialCount'] as const;
const REMOVABLE = new Set<string>(['maxTrialCount', 'maxFailedTrialCount']);
const PATCH_TYPES = ['application/merge-patch+json', 'application/json'];

/**
 * Reads a JSON merge patch (RFC 7396) of an experiment's budget, e.g.
 * `{"spec": {"maxTrialCount": 20}}`. Anything else it touches is refused by
 * field path: only these three fields are editable, as in Katib.
 */
export function parseBudgetPatch(body: string, contentType: string | undefined): BudgetPatch {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!PATCH_TYPES.includes(type)) {
    throw invalidInput(`a budget edit is a JSON merge patch: send Content-Type application/merge-patch+json (got ${type || 'none'})`);
  }
  let patch: unknown;
  try {
    patch = JSON.parse(body);
  } catch (error) {
    throw invalidInput(`the patch is not JSON: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(patch)) throw invalidInput('the patch must be a JSON object such as {"spec": {"maxTrialCount": 20}}');
  for (const key of Object.keys(patch)) if (key !== 'spec') problems.push(`${key}: is not editable: only spec.${EDITABLE.join(', spec.')} are`);
  const spec = patch.spec;
  const result: BudgetPatch = {};
  if (spec !== undefined && !isObject(spec)) problems.push('spec: must be an object');
  if (isObject(spec)) {
    for (const [key, value] of Object.entries(spec)) {
      const path = `spec.${key}`;
      if (!(EDITABLE as readonly string[]).includes(key)) {
        problems.push(`${path}: is not editable: only spec.${EDITABLE.join(', spec.')} are`);
      } else if (value === null && REMOVABLE.has(key)) {
        (result as Record<string, unknown>)[key] = null;
      } else if (typeof value !== 'number' || !Number.isInteger(value)) {
        problems.push(`${path}: must be an integer${REMOVABLE.has(key) ? ' (or null for no limit)' : ''} (got ${JSON.stringify(value)})`);
      } else {
        (result as Record<string, unknown>)[key] = value;
      }
    }
  }
  if (problems.length === 0 && Object.keys(result).length === 0) problems.push(`spec: the patch changes nothing: give spec.${EDITABLE.join(', spec.')}`);
  if (problems.length > 0) throw invalidInput(problems.join('; '), problems);
  return result;
}
