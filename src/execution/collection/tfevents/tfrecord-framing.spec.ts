import { describe, expect, it } from '@jest/globals';
import { maskedCrc32c, splitTfRecords } from './tfrecord-framing.js';

/** Frames one record as TensorFlow's record_writer.cc does. */
function frame(data: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header.writeBigUInt64LE(BigInt(data.length));
  header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
  const footer = Buffer.alloc(4);
  footer.writeUInt32LE(maskedCrc32c(data));
  return Buffer.concat([header, data, footer]);
}

describe('splitTfRecords', () => {
  it('masks CRC-32C as TensorFlow does', () => {
    // crc32c("123456789") is the standard check value 0xe3069283; masked: rotate right 15, add 0xa282ead8.
    const crc = 0xe3069283;
    expect(maskedCrc32c(Buffer.from('123456789'))).toBe((((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0);
    // The empty string's CRC-32C is 0, so its mask is the constant alone.
    expect(maskedCrc32c(Buffer.alloc(0))).toBe(0xa282ead8);
  });

  it('reads consecutive records and says where it stopped', () => {
    const file = Buffer.concat([frame(Buffer.from('first')), frame(Buffer.from('')), frame(Buffer.from('third'))]);
    const framed = splitTfRecords(file);
    expect(framed.records.map((r) => r.data.toString())).toEqual(['first', '', 'third']);
    expect(framed.records.map((r) => r.offset)).toEqual([0, 21, 37]);
    expect(framed.consumed).toBe(file.length);
    expect(framed.problems).toEqual([]);
  });

  it('leaves a record cut anywhere unconsumed, and reads it whole once the rest arrives', () => {
    const first = frame(Buffer.from('complete'));
    const second = frame(Buffer.from('written in two parts'));
    for (let cut = 0; cut < second.length; cut += 1) {
      const framed = splitTfRecords(Buffer.concat([first, second.subarray(0, cut)]));
      expect(framed.records.map((r) => r.data.toString())).toEqual(['complete']);
      expect(framed.consumed).toBe(first.length);
      expect(framed.problems).toEqual([]);
    }
    const resumed = splitTfRecords(second, first.length);
    expect(resumed.records).toEqual([{ offset: first.length, data: Buffer.from('written in two parts') }]);
  });

  it('skips a record whose data fails its CRC, with the reason, and reads the next', () => {
    const bad = frame(Buffer.from('flipped'));
    bad[12] ^= 0xff;
    const framed = splitTfRecords(Buffer.concat([frame(Buffer.from('a')), bad, frame(Buffer.from('b'))]), 100);
    expect(framed.records.map((r) => r.data.toString())).toEqual(['a', 'b']);
    expect(framed.lost).toBe(false);
    expect(framed.problems).toEqual([
      { kind: 'corrupt-data', offset: 117, reason: "record at byte 117 (7 bytes): the data's CRC does not match; the record is skipped" },
    ]);
  });

  it('stops at a length that fails its CRC: the framing is lost', () => {
    const good = frame(Buffer.from('kept'));
    const framed = splitTfRecords(Buffer.concat([good, Buffer.from('this is not a TFRecord file\n')]));
    expect(framed.records.map((r) => r.data.toString())).toEqual(['kept']);
    expect(framed.consumed).toBe(good.length);
    expect(framed.lost).toBe(true);
    expect(framed.problems[0]).toMatchObject({ kind: 'corrupt-length', offset: good.length });
    expect(framed.problems[0]!.reason).toMatch(/length's CRC does not match/);
  });

  it('never reads a header whose CRC fails as a length (it would wait forever for 2^60 bytes)', () => {
    const header = Buffer.alloc(12);
    header.writeBigUInt64LE(2n ** 60n);
    expect(splitTfRecords(header).lost).toBe(true);
  });
});
