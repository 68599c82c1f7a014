import { describe, it, expect } from '@jest/globals';
import { isWrittenAsInteger, parseKatibInteger, parseKatibNumber, toKatibNumber } from './katib-number.js';

describe('the Katib number grammar', () => {
  it.each([
    ['42', 42, 42],
    ['+42', 42, 42],
    ['-7', -7, -7],
    ['-0', -0, 0],
    ['1e3', 1000, undefined],
    ['2.5E-3', 0.0025, undefined],
    ['.5', 0.5, undefined],
    ['5.', 5, undefined],
    ['3.0', 3, undefined],
    [' 1', 1, 1],
    ['1\r\n', 1, 1],
    ['9007199254740991', 9007199254740991, 9007199254740991],
    ['9007199254740992', 9007199254740992, undefined],
    ['1e400', undefined, undefined],
    ['0x10', undefined, undefined],
    ['Infinity', undefined, undefined],
    ['-Infinity', undefined, undefined],
    ['NaN', undefined, undefined],
    ['', undefined, undefined],
    ['   ', undefined, undefined],
    ['1 000', undefined, undefined],
    ['1_000', undefined, undefined],
    ['.', undefined, undefined],
    ['e3', undefined, undefined],
    ['+', undefined, undefined],
    ['1.5abc', undefined, undefined],
    ['0b1', undefined, undefined],
  ])('reads %j as the number %p and the integer %p', (text, number, integer) => {
    expect(parseKatibNumber(text)).toBe(number);
    expect(parseKatibInteger(text)).toBe(integer);
  });

  it('tells an integer too large to hold from text that is no integer', () => {
    expect(isWrittenAsInteger('99999999999999999999')).toBe(true);
    expect(parseKatibInteger('99999999999999999999')).toBeUndefined();
    expect(isWrittenAsInteger(' -3 ')).toBe(true);
    expect(isWrittenAsInteger('1e3')).toBe(false);
    expect(isWrittenAsInteger('1.0')).toBe(false);
  });

  it('takes a number that is one already, or text in the grammar', () => {
    expect(toKatibNumber(0.25)).toBe(0.25);
    expect(toKatibNumber('0.25')).toBe(0.25);
    expect(toKatibNumber(' -1e-3 ')).toBe(-0.001);
    expect(toKatibNumber(Number.NaN)).toBeUndefined();
    expect(toKatibNumber(Infinity)).toBeUndefined();
    expect(toKatibNumber('Infinity')).toBeUndefined();
    expect(toKatibNumber('')).toBeUndefined();
    expect(toKatibNumber(null)).toBeUndefined();
    expect(toKatibNumber(true)).toBeUndefined();
  });
});
