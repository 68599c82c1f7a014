import { isWrittenAsInteger, parseKatibInteger, parseKatibNumber } from './katib-number.js';
import type { Setting, SettingReading } from './settings-reader.js';

export type LowerBound = { readonly atLeast: number } | { readonly above: number };
export type UpperBound = { readonly atMost: number } | { readonly below: number };

export interface NumericRule {
  /** 'integer': an optional sign and digits only, within ±(2^53 - 1) (./katib-number.ts). */
  readonly kind: 'number' | 'integer';
  readonly min?: LowerBound;
  readonly max?: UpperBound;
  /** The allowed range as refusals say it ("between 1 and 10000"), where the bounds' own wording would not do. */
  readonly rangeInWords?: string;
  /**
   * Whether text that is no number at all is told the range too ("must be a
   * number greater than 0, got "ten"") instead of only "must be a number".
   * Both wordings are in use, and users' tooling may match on them.
   */
  readonly malformedToldRange?: boolean;
}

/** Integers a double holds exactly; larger ones would be read as some other integer. */
const SAFE_RANGE = 'between -(2^53 - 1) and 2^53 - 1';

/**
 * A number or integer setting in the Katib number grammar: with a default, or
 * required ('must be set' when absent), or optional (undefined when absent).
 */
export function numericSetting(name: string, rule: NumericRule & { readonly default: number }): Setting<number>;
export function numericSetting(name: string, rule: NumericRule & { readonly required: true }): Setting<number>;
export function numericSetting(name: string, rule: NumericRule): Setting<number | undefined>;
export function numericSetting(
  name: string,
  rule: NumericRule & { readonly default?: number; readonly required?: true },
): Setting<number | undefined> {
  return {
    name,
    read: (text) => {
      if (text !== undefined) return readNumeric(text, rule);
      return rule.required ? { problem: 'must be set' } : { value: rule.default };
    },
  };
}

function readNumeric(text: string, rule: NumericRule): SettingReading<number> {
  const kind = rule.kind === 'integer' ? 'an integer' : 'a number';
  const range = rule.rangeInWords ?? rangeOf(rule);
  const requirement = range === undefined ? kind : `${kind} ${range}`;
  const value = rule.kind === 'integer' ? parseKatibInteger(text) : parseKatibNumber(text);
  if (value === undefined) {
    if (rule.kind === 'integer' && isWrittenAsInteger(text)) {
      return { problem: `must be an integer ${SAFE_RANGE}, got "${text}"` };
    }
    return { problem: `must be ${rule.malformedToldRange ? requirement : kind}, got "${text}"` };
  }
  if (!withinBounds(value, rule)) return { problem: `must be ${requirement}, got "${text}"` };
  return { value };
}

function withinBounds(value: number, { min, max }: NumericRule): boolean {
  const aboveMin = min === undefined || ('atLeast' in min ? value >= min.atLeast : value > min.above);
  const belowMax = max === undefined || ('atMost' in max ? value <= max.atMost : value < max.below);
  return aboveMin && belowMax;
}

function rangeOf({ min, max }: NumericRule): string | undefined {
  if (min && max && 'atLeast' in min && 'atMost' in max) return `from ${min.atLeast} to ${max.atMost}`;
  if (min && max && 'above' in min && 'below' in max) return `between ${min.above} and ${max.below} (exclusive)`;
  const lower = min && ('atLeast' in min ? `at least ${min.atLeast}` : `greater than ${min.above}`);
  const upper = max && ('atMost' in max ? `at most ${max.atMost}` : `less than ${max.below}`);
  const words = [lower, upper].filter((part) => part !== undefined);
  return words.length === 0 ? undefined : words.join(' and ');
}
