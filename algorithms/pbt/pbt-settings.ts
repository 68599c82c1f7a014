import type { AlgorithmSettings, SettingError } from '../types.js';
import { numericSetting } from '../common/numeric-setting.js';
import { readSettings, readSettingsOrThrow, type Setting, type SettingsDeclaration } from '../common/settings-reader.js';

/** Katib's floor (ValidateAlgorithmSettings): fewer members leave nothing to truncate. */
export const MIN_POPULATION = 5;

/** The algorithmSettings key whose value is the checkpoint directory a trial sees (Katib's SuggestionVolumeMountKey). */
export const CHECKPOINT_DIR_SETTING = 'suggestion_trial_dir';

export interface PbtSettings {
  /** Where the trial's own checkpoint directory appears to it (a container path). */
  checkpointDir: string;
  populationSize: number;
  /** Fraction of a generation at each end: the bottom ones exploit, the top ones are copied. */
  truncationThreshold: number;
  /** Undefined: explore perturbs each value by 0.8 or 1.2. A number: each value is redrawn with this probability. */
  resampleProbability: number | undefined;
}

/**
 * The path the trial template names as its checkpoint directory. Katib mounts
 * a volume there, so it must be an absolute container path, and not `/`
 * (a mount over the root would hide the image).
 */
const CHECKPOINT_DIR: Setting<string> = {
  name: CHECKPOINT_DIR_SETTING,
  read: (text) => {
    if (text === undefined || text.trim() === '') return { problem: 'must be set to the directory the trial reads and writes its checkpoint in' };
    if (!text.startsWith('/')) return { problem: `must be an absolute path, got "${text}"` };
    if (/^\/+$/.test(text)) return { problem: 'must not be the root directory "/"' };
    if (text.split('/').includes('..')) return { problem: `must not contain "..", got "${text}"` };
    return { value: text };
  },
};
const POPULATION = numericSetting('n_population', { kind: 'integer', required: true, min: { atLeast: MIN_POPULATION } });
const TRUNCATION = numericSetting('truncation_threshold', {
  kind: 'number',
  required: true,
  min: { atLeast: 0 },
  max: { atMost: 1 },
});
const RESAMPLE = numericSetting('resample_probability', { kind: 'number', min: { atLeast: 0 }, max: { atMost: 1 } });

/** Katib's pbt settings; the first three are required, as Katib requires them. */
const DECLARATION: SettingsDeclaration = { owner: 'pbt', settings: [CHECKPOINT_DIR, POPULATION, TRUNCATION, RESAMPLE] };

export function validatePbtSettings(settings: AlgorithmSettings): SettingError[] {
  return readSettings(settings, DECLARATION).errors;
}

/** The settings as used; throws on settings validatePbtSettings refuses. */
export function readPbtSettings(settings: AlgorithmSettings): PbtSettings {
  const values = readSettingsOrThrow(settings, DECLARATION);
  return {
    checkpointDir: values.value(CHECKPOINT_DIR),
    populationSize: values.value(POPULATION),
    truncationThreshold: values.value(TRUNCATION),
    resampleProbability: values.value(RESAMPLE),
  };
}
