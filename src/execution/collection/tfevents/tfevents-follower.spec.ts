import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStyle, ScriptedEventWriter, requireEventWriter } from '../../../../test/support/tfevents-writer.js';
import type { EventScalar } from './event-scalars.js';
import { TfEventsFollower } from './tfevents-follower.js';

const FILE = 'events.out.tfevents.1700000000.host.1.0.v2';

/**
 * Event files written by a real protobuf writer (Google's Python runtime,
 * test/fixtures/tfevents/tfevents_writer.py), read by polls the test makes
 * itself (`poll()`), so each expectation knows exactly what was on disk.
 */
describe('TfEventsFollower', () => {
  let root: string;
  let writers: ScriptedEventWriter[];
  let seen: { scalar: EventScalar; directory: string }[];
  let problems: string[];
  let follower: TfEventsFollower;

  beforeAll(() => requireEventWriter());

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tfevents-follower-'));
    writers = [];
    seen = [];
    problems = [];
    follower = new TfEventsFollower(root, '/logs', (scalars, directory) => seen.push(...scalars.map((scalar) => ({ scalar, directory }))), {
      onProblem: (message) => problems.push(message),
    });
  });

  afterEach(async () => {
    await Promise.all(writers.map((writer) => writer.close()));
    await rm(root, { recursive: true, force: true });
  });

  async function writer(relativeFile: string, tag: string, style: EventStyle): Promise<ScriptedEventWriter> {
    const created = new ScriptedEventWriter(join(root, relativeFile), tag, style);
    writers.push(created);
    await created.opened();
    return created;
  }

  const values = () => seen.map(({ scalar }) => [scalar.tag, scalar.value, scalar.step]);

  it.each(['simple', 'tf2', 'tensor', 'tensor-content'] as const)('reads %s scalars as they are written, with step and wall time', async (style) => {
    const events = await writer(`test/${FILE}`, 'accuracy', style);
    await follower.poll();
    expect(seen).toEqual([]);

    const before = Date.now() / 1000;
    await events.send('write 0.5 1');
    await follower.poll();
    await events.send('write 0.75 2');
    await events.send('write 0.875 3');
    await follower.poll();
    expect(values()).toEqual([
      ['accuracy', 0.5, 1],
      ['accuracy', 0.75, 2],
      ['accuracy', 0.875, 3],
    ]);
    expect(seen.every(({ directory }) => directory === '/logs/test')).toBe(true);
    expect(seen[0]!.scalar.wallTime).toBeGreaterThanOrEqual(before - 1);
    expect(seen[0]!.scalar.wallTime).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    expect(problems).toEqual([]);
  });

  it('waits for a record written in two parts and reads it once whole', async () => {
    const events = await writer(FILE, 'loss', 'simple');
    await events.send('write 0.25 1');
    await events.send('half 0.125 2');
    await follower.poll();
    expect(values()).toEqual([['loss', 0.25, 1]]);
    await follower.poll();
    expect(values()).toEqual([['loss', 0.25, 1]]);
    await events.send('rest');
    await follower.poll();
    expect(values()).toEqual([['loss', 0.25, 1], ['loss', 0.125, 2]]);
    expect(problems).toEqual([]);
  });

  it('skips a record with a bad CRC, saying so, and reads on', async () => {
    const events = await writer(FILE, 'loss', 'tensor');
    await events.send('write 0.5 1');
    await events.send('corrupt 0.25 2');
    await events.send('write 0.125 3');
    await follower.poll();
    expect(values()).toEqual([['loss', 0.5, 1], ['loss', 0.125, 3]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^/logs/${FILE.replaceAll('.', '\\.')}: record at byte \\d+ \\(\\d+ bytes\\): the data's CRC does not match; the record is skipped$`));
  });

  it('stops reading a file whose framing is lost, once, and keeps reading the others', async () => {
    const broken = await writer(`train/${FILE}`, 'loss', 'simple');
    await broken.send('write 0.5 1');
    await broken.send('garbage');
    await follower.poll();
    await broken.send('write 0.25 2');
    const other = await writer(`test/${FILE}`, 'loss', 'simple');
    await other.send('write 0.75 1');
    await follower.poll();
    await follower.stop();
    expect(seen.map(({ scalar, directory }) => [directory, scalar.value])).toEqual([
      ['/logs/train', 0.5],
      ['/logs/test', 0.75],
    ]);
    expect(problems).toEqual([expect.stringMatching(/^\/logs\/train\/events\.out\.tfevents\.[^:]+: record at byte \d+: the length's CRC does not match/)]);
  });

  it('reads a file in chunks, and a record larger than a chunk whole', async () => {
    const chunked = new TfEventsFollower(root, '/logs', (scalars) => seen.push(...scalars.map((scalar) => ({ scalar, directory: '' }))), {
      readChunkBytes: 16,
      onProblem: (message) => problems.push(message),
    });
    const events = await writer(FILE, 'a_rather_long_tag_so_that_each_record_is_longer_than_one_chunk', 'tf2');
    await events.send('write 0.5 1');
    await events.send('corrupt 0.25 2');
    await events.send('write 0.125 3');
    await events.send('half 0.75 4');
    await chunked.poll();
    expect(seen.map(({ scalar }) => [scalar.step, scalar.value])).toEqual([[1, 0.5], [3, 0.125]]);
    expect(problems).toEqual([expect.stringMatching(/the data's CRC does not match/)]);
    await events.send('rest');
    await chunked.stop();
    expect(seen.map(({ scalar }) => [scalar.step, scalar.value])).toEqual([[1, 0.5], [3, 0.125], [4, 0.75]]);
    expect(problems).toHaveLength(1);
  });

  it('says at the end that a file stops mid-record', async () => {
    const events = await writer(FILE, 'loss', 'simple');
    await events.send('write 0.5 1');
    await events.send('half 0.25 2');
    await follower.stop();
    expect(values()).toEqual([['loss', 0.5, 1]]);
    expect(problems).toEqual([expect.stringMatching(/: ends with \d+ bytes of an incomplete record \(the writer stopped mid-record\); they are not read$/)]);
  });

  it('follows on its own timer, finding files that appear after it started', async () => {
    const timed = new TfEventsFollower(root, '/logs', (scalars) => seen.push(...scalars.map((scalar) => ({ scalar, directory: '' }))), { pollIntervalMs: 10 });
    timed.start();
    const events = await writer(`late/${FILE}`, 'accuracy', 'tensor');
    await events.send('write 0.5 7');
    const deadline = Date.now() + 5000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
    await timed.stop();
    expect(values()).toEqual([['accuracy', 0.5, 7]]);
  });
});
