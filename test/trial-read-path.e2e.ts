import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { summarizeTrials, TRIAL_LIST_LIMIT } from '../src/domain/experiment-status.js';
import type { Objective } from '../src/domain/experiment-spec.js';
import { objectiveValueOf } from '../src/domain/outcomes.js';
import type { TrialRecord } from '../src/domain/trial.js';
import { TRIAL_PHASES } from '../src/domain/trial-phase.js';
import { seedExperimentWithTrials } from '../src/bench/trial-seeding.js';
import { validateExperiment } from '../src/katib/spec/validate-experiment.js';
import { ExperimentRepository } from '../src/storage/experiment.repository.js';
import { RedisKeys } from '../src/storage/keys.js';
import { type TrialPageRequest, TrialRepository } from '../src/storage/trial.repository.js';
import { TrialListCache } from '../src/storage/trial-list-cache.js';
import { quadraticExperiment } from './support/experiment-factory.js';
import { deleteKeys, TEST_REDIS_URL } from './support/test-service.js';

/**
 * The read path against real Redis: counts, names, the optimal trial and
 * every page come from the indexes the state changes maintain, agree with
 * what the full trial list says, and cost the same whatever the size.
 */
const prefix = `kt-test-${randomUUID().slice(0, 8)}`;
const keys = new RedisKeys(prefix);
let redis: Redis;
let experiments: ExperimentRepository;
let trials: TrialRepository;

/** Counts the commands sent and the bytes of their replies, as Redis sees them. */
function countingConnection(): { redis: Redis; commands: () => number; reset: () => void } {
  const connection = new Redis(TEST_REDIS_URL);
  let commands = 0;
  const send = connection.sendCommand.bind(connection);
  connection.sendCommand = ((command: Parameters<Redis['sendCommand']>[0]) => {
    commands += 1;
    return send(command);
  }) as Redis['sendCommand'];
  return { redis: connection, commands: () => commands, reset: () => (commands = 0) };
}

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
  experiments = new ExperimentRepository(redis, keys);
  trials = new TrialRepository(redis, keys);
});

afterAll(async () => {
  await deleteKeys(redis, `${prefix}:*`);
  await redis.quit();
});

/** An experiment with `count` trials in a mix of phases, stored as the service stores them. */
async function seedExperiment(name: string, count: number, { objectiveType = 'minimize' as 'minimize' | 'maximize' } = {}) {
  const validated = validateExperiment(quadraticExperiment({ name, maxTrialCount: count + 10, parallelTrialCount: 10 }));
  if (!validated.ok) throw new Error('fixture rejected');
  const manifest = validated.manifest;
  manifest.spec.objective.type = objectiveType;
  manifest.spec.objective.metricStrategies = [{ name: 'loss', value: objectiveType === 'minimize' ? 'min' : 'max' }];
  const seeded = await seedExperimentWithTrials({ experiments, trials }, manifest, count);
  return { ref: seeded.ref, objective: manifest.spec.objective, final: seeded.trials };
}

/** The order the API promises, computed from the whole list: best first, earlier wins a tie... */
function expectedOrder(all: TrialRecord[], objective: Objective, request: TrialPageRequest): string[] {
  const scoped = request.phase ? all.filter((t) => t.phase === request.phase) : all;
  let ordered = scoped;
  if (request.sort === 'objective') {
    const sign = objective.type === 'minimize' ? 1 : -1;
    const valued = scoped.map((trial) => ({ trial, value: objectiveValueOf(trial, objective) }));
    const ranked = valued.filter((v) => v.value !== undefined);
    // ...except that among equal values the ranking orders by name (documented); names here follow creation order.
    ranked.sort((a, b) => sign * ((a.value as number) - (b.value as number)) || (a.trial.name < b.trial.name ? -1 : 1));
    ordered = [...ranked.map((v) => v.trial), ...valued.filter((v) => v.value === undefined).map((v) => v.trial)];
  }
  if (request.order === 'desc') ordered = [...ordered].reverse();
  return ordered.slice(request.offset, request.offset + request.limit).map((t) => t.name);
}

describe('trial read path', () => {
  it('gives the same counts, names and optimal trial as the full list', async () => {
    for (const objectiveType of ['minimize', 'maximize'] as const) {
      const { ref, objective, final } = await seedExperiment(`summary-${objectiveType}`, 300, { objectiveType });
      const summary = await trials.summary(ref, objective);
      expect(summary).toEqual(summarizeTrials(final, objective));
      // Several trials share the best value: Katib's optimal trial is the earliest of them.
      const bestValue = objectiveValueOf(summary.optimal as TrialRecord, objective);
      expect(final.filter((t) => objectiveValueOf(t, objective) === bestValue).length).toBeGreaterThan(1);
    }
  });

  it('serves every kind of page in the order the full list gives', async () => {
    const { ref, objective, final } = await seedExperiment('pages', 250);
    const requests: TrialPageRequest[] = [];
    for (const sort of ['created', 'objective'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const phase of [undefined, 'Succeeded', 'Failed', 'Running'] as const) {
          for (const [offset, limit] of [[0, 10], [20, 50], [120, 100], [240, 30], [400, 10]]) {
            requests.push({ sort, order, phase, offset, limit });
          }
        }
      }
    }
    for (const request of requests) {
      const page = await trials.page(ref, objective, request);
      const expectedNames = expectedOrder(final, objective, request);
      expect({ request, names: page.trials.map((t) => t.name) }).toEqual({ request, names: expectedNames });
      expect(page.total).toBe(request.phase ? final.filter((t) => t.phase === request.phase).length : final.length);
    }
  });

  it('caps the status name lists and says which were cut', async () => {
    const { ref, objective, final } = await seedExperiment('capped', TRIAL_LIST_LIMIT * 4 + 40);
    const summary = await trials.summary(ref, objective);
    const succeeded = final.filter((t) => t.phase === 'Succeeded');
    expect(summary.counts.Succeeded).toBe(succeeded.length);
    expect(summary.names.Succeeded).toEqual(succeeded.slice(0, TRIAL_LIST_LIMIT).map((t) => t.name));
  });

  it('reads a page of a 20,000-trial experiment with as many commands as a page of a 400-trial one', async () => {
    const small = await seedExperiment('small', 400);
    const large = await seedExperiment('large', 20_000);
    const counting = countingConnection();
    const reader = new TrialRepository(counting.redis, keys);
    const cost = async (seeded: typeof small, read: (r: TrialRepository) => Promise<unknown>) => {
      await read(reader); // the first read of an experiment may index it; count a steady one
      counting.reset();
      const result = await read(reader);
      return { commands: counting.commands(), result };
    };
    try {
      for (const request of [
        { sort: 'created', order: 'asc', offset: 0, limit: 20 },
        { sort: 'objective', order: 'asc', offset: 0, limit: 10 },
        { sort: 'created', order: 'desc', offset: 0, limit: 20, phase: 'Failed' },
      ] as TrialPageRequest[]) {
        const a = await cost(small, (r) => r.page(small.ref, small.objective, request));
        const b = await cost(large, (r) => r.page(large.ref, large.objective, request));
        expect({ request, commands: b.commands }).toEqual({ request, commands: a.commands });
        expect((b.result as { trials: unknown[] }).trials).toHaveLength(request.limit);
      }
      const a = await cost(small, (r) => r.summary(small.ref, small.objective));
      const b = await cost(large, (r) => r.summary(large.ref, large.objective));
      expect(b.commands).toBe(a.commands);
    } finally {
      await counting.redis.quit();
    }
  }, 60_000);

  it('indexes an experiment stored before the indexes existed, once, and agrees with the list', async () => {
    const { ref, objective, final } = await seedExperiment('legacy', 120);
    // What an older version left behind: records and the creation index only.
    await redis.del(keys.objectiveRanking(ref), keys.unrankedTrials(ref), ...TRIAL_PHASES.map((p) => keys.trialsInPhase(ref, p)));
    await redis.hdel(keys.experiment(ref), 'indexes', 'firstTrialCreatedAt');
    expect(await trials.summary(ref, objective)).toEqual(summarizeTrials(final, objective));
    const request: TrialPageRequest = { sort: 'objective', order: 'asc', offset: 5, limit: 40 };
    expect((await trials.page(ref, objective, request)).trials.map((t) => t.name)).toEqual(expectedOrder(final, objective, request));
    expect(await redis.hget(keys.experiment(ref), 'indexes')).toBe('1');
  });

  it('keeps an incremental trial list equal to the full one, reading only new and still-active trials', async () => {
    const { ref, objective, final } = await seedExperiment('incremental', 2_000);
    const record = (await experiments.get(ref))!;
    const counting = countingConnection();
    const lists = new TrialListCache(new TrialRepository(counting.redis, keys));
    try {
      expect(await lists.list(record)).toEqual(await trials.list(ref));
      // A worker moves on: active trials end, new ones are committed.
      const active = final.filter((t) => t.phase === 'Created' || t.phase === 'Running');
      for (const trial of active.slice(0, 50)) {
        const ended = { ...trial, phase: 'Succeeded' as const, metrics: [{ name: 'loss', min: 0.05, max: 0.05, latest: 0.05 }] };
        expect(await trials.transition(ended, [trial.phase], { objective })).toBe(true);
      }
      const fresh = Array.from({ length: 5 }, (_, i) => ({ ...final[0], name: `incremental-new-${i}`, index: final.length + i, phase: 'Created' as const, metrics: undefined }));
      expect(await experiments.commitTrials((await experiments.get(ref))!, fresh, { more: true })).toBe(true);
      counting.reset();
      const again = await lists.list((await experiments.get(ref))!);
      expect(again).toEqual(await trials.list(ref));
      // 2,005 trials, of which about 450 were still active: far fewer than one read per trial.
      expect(counting.commands()).toBeLessThan(active.length + 20);
    } finally {
      await counting.redis.quit();
    }
  }, 60_000);
});
