import { parseKatibInteger } from './katib-number.js';
import { numericSetting } from './numeric-setting.js';

/**
 * Katib's random_state, taken by every seeded algorithm. The service turns it
 * into the experiment's `seed` (seedFromRandomState); algorithms only check
 * it, so a bad value is refused before the experiment starts. Both sides read
 * it with the same integer grammar, so whatever validation accepts ("+42",
 * " 7") is also what seeds the run.
 */
export const RANDOM_STATE_SETTING = 'random_state';

export const RANDOM_STATE = numericSetting(RANDOM_STATE_SETTING, { kind: 'integer' });

/**
 * The seed a valid random_state stands for, or undefined when there is none
 * (or it is not an integer). The integer is taken modulo 2^32, the seeds'
 * range: -1 is 4294967295, as the service always did.
 */
export function seedFromRandomState(randomState: string | undefined): number | undefined {
  const integer = randomState === undefined ? undefined : parseKatibInteger(randomState);
  return integer === undefined ? undefined : integer >>> 0;
}
