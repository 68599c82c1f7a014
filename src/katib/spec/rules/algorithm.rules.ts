import { AUTO_ALGORITHM, validateAutoSettings } from '../../../../algorithms/auto/choose-algorithm.js';
import type { SearchAlgorithm, SettingError } from '../../../../algorithms/types.js';
import type { ParameterSpec } from '../../../domain/experiment-spec.js';
import type { AlgorithmCatalog } from '../algorithm-catalog.js';
import type { ParsedAlgorithmSpec } from '../experiment.schema.js';
import type { FieldError } from '../field-error.js';
import { toSearchSpace } from '../search-space.js';
import { duplicateSettingErrors } from './setting-names.js';

/**
 * The algorithm must be one this build runs; its settings are then checked by
 * the algorithm itself against the search space. `validParameters` is given
 * only when every parameter passed its own rules, since only then can the
 * space be built.
 */
export function algorithmErrors(
  algorithm: ParsedAlgorithmSpec,
  validParameters: readonly ParameterSpec[] | undefined,
  catalog: AlgorithmCatalog,
  objectiveCount = 1,
): FieldError[] {
  const { algorithmName, algorithmSettings = [] } = algorithm;
  const auto = algorithmName === AUTO_ALGORITHM && catalog.available().includes(AUTO_ALGORITHM);
  // auto chooses only algorithms that accept the space and the objectives (algorithms/auto), so only its own settings are checked.
  const searchAlgorithm: Pick<SearchAlgorithm, 'validate' | 'multiObjective'> | undefined = auto
    ? { multiObjective: true, validate: (settings) => validateAutoSettings(settings) }
    : catalog.find(algorithmName);
  if (!searchAlgorithm) {
    const available = `(available: ${[...catalog.available()].sort().join(', ') || 'none'})`;
    const problem = catalog.planned.includes(algorithmName)
      ? `algorithm "${algorithmName}" is not supported yet ${available}`
      : `unknown algorithm "${algorithmName}" ${available}`;
    return [{ path: 'spec.algorithm.algorithmName', message: problem }];
  }
  if (objectiveCount > 1 && !searchAlgorithm.multiObjective) {
    const able = [...catalog.available()].filter((name) => name === AUTO_ALGORITHM || catalog.find(name)?.multiObjective).sort().join(', ') || 'none';
    return [
      {
        path: 'spec.algorithm.algorithmName',
        message: `algorithm "${algorithmName}" optimises one objective but spec.objective.additionalObjectives lists more (algorithms for several: ${able})`,
      },
    ];
  }
  const duplicates = duplicateSettingErrors('spec.algorithm', algorithmSettings);
  if (duplicates.length > 0 || validParameters === undefined) return duplicates;

  const settings = Object.fromEntries(algorithmSettings.map(({ name, value }) => [name, value]));
  const settingErrors = searchAlgorithm.validate(settings, toSearchSpace(validParameters));
  return settingErrors.map((error) => ({ path: settingPath(error, algorithmSettings), message: error.message }));
}

function settingPath({ setting }: SettingError, settings: ParsedAlgorithmSpec['algorithmSettings'] = []): string {
  if (setting === 'parameters') return 'spec.parameters';
  const index = settings.findIndex(({ name }) => name === setting);
  // A setting the algorithm requires but the spec lacks has no entry of its own.
  return index === -1 ? 'spec.algorithm.algorithmSettings' : `spec.algorithm.algorithmSettings[${index}]`;
}
