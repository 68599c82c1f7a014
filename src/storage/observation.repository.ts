import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Observation } from '../domain/observation.js';
import { RedisKeys } from './keys.js';
import { REDIS } from './redis.provider.js';
import { type ExperimentRef } from '../domain/identity.js';

/** One observation as the flat field list of a stream entry. */
export function observationFields(observation: Observation): string[] {
  const fields = ['metric', observation.metric, 'value', String(observation.value), 'time', observation.time];
  if (observation.step !== undefined) fields.push('step', String(observation.step));
  return fields;
}

/** Where a reader of one trial's log stands: the id of the last entry it has seen, `0-0` before the first. */
export interface StreamCursor {
  trialName: string;
  afterId: string;
}

export interface NewObservations {
  observations: Observation[];
  /** The id to continue from. */
  lastId: string;
}

export const LOG_START = '0-0';

/** An observation as a read of the log gives it back, for a writer that keeps what it appended instead of reading it. */
export function asStored(observation: Observation): Observation {
  return toObservation(observationFields(observation));
}

function toObservation(flat: string[]): Observation {
  const fields = new Map<string, string>();
  for (let i = 0; i < flat.length; i += 2) fields.set(flat[i], flat[i + 1]);
  const step = fields.get('step');
  return {
    metric: fields.get('metric') ?? '',
    value: Number(fields.get('value')),
    time: fields.get('time') ?? '',
    ...(step === undefined ? {} : { step: Number(step) }),
  };
}

/** The observation log of each trial, one Redis Stream entry per reported value. */
@Injectable()
export class ObservationRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async append(ref: ExperimentRef, trialName: string, observations: Observation[]): Promise<void> {
    if (observations.length === 0) return;
    const key = this.keys.observations(ref, trialName);
    // One value (the common case) is one command, which joins whatever else goes out in this turn (auto-pipelining).
    if (observations.length === 1) return void (await this.redis.xadd(key, '*', ...observationFields(observations[0])));
    const pipeline = this.redis.pipeline();
    for (const observation of observations) pipeline.xadd(key, '*', ...observationFields(observation));
    await pipeline.exec();
  }

  /** When the trial's log last grew (the stream entry's own time), or undefined when it is empty. */
  async lastAppendedAt(ref: ExperimentRef, trialName: string): Promise<number | undefined> {
    const [last] = await this.redis.xrevrange(this.keys.observations(ref, trialName), '+', '-', 'COUNT', '1');
    return last ? Number(last[0].split('-')[0]) : undefined;
  }

  async read(ref: ExperimentRef, trialName: string): Promise<Observation[]> {
    return (await this.readWhole(ref, trialName)).observations;
  }

  /** The whole log and the id of its last entry (LOG_START when it is empty), for a write conditional on the log being unchanged. */
  async readWhole(ref: ExperimentRef, trialName: string): Promise<NewObservations> {
    const entries = await this.redis.xrange(this.keys.observations(ref, trialName), '-', '+');
    return { observations: entries.map(([, flat]) => toObservation(flat)), lastId: entries.at(-1)?.[0] ?? LOG_START };
  }

  /**
   * What each trial logged after its cursor, for all of them in one XREAD (an
   * experiment's streams share a cluster slot); trials with nothing new are
   * absent. The cost follows what is new, not the length of the logs.
   */
  async readNew(ref: ExperimentRef, cursors: readonly StreamCursor[]): Promise<Map<string, NewObservations>> {
    const found = new Map<string, NewObservations>();
    if (cursors.length === 0) return found;
    const trialByKey = new Map(cursors.map((cursor) => [this.keys.observations(ref, cursor.trialName), cursor.trialName]));
    const reply = (await this.redis.xread('STREAMS', ...trialByKey.keys(), ...cursors.map((cursor) => cursor.afterId))) as
      | [key: string, entries: [id: string, fields: string[]][]][]
      | null;
    for (const [key, entries] of reply ?? []) {
      const trialName = trialByKey.get(key);
      if (trialName === undefined || entries.length === 0) continue;
      found.set(trialName, { observations: entries.map(([, flat]) => toObservation(flat)), lastId: entries[entries.length - 1][0] });
    }
    return found;
  }

  /** Forgets a trial's log, e.g. before a crashed trial starts over. */
  async clear(ref: ExperimentRef, trialName: string): Promise<void> {
    await this.redis.unlink(this.keys.observations(ref, trialName));
  }
}
