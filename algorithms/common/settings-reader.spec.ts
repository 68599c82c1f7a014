import { describe, it, expect } from '@jest/globals';
import { choiceSetting } from './choice-setting.js';
import { numericSetting } from './numeric-setting.js';
import { readSettings, readSettingsOrThrow, type SettingsDeclaration } from './settings-reader.js';

const RATE = numericSetting('rate', { kind: 'number', default: 0.5, min: { above: 0 }, max: { below: 1 } });
const COUNT = numericSetting('count', { kind: 'integer', default: 3, min: { atLeast: 1 } });
const BUDGET = numericSetting('budget', {
  kind: 'number',
  required: true,
  min: { above: 0 },
  malformedToldRange: true,
});
const MODE = choiceSetting('mode', ['fast', 'slow'] as const, 'fast');
const DECLARATION: SettingsDeclaration = { owner: 'example', settings: [RATE, COUNT, BUDGET, MODE] };

describe('readSettings', () => {
  it('fills in defaults and reads given values, blanks around them ignored', () => {
    const reading = readSettings({ budget: '10', count: ' +4 ', mode: 'slow ' }, DECLARATION);
    expect(reading.errors).toEqual([]);
    expect([reading.value(RATE), reading.value(COUNT), reading.value(BUDGET), reading.value(MODE)]).toEqual([
      0.5, 4, 10, 'slow',
    ]);
  });

  it('reports unknown settings first, then each problem in declaration order, by name', () => {
    expect(readSettings({ mode: 'medium', rate: '1', count: '0x1', speed: '2' }, DECLARATION).errors).toEqual([
      { setting: 'speed', message: 'unknown setting for the example algorithm; it accepts: rate, count, budget, mode' },
      { setting: 'rate', message: 'must be a number between 0 and 1 (exclusive), got "1"' },
      { setting: 'count', message: 'must be an integer, got "0x1"' },
      { setting: 'budget', message: 'must be set' },
      { setting: 'mode', message: 'must be one of fast, slow, got "medium"' },
    ]);
  });

  it('lists the accepted names in the order the owner gives', () => {
    const declaration = { ...DECLARATION, accepted: ['mode', 'budget', 'count', 'rate'] };
    expect(readSettings({ budget: '1', x: '1' }, declaration).errors).toEqual([
      { setting: 'x', message: 'unknown setting for the example algorithm; it accepts: mode, budget, count, rate' },
    ]);
  });

  it('gives no value for a setting it refused or was not declared', () => {
    const reading = readSettings({ count: '0', budget: '1' }, DECLARATION);
    expect(() => reading.value(COUNT)).toThrow('example setting count has no value');
    expect(() => reading.value(numericSetting('other', { kind: 'number', default: 1 }))).toThrow('has no value');
  });
});

describe('readSettingsOrThrow', () => {
  it('gives the values of valid settings', () => {
    expect(readSettingsOrThrow({ budget: '2' }, DECLARATION).value(BUDGET)).toBe(2);
  });

  it('refuses settings that validation refuses, saying every problem', () => {
    expect(() => readSettingsOrThrow({ budget: '0', count: '0' }, DECLARATION)).toThrow(
      new RangeError(
        'invalid example settings: count: must be an integer at least 1, got "0"; ' +
          'budget: must be a number greater than 0, got "0"',
      ),
    );
  });
});

describe('numericSetting', () => {
  const problemOf = (setting: ReturnType<typeof numericSetting>, text: string) => {
    const reading = setting.read(text);
    return 'problem' in reading ? reading.problem : undefined;
  };

  it('words the range from the bounds', () => {
    const cases: [Parameters<typeof numericSetting>[1], string][] = [
      [{ kind: 'number', min: { above: 0 } }, 'a number greater than 0'],
      [{ kind: 'number', min: { atLeast: 0 } }, 'a number at least 0'],
      [{ kind: 'number', max: { below: -2 } }, 'a number less than -2'],
      [{ kind: 'integer', min: { atLeast: 0 }, max: { atMost: 9 } }, 'an integer from 0 to 9'],
      [{ kind: 'number', min: { above: 0 }, max: { below: 1 } }, 'a number between 0 and 1 (exclusive)'],
      [{ kind: 'number', min: { above: 0 }, max: { atMost: 1 } }, 'a number greater than 0 and at most 1'],
      [{ kind: 'integer', min: { atLeast: 0 }, rangeInWords: 'of at least 0' }, 'an integer of at least 0'],
    ];
    for (const [rule, requirement] of cases) {
      expect(problemOf(numericSetting('x', rule), '-1')).toBe(`must be ${requirement}, got "-1"`);
    }
  });

  it('tells malformed text only the kind, unless told to say the range too', () => {
    const rule = { kind: 'number', min: { above: 0 } } as const;
    expect(problemOf(numericSetting('x', rule), 'Infinity')).toBe('must be a number, got "Infinity"');
    expect(problemOf(numericSetting('x', { ...rule, malformedToldRange: true }), 'ten')).toBe(
      'must be a number greater than 0, got "ten"',
    );
  });

  it('refuses an integer beyond the safe range as such, whatever the declared range', () => {
    const setting = numericSetting('x', { kind: 'integer', min: { atLeast: 1 } });
    expect(problemOf(setting, '99999999999999999999')).toBe(
      'must be an integer between -(2^53 - 1) and 2^53 - 1, got "99999999999999999999"',
    );
    expect(problemOf(setting, '1e3')).toBe('must be an integer, got "1e3"');
  });

  it('quotes the text as given, blanks and all', () => {
    expect(problemOf(numericSetting('x', { kind: 'integer' }), ' 1.5 ')).toBe('must be an integer, got " 1.5 "');
  });

  it('is undefined when optional and absent', () => {
    expect(numericSetting('x', { kind: 'integer' }).read(undefined)).toEqual({ value: undefined });
  });
});
