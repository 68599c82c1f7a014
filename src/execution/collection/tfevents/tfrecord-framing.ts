import { crc32c } from '@aws-crypto/crc32c';

/** uint64 length + masked CRC-32C of those 8 bytes. */
export const RECORD_HEADER_BYTES = 12;
/** Masked CRC-32C of the data, after it. */
export const RECORD_FOOTER_BYTES = 4;
const HEADER_BYTES = RECORD_HEADER_BYTES;
const FOOTER_BYTES = RECORD_FOOTER_BYTES;
const MASK_DELTA = 0xa282ead8;

/**
 * TFRecord's masked CRC-32C (tensorflow/core/lib/hash/crc32c.h): the CRC
 * rotated right by 15 bits plus a constant, so that a CRC of data that itself
 * holds CRCs is not trivially related to them.
 */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

export type FramingProblem =
  /** The length's CRC does not match: where the next record starts is unknown, so nothing more of the file can be read. */
  | { kind: 'corrupt-length'; offset: number; reason: string }
  /** The data's CRC does not match: that record is skipped, the next one is read. */
  | { kind: 'corrupt-data'; offset: number; reason: string };

export interface FramedRecords {
  /** Each complete record whose CRCs match, in file order, with where it starts in the file. */
  records: { offset: number; data: Buffer }[];
  /** Bytes of `buffer` taken up by complete records (good or skipped): where the next read resumes. */
  consumed: number;
  problems: FramingProblem[];
  /** True when the framing is lost (a bad length CRC): the caller stops reading this file. */
  lost: boolean;
}

/**
 * Splits bytes of a TFRecord file into its records: each is
 *
 *     uint64 length (little-endian), uint32 masked crc32c(length),
 *     data[length], uint32 masked crc32c(data)
 *
 * A record cut short at the end of `buffer` (the writer is still writing it)
 * is left unconsumed, to be read again once the rest has arrived. `base` is
 * where `buffer` starts in the file, for the offsets in problems.
 */
export function splitTfRecords(buffer: Buffer, base = 0): FramedRecords {
  const records: FramedRecords['records'] = [];
  const problems: FramingProblem[] = [];
  let at = 0;
  while (buffer.length - at >= HEADER_BYTES) {
    const lengthBytes = buffer.subarray(at, at + 8);
    const lengthCrc = buffer.readUInt32LE(at + 8);
    if (maskedCrc32c(lengthBytes) !== lengthCrc) {
      problems.push({
        kind: 'corrupt-length',
        offset: base + at,
        reason: `record at byte ${base + at}: the length's CRC does not match (the file is not TFRecord or is corrupt); the rest of the file is not read`,
      });
      return { records, consumed: at, problems, lost: true };
    }
    const length = buffer.readBigUInt64LE(at);
    const end = BigInt(at + HEADER_BYTES) + length + BigInt(FOOTER_BYTES);
    if (end > BigInt(buffer.length)) break;
    const dataStart = at + HEADER_BYTES;
    const dataEnd = dataStart + Number(length);
    const data = buffer.subarray(dataStart, dataEnd);
    if (maskedCrc32c(data) === buffer.readUInt32LE(dataEnd)) {
      records.push({ offset: base + at, data });
    } else {
      problems.push({
        kind: 'corrupt-data',
        offset: base + at,
        reason: `record at byte ${base + at} (${length} bytes): the data's CRC does not match; the record is skipped`,
      });
    }
    at = dataEnd + FOOTER_BYTES;
  }
  return { records, consumed: at, problems, lost: false };
}
