import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { weakEtag } from '../src/common/json-body.js';
import type { ExperimentRecord } from '../src/domain/experiment.js';
import type { ExperimentRef } from '../src/domain/identity.js';
import type { TrialRecord } from '../src/domain/trial.js';
import { ExperimentViewCache } from '../src/experiments/experiment-view-cache.js';
import { seedExperimentWithTrials } from '../src/bench/trial-seeding.js';
import { validateExperiment } from '../src/katib/spec/validate-experiment.js';
import { ExperimentRepository } from '../src/storage/experiment.repository.js';
import { RedisKeys } from '../src/storage/keys.js';
import { TrialRepository } from '../src/storage/trial.repository.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { deleteKeys, startTestService, TEST_REDIS_URL, type TestService } from './support/test-service.js';

/**
 * Cached experiment views against real Redis: served from memory only while
 * the experiment's revision holds, and every change a view can show moves it
 * (in the script that makes the change), so no read ever sees a view older
 * than a change that finished before it.
 */
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const keys = new RedisKeys(prefix);
let redis: Redis;
let experiments: ExperimentRepository;
let trials: TrialRepository;

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
  experiments = new ExperimentRepository(redis, keys);
  trials = new TrialRepository(redis, keys);
});

afterAll(async () => {
  await deleteKeys(redis, `${prefix}:*`);
  await redis.quit();
});

function manifestNamed(name: string) {
  const validated = validateExperiment(quadraticExperiment({ name, maxTrialCount: 100, parallelTrialCount: 10 }));
  if (!validated.ok) throw new Error('fixture rejected');
  return validated.manifest;
}

async function seeded(name: string, count = 30) {
  const manifest = manifestNamed(name);
  const { ref, trials: stored } = await seedExperimentWithTrials({ experiments, trials }, manifest, count);
  return { ref, objective: manifest.spec.objective, stored };
}

/** Counts the commands a connection sends. */
function countingRepository(): { experiments: ExperimentRepository; commands: () => number; close: () => Promise<void> } {
  const connection = new Redis(TEST_REDIS_URL);
  let commands = 0;
  const send = connection.sendCommand.bind(connection);
  connection.sendCommand = ((command: Parameters<Redis['sendCommand']>[0]) => {
    commands += 1;
    return send(command);
  }) as Redis['sendCommand'];
  return { experiments: new ExperimentRepository(connection, keys), commands: () => commands, close: async () => void (await connection.quit()) };
}

describe('experiment revision', () => {
  it('moves with every change a view of the experiment or its trials can show', async () => {
    const { ref, objective, stored } = await seeded('moves');
    const running = stored.find((trial) => trial.phase === 'Running') as TrialRecord;
    const changes: [string, () => Promise<unknown>][] = [
      ['trials committed', async () => experiments.commitTrials((await experiments.get(ref)) as ExperimentRecord, [{ ...stored[0], name: 'moves-extra', index: 30, phase: 'Created' }], { from: 30 })],
      ["a running trial's record, same phase", () => trials.transition({ ...running, forecast: 0.5 }, ['Running'], { objective })],
      ['a phase change', () => trials.transition({ ...running, phase: 'Succeeded', metrics: [{ name: 'loss', min: 1, max: 1, latest: 1 }] }, ['Running'], { objective })],
      ['the budget edited', async () => experiments.edit((await experiments.get(ref)) as ExperimentRecord, (await experiments.get(ref))!.manifest)],
      ['the Pareto front saved', () => trials.saveParetoFront(ref, 12, { members: [], size: 0 })],
      ['the experiment completed', () => experiments.complete(ref, { condition: 'Succeeded', reason: 'ExperimentGoalReached', message: 'done', time: new Date().toISOString() })],
    ];
    for (const [change, make] of changes) {
      const before = await experiments.revisionStamp(ref);
      await make();
      expect({ change, moved: (await experiments.revisionStamp(ref)) !== before }).toEqual({ change, moved: true });
    }
  });

  it('moves for a caller-run trial ended by its tell', async () => {
    const { ref, objective } = await seeded('told', 0);
    const trial: TrialRecord = {
      name: 'told-t0',
      experiment: ref,
      index: 0,
      phase: 'Running',
      parameterAssignments: [{ name: 'x', value: '1' }],
      createdAt: new Date().toISOString(),
      attempt: 0,
    };
    expect(await experiments.commitTrials((await experiments.get(ref)) as ExperimentRecord, [trial], {}, 'Running', ['secret'])).toBe(true);
    const before = await experiments.revisionStamp(ref);
    const ended = await trials.endCallerTrial({ ...trial, phase: 'Succeeded', metrics: [{ name: 'loss', min: 2, max: 2, latest: 2 }] }, 'secret', '0-0', [], objective);
    expect(ended.outcome).toBe('ended');
    expect(await experiments.revisionStamp(ref)).not.toBe(before);
  });

  it('is another for an experiment deleted and created again under its name', async () => {
    const first = await seeded('again', 5);
    const stamp = await experiments.revisionStamp(first.ref);
    await experiments.delete(first.ref);
    expect(await experiments.revisionStamp(first.ref)).toBeUndefined();
    const second = await seeded('again', 5);
    // Both went through the same writes, so the same revision number; the incarnation tells them apart.
    expect(await experiments.revisionStamp(second.ref)).not.toBe(stamp);
  });

  it('is not written for a trial changed after its experiment was deleted, which would block the name', async () => {
    const { ref, objective, stored } = await seeded('late', 10);
    await redis.unlink(keys.experiment(ref));
    const running = stored.find((trial) => trial.phase === 'Running') as TrialRecord;
    await trials.transition({ ...running, forecast: 1 }, ['Running'], { objective });
    await trials.saveParetoFront(ref, 3, { members: [], size: 0 });
    expect(await redis.exists(keys.experiment(ref))).toBe(0);
    expect(await experiments.create({ ref, uid: randomUUID(), createdAt: new Date().toISOString(), manifest: manifestNamed('late') })).toBe(true);
  });
});

describe('ExperimentViewCache', () => {
  it('serves an unchanged experiment from memory, for one Redis command a read', async () => {
    const { ref } = await seeded('memory');
    const counting = countingRepository();
    const cache = new ExperimentViewCache(counting.experiments);
    let builds = 0;
    const build = async () => ({ built: ++builds });
    try {
      const first = await cache.serve(ref, 'view', build);
      const before = counting.commands();
      const again = await cache.serve(ref, 'view', build);
      expect(counting.commands() - before).toBe(1);
      expect(again).toBe(first);
      expect(builds).toBe(1);
      expect(JSON.parse(first.bytes.toString())).toEqual({ built: 1 });
      expect(first.etag).toBe(weakEtag(first.bytes));
    } finally {
      await counting.close();
    }
  });

  it('builds again after any change, and shares one build among readers that miss together', async () => {
    const { ref, objective, stored } = await seeded('shared');
    const cache = new ExperimentViewCache(experiments);
    let builds = 0;
    const build = async () => ({ built: ++builds, running: (await trials.get(ref, running.name))?.forecast ?? null });
    const running = stored.find((trial) => trial.phase === 'Running') as TrialRecord;
    const readers = await Promise.all(Array.from({ length: 50 }, () => cache.serve(ref, 'view', build)));
    expect(builds).toBe(1);
    expect(new Set(readers).size).toBe(1);
    await trials.transition({ ...running, forecast: 7 }, ['Running'], { objective });
    const after = await cache.serve(ref, 'view', build);
    expect(JSON.parse(after.bytes.toString())).toEqual({ built: 2, running: 7 });
  });

  it('keeps no view whose revision moved while it was built', async () => {
    const { ref, objective, stored } = await seeded('moving');
    const cache = new ExperimentViewCache(experiments);
    const running = stored.find((trial) => trial.phase === 'Running') as TrialRecord;
    let builds = 0;
    const changingBuild = async () => {
      builds += 1;
      await trials.transition({ ...running, forecast: builds }, ['Running'], { objective });
      return { built: builds };
    };
    await cache.serve(ref, 'view', changingBuild);
    await cache.serve(ref, 'view', async () => ({ built: ++builds }));
    expect(builds).toBe(2);
  });

  it('builds, uncached, for an experiment that is gone or was stored before revisions', async () => {
    const { ref } = await seeded('legacy');
    await redis.hdel(keys.experiment(ref), 'revision');
    const cache = new ExperimentViewCache(experiments);
    let builds = 0;
    await cache.serve(ref, 'view', async () => ++builds);
    await cache.serve(ref, 'view', async () => ++builds);
    expect(builds).toBe(2);
    const missing: ExperimentRef = { namespace: 'default', name: 'never-created' };
    await expect(cache.serve(missing, 'view', async () => Promise.reject(new Error('404')))).rejects.toThrow('404');
  });
});

describe('cached views over HTTP', () => {
  let service: TestService;
  let serviceTrials: TrialRepository;
  let serviceExperiments: ExperimentRepository;
  beforeAll(async () => {
    // The API alone: nothing but this test changes the experiment.
    service = await startTestService({ ROLE: 'api' });
    const serviceKeys = new RedisKeys(service.config.KEY_PREFIX);
    serviceTrials = new TrialRepository(service.redis, serviceKeys);
    serviceExperiments = new ExperimentRepository(service.redis, serviceKeys);
  });
  afterAll(async () => {
    await service.close();
  });

  it('answers with the bytes and tag an uncached answer had, and shows each change at once', async () => {
    const manifest = manifestNamed('http-view');
    const { ref, trials: stored } = await seedExperimentWithTrials({ experiments: serviceExperiments, trials: serviceTrials }, manifest, 40);
    const paths = ['/api/v1/experiments/http-view', '/api/v1/experiments/http-view/trials?sort=objective&limit=10', '/api/v1/experiments/http-view/optimal-trial'];
    for (const path of paths) {
      const first = await service.api.get(path);
      const again = await service.api.get(path);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(again.text).toBe(first.text);
      expect(first.headers.etag).toBe(weakEtag(first.text));
      expect((await service.api.get(path).set('if-none-match', first.headers.etag!)).status).toBe(304);
    }
    const before = (await service.api.get(paths[0])).body;
    const running = stored.find((trial) => trial.phase === 'Running') as TrialRecord;
    // A better result than any seeded (they are 0 to 0.9): it becomes the optimal trial and tops the ranking.
    const best = { ...running, phase: 'Succeeded' as const, metrics: [{ name: 'loss', min: -1, max: -1, latest: -1 }] };
    expect(await serviceTrials.transition(best, ['Running'], { objective: manifest.spec.objective })).toBe(true);
    const after = (await service.api.get(paths[0])).body;
    expect(after.status.trialsSucceeded).toBe(before.status.trialsSucceeded + 1);
    expect(after.status.currentOptimalTrial.bestTrialName).toBe(running.name);
    expect((await service.api.get(paths[1])).body.items[0].metadata.name).toBe(running.name);
    expect((await service.api.get(paths[2])).body.bestTrialName).toBe(running.name);
    // The list's items are the same cached views, byte for byte, and show the change too.
    const list = await service.api.get('/api/v1/experiments?namespace=default');
    expect(list.body.items).toEqual([after]);
    expect(list.text).toBe(JSON.stringify({ items: [after], total: 1, offset: 0, limit: list.body.limit, nextOffset: null }));
    expect((await service.api.get('/api/v1/experiments?namespace=default').set('if-none-match', list.headers.etag!)).status).toBe(304);
    await serviceExperiments.delete(ref);
    expect((await service.api.get(paths[0])).status).toBe(404);
    expect((await service.api.get('/api/v1/experiments?namespace=default')).body).toMatchObject({ items: [], total: 0 });
  });
});
