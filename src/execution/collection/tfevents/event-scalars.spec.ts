import { describe, expect, it } from '@jest/globals';
import { scalarOfTensor, scalarsOfEvent } from './event-scalars.js';

describe('scalarOfTensor', () => {
  const double = (value: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleLE(value);
    return bytes;
  };

  it.each([
    ['a DT_FLOAT float_val', { dtype: 'DT_FLOAT', floatVal: [0.5] }, 0.5],
    ['a DT_DOUBLE double_val', { dtype: 'DT_DOUBLE', doubleVal: [0.1] }, 0.1],
    ['a DT_DOUBLE tensor_content', { dtype: 'DT_DOUBLE', tensorContent: double(0.1) }, 0.1],
    ['a DT_INT64 int64_val', { dtype: 'DT_INT64', int64Val: [42] }, 42],
    ['an empty shape message', { dtype: 'DT_FLOAT', tensorShape: {}, floatVal: [2] }, 2],
  ])('reads %s', (_, tensor, expected) => {
    expect(scalarOfTensor(tensor)).toBe(expected);
  });

  it.each([
    ['rank 1, one element (Katib would store "[0.5]")', { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: 1 }] }, floatVal: [0.5] }],
    ['a vector', { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: 3 }] }, floatVal: [1, 2, 3] }],
    ['an unknown rank', { dtype: 'DT_FLOAT', tensorShape: { unknownRank: true }, floatVal: [1] }],
    ['a string (a text summary)', { dtype: 'DT_STRING' }],
    ['tensor_content of the wrong size', { dtype: 'DT_DOUBLE', tensorContent: Buffer.alloc(4) }],
    ['no value at all', { dtype: 'DT_FLOAT' }],
  ])('has no scalar for %s', (_, tensor) => {
    expect(scalarOfTensor(tensor)).toBeUndefined();
  });
});

describe('scalarsOfEvent', () => {
  it('has none for an event without a summary (an empty record is an Event with no fields)', () => {
    expect(scalarsOfEvent(Buffer.alloc(0))).toEqual([]);
  });

  it('throws on bytes that are not a protobuf message', () => {
    expect(() => scalarsOfEvent(Buffer.from([0x2a, 0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow();
  });
});
