import { availableEarlyStoppingRules, findEarlyStoppingRule } from '../../../../algorithms/early-stopping/registry.js';
import type { ParsedAlgorithmSpec } from '../experiment.schema.js';
import type { FieldError } from '../field-error.js';
import { duplicateSettingErrors } from './setting-names.js';

/**
 * The early-stopping rule must be one this build runs; its settings are
 * checked by the rule itself, each error placed on the setting it concerns.
 */
export function earlyStoppingErrors({ algorithmName, algorithmSettings = [] }: ParsedAlgorithmSpec): FieldError[] {
  const rule = findEarlyStoppingRule(algorithmName);
  if (!rule) {
    return [
      {
        path: 'spec.earlyStopping.algorithmName',
        message: `unknown early stopping algorithm "${algorithmName}" (available: ${availableEarlyStoppingRules().join(', ')})`,
      },
    ];
  }
  const duplicates = duplicateSettingErrors('spec.earlyStopping', algorithmSettings);
  if (duplicates.length > 0) return duplicates;
  const settings = Object.fromEntries(algorithmSettings.map(({ name, value }) => [name, value]));
  return rule
    .validate(settings)
    .map((error) => ({ index: algorithmSettings.findIndex((setting) => setting.name === error.setting), error }))
    .sort((a, b) => a.index - b.index)
    .map(({ index, error }) => ({
      path: index === -1 ? 'spec.earlyStopping.algorithmSettings' : `spec.earlyStopping.algorithmSettings[${index}]`,
      message: error.message,
    }));
}
