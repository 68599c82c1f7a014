import type { ParsedAlgorithmSpec } from '../experiment.schema.js';
import { got, type FieldError } from '../field-error.js';
import { parseKatibInteger } from '../katib-numbers.js';
import { duplicateSettingErrors } from './setting-names.js';

/**
 * Early stopping is stored now and applied by a later feature; Katib's one
 * rule, medianstop, is accepted with its two settings, both positive integers.
 */
const EARLY_STOPPING_SETTINGS: ReadonlyMap<string, readonly string[]> = new Map([
  ['medianstop', ['min_trials_required', 'start_step']],
]);

export function earlyStoppingErrors({ algorithmName, algorithmSettings = [] }: ParsedAlgorithmSpec): FieldError[] {
  const knownSettings = EARLY_STOPPING_SETTINGS.get(algorithmName);
  if (!knownSettings) {
    const available = [...EARLY_STOPPING_SETTINGS.keys()].join(', ');
    return [
      {
        path: 'spec.earlyStopping.algorithmName',
        message: `unknown early stopping algorithm "${algorithmName}" (available: ${available})`,
      },
    ];
  }
  const errors = duplicateSettingErrors('spec.earlyStopping', algorithmSettings);
  algorithmSettings.forEach(({ name, value }, i) => {
    const path = `spec.earlyStopping.algorithmSettings[${i}]`;
    if (!knownSettings.includes(name)) {
      errors.push({
        path: `${path}.name`,
        message: `unknown setting "${name}" for ${algorithmName} (known: ${knownSettings.join(', ')})`,
      });
    } else if ((parseKatibInteger(value) ?? 0) < 1) {
      errors.push({ path: `${path}.value`, message: `must be a positive integer ${got(value)}` });
    }
  });
  return errors;
}
