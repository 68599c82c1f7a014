import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { TrialRecord } from '../domain/trial.js';
import { RedisKeys } from './keys.js';
import { APPEND_PUSHED_OBSERVATIONS, REQUEST_TRIAL_KILL, TRANSITION_TRIAL } from './lua-scripts.js';
import { observationFields } from './observation.repository.js';
import type { Observation } from '../domain/observation.js';
import { REDIS } from './redis.provider.js';
import { type TrialPhase } from '../domain/trial-phase.js';
import { type ExperimentRef } from '../domain/identity.js';

@Injectable()
export class TrialRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** All trials of an experiment in creation order. */
  async list(ref: ExperimentRef): Promise<TrialRecord[]> {
    const names = await this.redis.zrange(this.keys.trialIndex(ref), '0', '-1');
    if (names.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const name of names) pipeline.hget(this.keys.trial(ref, name), 'record');
    const results = (await pipeline.exec()) ?? [];
    return results
      .map(([, value]) => value as string | null)
      .filter((value): value is string => value !== null)
      .map((value) => JSON.parse(value) as TrialRecord);
  }

  /** The phase of every trial, without reading their records: what a metrics scrape counts. */
  async listPhases(ref: ExperimentRef): Promise<TrialPhase[]> {
    const names = await this.redis.zrange(this.keys.trialIndex(ref), '0', '-1');
    if (names.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const name of names) pipeline.hget(this.keys.trial(ref, name), 'phase');
    const results = (await pipeline.exec()) ?? [];
    return results.map(([, value]) => value as TrialPhase | null).filter((phase): phase is TrialPhase => phase !== null);
  }

  async get(ref: ExperimentRef, name: string): Promise<TrialRecord | undefined> {
    const value = await this.redis.hget(this.keys.trial(ref, name), 'record');
    return value ? (JSON.parse(value) as TrialRecord) : undefined;
  }

  /**
   * Writes `next` only if the stored trial is still in one of `from`; the
   * single way a trial's phase or record changes.
   */
  async transition(next: TrialRecord, from: readonly TrialPhase[]): Promise<boolean> {
    const done = await this.redis.eval(
      TRANSITION_TRIAL,
      1,
      this.keys.trial(next.experiment, next.name),
      next.phase,
      JSON.stringify(next),
      ...from,
    );
    return done === 1;
  }

  /** Gives a running trial the secret it authenticates pushed metrics with. */
  async setPushToken(ref: ExperimentRef, name: string, token: string): Promise<void> {
    await this.redis.hset(this.keys.trial(ref, name), 'token', token);
  }

  /**
   * Appends pushed observations atomically, checking the token and that the
   * trial still runs; nothing is written unless everything is accepted.
   */
  async appendPushed(
    ref: ExperimentRef,
    name: string,
    token: string,
    observations: Observation[],
  ): Promise<'appended' | 'unknown-trial' | 'wrong-token' | 'not-running'> {
    const result = await this.redis.eval(
      APPEND_PUSHED_OBSERVATIONS,
      2,
      this.keys.trial(ref, name),
      this.keys.observations(ref, name),
      token,
      ...observations.map((observation) => JSON.stringify(observationFields(observation))),
    );
    const outcomes = { [-1]: 'unknown-trial', [-2]: 'wrong-token', [-3]: 'not-running' } as const;
    return result === -1 || result === -2 || result === -3 ? outcomes[result] : 'appended';
  }

  async requestKill(ref: ExperimentRef, name: string): Promise<boolean> {
    return (await this.redis.eval(REQUEST_TRIAL_KILL, 1, this.keys.trial(ref, name))) === 1;
  }

  /** True when the trial was flagged, or is gone (its experiment was deleted). */
  async isKillRequested(ref: ExperimentRef, name: string): Promise<boolean> {
    const [kill, phase] = await this.redis.hmget(this.keys.trial(ref, name), 'kill', 'phase');
    return kill === '1' || phase === null;
  }
}
