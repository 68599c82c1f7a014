import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdir, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Observation } from '../../domain/observation.js';
import { FileFollower } from './file-follower.js';
import { createMetricLineParser } from './metric-line-parser.js';

const POLL_INTERVAL_MS = 10;

async function waitFor(condition: () => boolean, description: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await delay(5);
  }
}

/**
 * A stand-in trial: appends a metrics line to the file named in argv for each
 * command on stdin, so the test decides when output happens and can check it
 * was read before the trial ends.
 */
const TRIAL_SCRIPT = `
const fs = require('node:fs');
const path = process.argv[1];
const commands = require('node:readline').createInterface({ input: process.stdin });
commands.on('line', (command) => {
  const [kind, epoch] = command.split(' ');
  if (kind === 'epoch') fs.appendFileSync(path, 'epoch=' + epoch + ' loss=0.' + epoch + '\\n');
  if (kind === 'split') {
    fs.appendFileSync(path, 'accuracy=0.');
    setTimeout(() => fs.appendFileSync(path, '95\\n'), 50);
  }
});
commands.on('close', () => fs.appendFileSync(path, 'accuracy=0.99'));
`;

describe('FileFollower', () => {
  let directory: string;
  let followers: FileFollower[];
  let lines: string[];
  let errors: Error[];

  function follow(path: string): FileFollower {
    const follower = new FileFollower(path, (line) => lines.push(line), {
      pollIntervalMs: POLL_INTERVAL_MS,
      onError: (error) => errors.push(error),
    });
    followers.push(follower);
    follower.start();
    return follower;
  }

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'file-follower-'));
    followers = [];
    lines = [];
    errors = [];
  });

  afterEach(async () => {
    await Promise.all(followers.map((follower) => follower.stop()));
    await rm(directory, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });

  it('reads a trial process’s output as it is written, to the last unterminated line', async () => {
    const path = join(directory, 'metrics.log');
    const parse = createMetricLineParser({ metricNames: ['loss', 'accuracy'], format: 'TEXT' });
    const observations: Observation[] = [];
    const now = new Date('2030-01-01T00:00:00Z');
    const follower = new FileFollower(
      path,
      (line) => {
        lines.push(line);
        observations.push(...parse(line, now));
      },
      { pollIntervalMs: POLL_INTERVAL_MS, onError: (error) => errors.push(error) },
    );
    followers.push(follower);
    const trial = spawn(process.execPath, ['-e', TRIAL_SCRIPT, path], { stdio: ['pipe', 'ignore', 'inherit'] });
    const trialExit = once(trial, 'exit');
    follower.start();

    for (let epoch = 1; epoch <= 3; epoch++) {
      trial.stdin.write(`epoch ${epoch}\n`);
      await waitFor(() => lines.length === epoch, `epoch ${epoch} to be read while the trial runs`);
    }
    trial.stdin.write('split\n');
    await waitFor(() => lines.length === 4, 'the line written in two appends');
    trial.stdin.end();
    expect(await trialExit).toEqual([0, null]);
    await follower.stop();

    expect(lines).toEqual(['epoch=1 loss=0.1', 'epoch=2 loss=0.2', 'epoch=3 loss=0.3', 'accuracy=0.95', 'accuracy=0.99']);
    expect(observations).toEqual([
      { metric: 'loss', value: 0.1, step: 1, time: now.toISOString() },
      { metric: 'loss', value: 0.2, step: 2, time: now.toISOString() },
      { metric: 'loss', value: 0.3, step: 3, time: now.toISOString() },
      { metric: 'accuracy', value: 0.95, time: now.toISOString() },
      { metric: 'accuracy', value: 0.99, time: now.toISOString() },
    ]);
  });

  it('waits for a file, and its directory, created after following starts', async () => {
    const path = join(directory, 'later', 'metrics.log');
    follow(path);
    // Let several polls find nothing; the behaviour under test is what happens after that.
    await delay(POLL_INTERVAL_MS * 5);
    await mkdir(join(directory, 'later'));
    await writeFile(path, 'loss=0.5\n');
    await waitFor(() => lines.length === 1, 'the first line of the late file');
    expect(lines).toEqual(['loss=0.5']);
  });

  it('starts over when the file is truncated', async () => {
    const path = join(directory, 'metrics.log');
    await writeFile(path, 'loss=0.9\nloss=0.8\n');
    follow(path);
    await waitFor(() => lines.length === 2, 'the original lines');

    await truncate(path, 0);
    await appendFile(path, 'loss=0.7\n');
    await waitFor(() => lines.length === 3, 'the line written after truncation');
    expect(lines).toEqual(['loss=0.9', 'loss=0.8', 'loss=0.7']);
  });

  it('starts over when the file is replaced, even by a longer one', async () => {
    const path = join(directory, 'metrics.log');
    await writeFile(path, 'loss=0.9\n');
    follow(path);
    await waitFor(() => lines.length === 1, 'the original line');

    const replacement = join(directory, 'metrics.log.new');
    await writeFile(replacement, 'loss=0.6\nloss=0.5\nloss=0.4\n');
    await rename(replacement, path);
    await waitFor(() => lines.length === 4, 'the replacement’s lines');
    expect(lines).toEqual(['loss=0.9', 'loss=0.6', 'loss=0.5', 'loss=0.4']);
  });

  it('reads only new bytes, across reads larger than one chunk', async () => {
    const path = join(directory, 'metrics.log');
    const first = Array.from({ length: 5000 }, (_, index) => `step=${index} loss=${index / 5000}`);
    await writeFile(path, `${first.join('\n')}\n`);
    follow(path);
    await waitFor(() => lines.length === first.length, 'the first batch');

    await appendFile(path, 'step=5000 loss=1\n');
    await waitFor(() => lines.length === first.length + 1, 'the appended line');
    expect(lines).toEqual([...first, 'step=5000 loss=1']);
  });

  it('on stop, reads what remains and emits the unterminated last line', async () => {
    const path = join(directory, 'metrics.log');
    const follower = follow(path);
    await writeFile(path, 'loss=0.3\nloss=0.2');
    await follower.stop();
    expect(lines).toEqual(['loss=0.3', 'loss=0.2']);
    await follower.stop();
    expect(lines).toEqual(['loss=0.3', 'loss=0.2']);
  });

  it('stops quietly when the file never appeared', async () => {
    const follower = follow(join(directory, 'never.log'));
    await Promise.all([follower.stop(), follower.stop()]);
    expect(lines).toEqual([]);
  });

  it('reports read errors other than a missing file, keeps polling, and fails stop with the last', async () => {
    const path = join(directory, 'metrics.log');
    await mkdir(path);
    const follower = follow(path);
    await waitFor(() => errors.length >= 2, 'errors from two polls of a directory');
    expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toContain('EISDIR');

    followers = [];
    errors = [];
    await expect(follower.stop()).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
