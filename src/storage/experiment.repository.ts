import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ExperimentCompletion, ExperimentRecord } from '../domain/experiment.js';
import { RedisKeys } from './keys.js';
import { COMMIT_TRIALS, COMPLETE_EXPERIMENT, CREATE_EXPERIMENT, EDIT_EXPERIMENT, MARK_RECONCILED, SET_EXPERIMENT_NOTE } from './lua-scripts.js';
import { REDIS } from './redis.provider.js';
import { runScript } from './run-script.js';
import type { TrialRecord } from '../domain/trial.js';
import type { PriorHistory } from '../domain/prior-history.js';
import type { HistoryEntry } from '../../algorithms/types.js';
import { type ExperimentRef, parseRefId, refId } from '../domain/identity.js';

@Injectable()
export class ExperimentRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Stores a new experiment, with the prior history of a warm start (its
   * status beside the manifest, its entries under a key of their own, read
   * once by each suggesting process); false when one with the same
   * namespace/name exists.
   */
  async create(record: Omit<ExperimentRecord, 'version' | 'warmStart'>, prior?: PriorHistory): Promise<boolean> {
    const created = await runScript(
      this.redis,
      CREATE_EXPERIMENT,
      4,
      this.keys.experiment(record.ref),
      this.keys.experimentIndex,
      this.keys.liveExperiments,
      this.keys.priorHistory(record.ref),
      refId(record.ref),
      String(Date.parse(record.createdAt)),
      prior ? JSON.stringify(prior.entries) : '',
      'manifest',
      JSON.stringify(record.manifest),
      'meta',
      JSON.stringify({ uid: record.uid, createdAt: record.createdAt }),
      'version',
      '0',
      ...(prior ? ['warmStart', JSON.stringify(prior.status)] : []),
      ...(record.algorithmChoice ? ['algorithmChoice', JSON.stringify(record.algorithmChoice)] : []),
    );
    return created === 1;
  }

  /** The history a warm start gives the algorithm, in the order stored; empty for a cold start. */
  async priorHistory(ref: ExperimentRef): Promise<HistoryEntry[]> {
    const stored = await this.redis.get(this.keys.priorHistory(ref));
    return stored ? (JSON.parse(stored) as HistoryEntry[]) : [];
  }

  async get(ref: ExperimentRef): Promise<ExperimentRecord | undefined> {
    const fields = await this.redis.hgetall(this.keys.experiment(ref));
    if (!fields.manifest) return undefined;
    const meta = JSON.parse(fields.meta) as { uid: string; createdAt: string };
    return {
      ref,
      uid: meta.uid,
      createdAt: meta.createdAt,
      manifest: JSON.parse(fields.manifest),
      version: Number(fields.version),
      algorithmState: fields.algorithmState ? JSON.parse(fields.algorithmState) : undefined,
      completion: fields.completion ? JSON.parse(fields.completion) : undefined,
      ...(fields.algorithmChoice ? { algorithmChoice: JSON.parse(fields.algorithmChoice) } : {}),
      ...(fields.restartedAt ? { restartedAt: fields.restartedAt } : {}),
      ...(fields.warmStart ? { warmStart: JSON.parse(fields.warmStart) } : {}),
    };
  }

  /**
   * What identifies the experiment's current state for a cached view: its
   * incarnation (the meta field, unique to each create under the name) and
   * its revision, which every change a read can show bumps in the same script
   * (lua-scripts.ts). Undefined when there is no such experiment, or one
   * stored before revisions (until its next change gives it one).
   */
  async revisionStamp(ref: ExperimentRef): Promise<string | undefined> {
    const [meta, revision] = await this.redis.hmget(this.keys.experiment(ref), 'meta', 'revision');
    return meta === null || revision === null ? undefined : `${revision} ${meta}`;
  }

  /** Experiment refs in creation order, optionally within one namespace. */
  async listRefs(namespace?: string): Promise<ExperimentRef[]> {
    const ids = await this.redis.zrange(this.keys.experimentIndex, '0', '-1');
    const refs = ids.map(parseRefId);
    return namespace === undefined ? refs : refs.filter((ref) => ref.namespace === namespace);
  }

  /**
   * Every experiment's ref and creation time, in creation order, from the index
   * alone: a list page filters and sorts these, then reads only its own records.
   */
  async listIndex(): Promise<{ ref: ExperimentRef; createdAtMs: number }[]> {
    const flat = await this.redis.zrange(this.keys.experimentIndex, '0', '-1', 'WITHSCORES');
    const entries: { ref: ExperimentRef; createdAtMs: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ ref: parseRefId(flat[i]!), createdAtMs: Number(flat[i + 1]) });
    return entries;
  }

  /**
   * The two small fields an experiment's current condition is derived from
   * (see experiment-status.ts), for many experiments in one round trip,
   * without their manifests or trials; undefined for one deleted meanwhile.
   */
  async statusFacts(refs: ExperimentRef[]): Promise<({ completedAs?: ExperimentCompletion['condition']; restarted: boolean } | undefined)[]> {
    if (refs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const ref of refs) pipeline.hmget(this.keys.experiment(ref), 'completion', 'restartedAt', 'version');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, reply]) => {
      if (error) throw error;
      const [completion, restartedAt, version] = reply as (string | null)[];
      if (version === null) return undefined;
      return { completedAs: completion ? (JSON.parse(completion) as ExperimentCompletion).condition : undefined, restarted: Boolean(restartedAt) };
    });
  }

  /** The experiment's free-text note, or undefined when it has none. */
  async getNote(ref: ExperimentRef): Promise<{ text: string; updatedAt: string } | undefined> {
    const stored = await this.redis.get(this.keys.experimentNote(ref));
    return stored ? (JSON.parse(stored) as { text: string; updatedAt: string }) : undefined;
  }

  /**
   * Replaces the note, only while the experiment exists (checked in the same
   * script, so a note cannot outlive a concurrent delete); false when it does not.
   */
  async setNote(ref: ExperimentRef, note: { text: string; updatedAt: string }): Promise<boolean> {
    const stored = await runScript(this.redis, SET_EXPERIMENT_NOTE, 2, this.keys.experiment(ref), this.keys.experimentNote(ref), JSON.stringify(note));
    return stored === 1;
  }

  /** Experiments that may still have work (see keys.ts), for the periodic resync. */
  async listLiveRefs(): Promise<ExperimentRef[]> {
    return (await this.redis.smembers(this.keys.liveExperiments)).map(parseRefId);
  }

  /**
   * Live experiments that no reconcile reached since `before` (ms): those the
   * resync has to visit. Experiments whose trials keep finishing are
   * reconciled by those completions, so a resync with hundreds of busy
   * experiments queues nothing in front of them.
   */
  async listLiveRefsNotReconciledSince(before: number): Promise<ExperimentRef[]> {
    const ids = await this.redis.smembers(this.keys.liveExperiments);
    if (ids.length === 0) return [];
    const scores = (await this.redis.call('ZMSCORE', this.keys.reconciledAt, ...ids)) as (string | null)[];
    return ids.filter((_, i) => scores[i] === null || Number(scores[i]) < before).map(parseRefId);
  }

  /** Records that a reconcile of `ref` ended at `time` (ms); a retired or deleted experiment is left out. */
  async markReconciled(ref: ExperimentRef, time: number): Promise<void> {
    await runScript(
      this.redis,
      MARK_RECONCILED,
      2,
      this.keys.liveExperiments,
      this.keys.reconciledAt,
      refId(ref),
      String(time),
    );
  }

  /** A complete experiment whose trials have all ended needs no more resyncs. */
  async retire(ref: ExperimentRef): Promise<void> {
    await this.redis.multi().srem(this.keys.liveExperiments, refId(ref)).zrem(this.keys.reconciledAt, refId(ref)).exec();
  }

  /**
   * Records new trials and the algorithm state that produced them in one
   * transaction; false when another worker changed the experiment first.
   */
  async commitTrials(
    experiment: ExperimentRecord,
    trials: TrialRecord[],
    algorithmState: unknown,
    /** Trials start Created (the service runs them), or Running (handed to the caller that runs them). */
    phase: 'Created' | 'Running' = 'Created',
    /** Per trial, the secret its caller reports and completes it with, stored in the same step (ask/tell). */
    pushTokens: readonly string[] = [],
  ): Promise<boolean> {
    const trialKeys = trials.map((trial) => this.keys.trial(experiment.ref, trial.name));
    const trialArgs = trials.flatMap((trial, i) => [trial.name, String(trial.index), JSON.stringify(trial), pushTokens[i] ?? '']);
    const committed = await runScript(
      this.redis,
      COMMIT_TRIALS,
      5 + trialKeys.length,
      this.keys.experiment(experiment.ref),
      this.keys.trialIndex(experiment.ref),
      this.keys.trialsInPhase(experiment.ref, phase),
      this.keys.unrankedTrials(experiment.ref),
      this.keys.experimentEvents(experiment.ref),
      ...trialKeys,
      String(experiment.version),
      JSON.stringify(algorithmState ?? null),
      trials[0]?.createdAt ?? '',
      phase,
      ...trialArgs,
      experiment.uid,
    );
    return committed === 1;
  }

  /**
   * Marks the experiment complete. With `expectedVersion` the change applies only
   * if nothing was committed since the caller read the experiment.
   */
  async complete(
    ref: ExperimentRef,
    completion: ExperimentCompletion,
    expectedVersion?: number,
  ): Promise<boolean> {
    const done = await runScript(
      this.redis,
      COMPLETE_EXPERIMENT,
      2,
      this.keys.experiment(ref),
      this.keys.experimentEvents(ref),
      expectedVersion === undefined ? '' : String(expectedVersion),
      JSON.stringify(completion),
    );
    return done === 1;
  }

  /**
   * Stores an edited manifest if nothing changed since `experiment` was read;
   * `restartAt` also reopens a completed experiment (see EDIT_EXPERIMENT).
   */
  async edit(experiment: ExperimentRecord, manifest: ExperimentRecord['manifest'], restartAt?: string): Promise<boolean> {
    const done = await runScript(
      this.redis,
      EDIT_EXPERIMENT,
      2,
      this.keys.experiment(experiment.ref),
      this.keys.liveExperiments,
      String(experiment.version),
      JSON.stringify(manifest),
      refId(experiment.ref),
      restartAt ?? '',
    );
    return done === 1;
  }

  /** Removes the experiment with its trials and observation logs. */
  async delete(ref: ExperimentRef): Promise<boolean> {
    const removed = await this.redis.zrem(this.keys.experimentIndex, refId(ref));
    await this.redis.multi().srem(this.keys.liveExperiments, refId(ref)).zrem(this.keys.reconciledAt, refId(ref)).exec();
    const stream = this.redis.scanStream({ match: this.keys.experimentKeyPattern(ref), count: 500 });
    for await (const batch of stream as AsyncIterable<string[]>) {
      if (batch.length > 0) await this.redis.unlink(...batch);
    }
    return removed === 1;
  }
}
