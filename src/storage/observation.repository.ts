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
    const pipeline = this.redis.pipeline();
    for (const observation of observations) pipeline.xadd(key, '*', ...observationFields(observation));
    await pipeline.exec();
  }

  async read(ref: ExperimentRef, trialName: string): Promise<Observation[]> {
    const entries = await this.redis.xrange(this.keys.observations(ref, trialName), '-', '+');
    return entries.map(([, flat]) => {
      const fields = new Map<string, string>();
      for (let i = 0; i < flat.length; i += 2) fields.set(flat[i], flat[i + 1]);
      const step = fields.get('step');
      return {
        metric: fields.get('metric') ?? '',
        value: Number(fields.get('value')),
        time: fields.get('time') ?? '',
        ...(step === undefined ? {} : { step: Number(step) }),
      };
    });
  }

  /** How many observations the trial has; cheap, to notice new ones. */
  async count(ref: ExperimentRef, trialName: string): Promise<number> {
    return this.redis.xlen(this.keys.observations(ref, trialName));
  }

  /** Forgets a trial's log, e.g. before a crashed trial starts over. */
  async clear(ref: ExperimentRef, trialName: string): Promise<void> {
    await this.redis.unlink(this.keys.observations(ref, trialName));
  }
}
