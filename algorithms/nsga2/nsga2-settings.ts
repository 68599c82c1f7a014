import { choiceSetting } from '../common/choice-setting.js';
import { numericSetting } from '../common/numeric-setting.js';
import { RANDOM_STATE } from '../common/random-state.js';
import { readSettings, type SettingsReading } from '../common/settings-reader.js';
import type { AlgorithmSettings } from '../types.js';

/** Named as Optuna's NSGAIISampler names them; defaults are Optuna 3.1's. */
export const POPULATION_SIZE = numericSetting('population_size', { kind: 'integer', min: { atLeast: 2 }, max: { atMost: 10_000 }, default: 50 });
/** Unset: 1 / (number of parameters), as in Optuna. */
export const MUTATION_PROB = numericSetting('mutation_prob', { kind: 'number', min: { atLeast: 0 }, max: { atMost: 1 } });
export const CROSSOVER = choiceSetting('crossover', ['uniform', 'sbx'] as const, 'uniform');
export const CROSSOVER_PROB = numericSetting('crossover_prob', { kind: 'number', min: { atLeast: 0 }, max: { atMost: 1 }, default: 0.9 });
export const SWAPPING_PROB = numericSetting('swapping_prob', { kind: 'number', min: { atLeast: 0 }, max: { atMost: 1 }, default: 0.5 });

export interface Nsga2Settings {
  populationSize: number;
  mutationProb: number;
  crossover: 'uniform' | 'sbx';
  crossoverProb: number;
  swappingProb: number;
}

export function readNsga2Settings(settings: AlgorithmSettings): SettingsReading {
  return readSettings(settings, {
    owner: 'nsga2',
    settings: [POPULATION_SIZE, MUTATION_PROB, CROSSOVER, CROSSOVER_PROB, SWAPPING_PROB, RANDOM_STATE],
  });
}

export function nsga2Settings(reading: SettingsReading, parameterCount: number): Nsga2Settings {
  return {
    populationSize: reading.value(POPULATION_SIZE),
    mutationProb: reading.value(MUTATION_PROB) ?? 1 / Math.max(1, parameterCount),
    crossover: reading.value(CROSSOVER),
    crossoverProb: reading.value(CROSSOVER_PROB),
    swappingProb: reading.value(SWAPPING_PROB),
  };
}
