import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { TrialRecord } from '../domain/trial.js';
import { RedisKeys } from './keys.js';
import {
  APPEND_PUSHED_OBSERVATIONS,
  END_CALLER_TRIAL,
  INDEX_TRIALS,
  READ_TRIALS_SINCE,
  REQUEST_TRIAL_KILL,
  TRANSITION_TRIAL,
  TRIAL_INDEXES_VERSION,
} from './lua-scripts.js';
import { observationFields } from './observation.repository.js';
import type { Observation } from '../domain/observation.js';
import { REDIS } from './redis.provider.js';
import { runScript } from './run-script.js';
import { TRIAL_PHASES, type TrialPhase, zeroPerPhase } from '../domain/trial-phase.js';
import { type ExperimentRef } from '../domain/identity.js';
import type { Objective } from '../domain/experiment-spec.js';
import { TRIAL_LIST_LIMIT, type TrialSummary } from '../domain/experiment-status.js';
import { rankedValueOf, type TrialCounts } from '../domain/outcomes.js';
import { isMultiObjective, type ParetoFront } from '../domain/pareto.js';

/**
 * Stored with the front: how many trials had ended when it was computed, so
 * that a reconcile that read an older trial list never replaces a newer front.
 */
const SAVE_PARETO_FRONT = `
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local stored = redis.call('GET', KEYS[1])
if stored and cjson.decode(stored).ended > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if stored ~= ARGV[2] then redis.call('HINCRBY', KEYS[2], 'revision', 1) end
return 1
`;

/**
 * Katib's optimal trial among those tied at the best score: the earliest
 * created. Looked up inside Redis, since a metric with few distinct values
 * (an accuracy over a small validation set) ties hundreds of trials, whose
 * names and indexes would otherwise cross the wire on every status read.
 * KEYS: objective ranking, trial index. ARGV: the score. Returns the name, or
 * nil when no trial holds that score.
 */
const EARLIEST_AT_SCORE = `
local earliest, earliestIndex = false, nil
for _, name in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])) do
  local index = tonumber(redis.call('ZSCORE', KEYS[2], name))
  if index and (earliestIndex == nil or index < earliestIndex) then earliest, earliestIndex = name, index end
end
return earliest
`;

interface ParetoFrontRecord {
  ended: number;
  front: ParetoFront;
}

/** Which trials a page holds, and in which order. */
export interface TrialPageRequest {
  offset: number;
  limit: number;
  /** `objective` puts the best first, then trials without a value in creation order. */
  sort: 'created' | 'objective';
  order: 'asc' | 'desc';
  phase?: TrialPhase;
}

/** Phases whose trials carry an objective value (outcomes.ts) and so may be ranked. */
/** HSET only on a trial that still exists: a late write must not leave a stray hash behind a deleted experiment. */
const SET_IF_TRIAL_EXISTS = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 0`;

const RANKED_PHASES: readonly TrialPhase[] = ['Succeeded', 'EarlyStopped'];

/** Ascending ranking score is best first; '' means the trial is not ranked. */
function rankingScore(value: number | undefined, objective: Objective): string {
  if (value === undefined || Number.isNaN(value)) return '';
  const signed = objective.type === 'minimize' ? value : -value;
  return signed === Infinity ? '+inf' : signed === -Infinity ? '-inf' : String(signed);
}

/** The objective value a ranking score stands for (rankingScore's inverse); Redis writes infinite scores as inf. */
function valueOfScore(score: string, objective: Objective): number {
  const signed = score === 'inf' ? Infinity : score === '-inf' ? -Infinity : Number(score);
  return objective.type === 'minimize' ? signed : -signed;
}

/** What ending a caller-run trial came to: refused (nothing written), or ended with the counts Katib's completion rules read. */
export type CallerTrialEnd =
  | { outcome: 'unknown-trial' | 'wrong-token' | 'not-running' | 'log-changed' }
  | { outcome: 'ended'; counts: TrialCounts; bestValue?: number };

/** What a trial's transition is conditional on, and what it sets besides the record (see TrialRepository.transition). */
export interface TransitionGuard {
  objective?: Objective;
  heldAttempt?: number;
  pushToken?: string;
}

@Injectable()
export class TrialRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** All trials of an experiment in creation order. */
  async list(ref: ExperimentRef): Promise<TrialRecord[]> {
    return this.getMany(ref, await this.redis.zrange(this.keys.trialIndex(ref), '0', '-1'));
  }

  /**
   * Counts and capped names per phase, the optimal trial and the first
   * creation time, read from the indexes: a fixed number of commands and
   * TRIAL_LIST_LIMIT names per phase at most, however many trials there are.
   */
  async summary(ref: ExperimentRef, objective: Objective): Promise<TrialSummary> {
    await this.ensureIndexes(ref, objective);
    const pipeline = this.redis.pipeline();
    for (const phase of TRIAL_PHASES) pipeline.zcard(this.keys.trialsInPhase(ref, phase));
    for (const phase of TRIAL_PHASES) pipeline.zrange(this.keys.trialsInPhase(ref, phase), '0', String(TRIAL_LIST_LIMIT - 1));
    pipeline.zrange(this.keys.objectiveRanking(ref), '0', '0', 'WITHSCORES');
    pipeline.hget(this.keys.experiment(ref), 'firstTrialCreatedAt');
    pipeline.get(this.keys.paretoFront(ref));
    const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    const counts = zeroPerPhase();
    const names = {} as Record<TrialPhase, string[]>;
    TRIAL_PHASES.forEach((phase, i) => {
      counts[phase] = replies[i] as number;
      names[phase] = replies[TRIAL_PHASES.length + i] as string[];
    });
    const [best, bestScore] = replies[2 * TRIAL_PHASES.length] as string[];
    const firstTrialCreatedAt = (replies[2 * TRIAL_PHASES.length + 1] as string | null) ?? undefined;
    const storedFront = replies[2 * TRIAL_PHASES.length + 2] as string | null;
    const optimal = best === undefined ? undefined : await this.get(ref, await this.earliestAt(ref, best, bestScore));
    if (!isMultiObjective(objective)) return { counts, names, optimal, firstTrialCreatedAt };
    const paretoFront = storedFront === null ? { members: [], size: 0 } : (JSON.parse(storedFront) as ParetoFrontRecord).front;
    return { counts, names, optimal, firstTrialCreatedAt, paretoFront };
  }

  /**
   * Replaces the stored Pareto front unless a newer one (computed from more
   * ended trials) is already there: one small write per reconcile, so that a
   * status read costs one GET however many trials the front was drawn from.
   */
  async saveParetoFront(ref: ExperimentRef, endedTrials: number, front: ParetoFront): Promise<void> {
    const record: ParetoFrontRecord = { ended: endedTrials, front };
    await runScript(this.redis, SAVE_PARETO_FRONT, 2, this.keys.paretoFront(ref), this.keys.experiment(ref), String(endedTrials), JSON.stringify(record));
  }

  /** One page of trials and how many match, reading only the page's records. */
  async page(ref: ExperimentRef, objective: Objective, request: TrialPageRequest): Promise<{ trials: TrialRecord[]; total: number }> {
    await this.ensureIndexes(ref, objective);
    const byCreation = request.phase ? this.keys.trialsInPhase(ref, request.phase) : this.keys.trialIndex(ref);
    const total = await this.redis.zcard(byCreation);
    // Reversing the whole order is the same as the ascending page mirrored from the end.
    const descending = request.order === 'desc';
    const first = descending ? Math.max(0, total - request.offset - request.limit) : request.offset;
    const count = descending ? Math.max(0, total - request.offset - first) : request.limit;
    let names: string[] = [];
    if (count > 0 && first < total) {
      names =
        request.sort === 'objective'
          ? await this.rankedSlice(ref, request.phase, first, count)
          : await this.redis.zrange(byCreation, String(first), String(first + count - 1));
    }
    if (descending) names.reverse();
    return { trials: await this.getMany(ref, names), total };
  }

  /** The names of trials that still hold a place in the parallelism. */
  async activeNames(ref: ExperimentRef): Promise<string[]> {
    const [created, running] = await Promise.all(
      (['Created', 'Running'] as const).map((phase) => this.redis.zrange(this.keys.trialsInPhase(ref, phase), '0', '-1')),
    );
    return [...created, ...running];
  }

  /**
   * Positions first..first+count-1 of the objective order: ranked trials best
   * first (equal values by name), then the unranked ones in creation order.
   * Without a phase both parts are read straight from their sorted sets. A
   * phase that cannot hold results is all unranked; Succeeded or EarlyStopped
   * intersect the ranking with the phase, which costs the size of the phase.
   */
  private async rankedSlice(ref: ExperimentRef, phase: TrialPhase | undefined, first: number, count: number): Promise<string[]> {
    const ranking = this.keys.objectiveRanking(ref);
    if (phase && !RANKED_PHASES.includes(phase)) {
      return this.redis.zrange(this.keys.trialsInPhase(ref, phase), String(first), String(first + count - 1));
    }
    let ranked: string[];
    let unranked: (n: number) => Promise<string[]>;
    if (!phase) {
      const rankedCount = await this.redis.zcard(ranking);
      ranked = first < rankedCount ? await this.redis.zrange(ranking, String(first), String(Math.min(rankedCount, first + count) - 1)) : [];
      const unrankedFrom = Math.max(0, first - rankedCount);
      unranked = (n) => this.redis.zrange(this.keys.unrankedTrials(ref), String(unrankedFrom), String(unrankedFrom + n - 1));
    } else {
      const inPhase = this.keys.trialsInPhase(ref, phase);
      const all = (await this.redis.call('ZINTER', '2', ranking, inPhase, 'WEIGHTS', '1', '0')) as string[];
      ranked = all.slice(first, first + count);
      const unrankedFrom = Math.max(0, first - all.length);
      unranked = async (n) => ((await this.redis.call('ZDIFF', '2', inPhase, ranking)) as string[]).slice(unrankedFrom, unrankedFrom + n);
    }
    return ranked.length < count ? [...ranked, ...(await unranked(count - ranked.length))] : ranked;
  }

  /** Among trials tied at the best value, the earliest created: Katib's optimal trial. */
  private async earliestAt(ref: ExperimentRef, best: string, score: string): Promise<string> {
    const earliest = (await runScript(this.redis, EARLIEST_AT_SCORE, 2, this.keys.objectiveRanking(ref), this.keys.trialIndex(ref), score)) as string | null;
    return earliest ?? best;
  }

  /**
   * Indexes an experiment stored before the phase indexes and the objective
   * ranking existed, once: one HGET for every later read.
   */
  private async ensureIndexes(ref: ExperimentRef, objective: Objective): Promise<void> {
    if ((await this.redis.hget(this.keys.experiment(ref), 'indexes')) === TRIAL_INDEXES_VERSION) return;
    const scores = (await this.list(ref)).flatMap((trial) => {
      const score = rankingScore(rankedValueOf(trial, objective), objective);
      return score === '' ? [] : [trial.name, score];
    });
    await runScript(
      this.redis,
      INDEX_TRIALS,
      4 + TRIAL_PHASES.length,
      this.keys.experiment(ref),
      this.keys.trialIndex(ref),
      this.keys.objectiveRanking(ref),
      this.keys.unrankedTrials(ref),
      ...TRIAL_PHASES.map((phase) => this.keys.trialsInPhase(ref, phase)),
      this.keys.trial(ref, ''),
      TRIAL_INDEXES_VERSION,
      ...scores,
    );
  }

  /** Trials from creation index `from` on, in creation order. */
  async createdFrom(ref: ExperimentRef, from: number): Promise<TrialRecord[]> {
    return this.getMany(ref, await this.redis.zrange(this.keys.trialIndex(ref), String(from), '-1'));
  }

  /**
   * The trials created from index `from` on, in creation order, and the
   * named ones read again: one command, for the trial list cache.
   */
  async readSince(ref: ExperimentRef, from: number, again: readonly string[]): Promise<{ fresh: TrialRecord[]; again: TrialRecord[] }> {
    const [fresh, reread] = (await runScript(this.redis, READ_TRIALS_SINCE, 1, this.keys.trialIndex(ref), this.keys.trial(ref, ''), String(from), ...again)) as [
      string[],
      string[],
    ];
    const parse = (records: string[]) => records.map((record) => JSON.parse(record) as TrialRecord);
    return { fresh: parse(fresh), again: parse(reread) };
  }

  async getMany(ref: ExperimentRef, names: readonly string[]): Promise<TrialRecord[]> {
    if (names.length === 0) return [];
    const values = await this.redis.pipeline(names.map((name) => ['hget', this.keys.trial(ref, name), 'record'])).exec();
    return (values ?? [])
      .map(([error, value]) => {
        // A failed command (a timeout on the API's fail-fast connection) fails the read; it is not a missing trial.
        if (error) throw error;
        return value as string | null;
      })
      .filter((value): value is string => value !== null)
      .map((value) => JSON.parse(value) as TrialRecord);
  }

  /** How many trials are in each phase, from the phase indexes: one ZCARD per phase. */
  async countByPhase(ref: ExperimentRef, objective: Objective): Promise<Record<TrialPhase, number>> {
    await this.ensureIndexes(ref, objective);
    const replies = (await this.redis.pipeline(TRIAL_PHASES.map((phase) => ['zcard', this.keys.trialsInPhase(ref, phase)])).exec()) ?? [];
    const counts = zeroPerPhase();
    TRIAL_PHASES.forEach((phase, i) => {
      const [error, value] = replies[i];
      if (error) throw error;
      counts[phase] = value as number;
    });
    return counts;
  }

  async get(ref: ExperimentRef, name: string): Promise<TrialRecord | undefined> {
    const value = await this.redis.hget(this.keys.trial(ref, name), 'record');
    return value ? (JSON.parse(value) as TrialRecord) : undefined;
  }

  /** The trial and whether it is to be killed (isKillRequested), in one read: what a runner needs before it starts it. */
  async getWithKillRequest(ref: ExperimentRef, name: string): Promise<{ trial: TrialRecord; killRequested: boolean } | undefined> {
    const [record, kill] = await this.redis.hmget(this.keys.trial(ref, name), 'record', 'kill');
    return record ? { trial: JSON.parse(record) as TrialRecord, killRequested: kill === '1' } : undefined;
  }

  /**
   * Writes `next` only if the stored trial is still in one of `from` (and,
   * given `heldAttempt`, still on that attempt); the single way a trial's
   * phase or record changes. The attempt guard is what keeps a runner that
   * lost its job (its lock lapsed while Redis or its host stalled, and another
   * worker started the trial again) from recording anything over the new run.
   * Given the experiment's `objective`, a trial that ends with a result
   * enters the objective ranking in the same step; given a `pushToken`, the
   * trial's workload is given that secret to authenticate pushed metrics
   * with (a claim does so as it starts the trial).
   */
  async transition(next: TrialRecord, from: readonly TrialPhase[], guard: TransitionGuard = {}): Promise<boolean> {
    return (await this.runTransition(next, from, guard, '')) === 1;
  }

  /**
   * transition, on the further condition that the trial's observation log
   * holds exactly `logLength` entries: a runner that kept every value it
   * appended judges the trial from those without reading the log again, and
   * 'log-changed' (nothing written) says that someone else appended (a push),
   * so the verdict must be drawn from the log as stored.
   */
  async transitionIfLogLength(next: TrialRecord, from: readonly TrialPhase[], guard: TransitionGuard, logLength: number): Promise<'done' | 'refused' | 'log-changed'> {
    const outcome = await this.runTransition(next, from, guard, String(logLength));
    return outcome === 1 ? 'done' : outcome === -1 ? 'log-changed' : 'refused';
  }

  private async runTransition(next: TrialRecord, from: readonly TrialPhase[], guard: TransitionGuard, logLength: string): Promise<number> {
    const ref = next.experiment;
    const score = guard.objective ? rankingScore(rankedValueOf(next, guard.objective), guard.objective) : '';
    return (await runScript(
      this.redis,
      TRANSITION_TRIAL,
      6 + TRIAL_PHASES.length,
      this.keys.trial(ref, next.name),
      this.keys.objectiveRanking(ref),
      this.keys.unrankedTrials(ref),
      ...TRIAL_PHASES.map((phase) => this.keys.trialsInPhase(ref, phase)),
      this.keys.experimentEvents(ref),
      this.keys.experiment(ref),
      this.keys.observations(ref, next.name),
      next.phase,
      JSON.stringify(next),
      next.name,
      String(next.index),
      score,
      guard.heldAttempt === undefined ? '' : String(guard.heldAttempt),
      guard.pushToken ?? '',
      logLength,
      ...from,
    )) as number;
  }

  /**
   * Ends a trial its caller ran, in one atomic step (END_CALLER_TRIAL): with
   * its token, while it runs, and only if its log still ends at `logSeenUpTo`
   * (the entry the verdict in `final` was drawn from), appends the caller's
   * final `observations` and records `final`. When it ended, the trial counts
   * and the best objective value right after it, as one read of the indexes
   * would give them.
   */
  async endCallerTrial(final: TrialRecord, token: string, logSeenUpTo: string, observations: Observation[], objective: Objective): Promise<CallerTrialEnd> {
    const ref = final.experiment;
    const reply = (await runScript(
      this.redis,
      END_CALLER_TRIAL,
      7 + TRIAL_PHASES.length,
      this.keys.trial(ref, final.name),
      this.keys.objectiveRanking(ref),
      this.keys.unrankedTrials(ref),
      ...TRIAL_PHASES.map((phase) => this.keys.trialsInPhase(ref, phase)),
      this.keys.experimentEvents(ref),
      this.keys.observations(ref, final.name),
      this.keys.trialIndex(ref),
      this.keys.experiment(ref),
      final.phase,
      JSON.stringify(final),
      final.name,
      String(final.index),
      rankingScore(rankedValueOf(final, objective), objective),
      token,
      logSeenUpTo,
      ...observations.map((observation) => JSON.stringify(observationFields(observation))),
    )) as number | [number, ...number[]];
    if (typeof reply === 'number') {
      const refusals = { [-1]: 'unknown-trial', [-2]: 'wrong-token', [-3]: 'not-running', [-4]: 'log-changed' } as const;
      return { outcome: refusals[reply as -1 | -2 | -3 | -4] };
    }
    const [total, ...rest] = reply;
    const byPhase = zeroPerPhase();
    TRIAL_PHASES.forEach((phase, i) => (byPhase[phase] = rest[i] as number));
    const best = rest[TRIAL_PHASES.length] as unknown as string;
    const active = byPhase.Created + byPhase.Running;
    return {
      outcome: 'ended',
      counts: { total, byPhase, active, completed: total - active },
      ...(best === '' ? {} : { bestValue: valueOfScore(best, objective) }),
    };
  }

  /** The push token the trial's workload was given, if any. */
  async pushToken(ref: ExperimentRef, name: string): Promise<string | undefined> {
    return (await this.redis.hget(this.keys.trial(ref, name), 'token')) ?? undefined;
  }

  /**
   * Keeps what the executor last saw of the trial's workload (a trial
   * object's status), for the worker that re-attaches to it after this one;
   * a trial that no longer exists (its experiment deleted) is not recreated.
   */
  async setWorkloadSnapshot(ref: ExperimentRef, name: string, snapshot: Record<string, unknown>): Promise<void> {
    await runScript(this.redis, SET_IF_TRIAL_EXISTS, 1, this.keys.trial(ref, name), 'workload', JSON.stringify(snapshot));
  }

  /** What the executor last saw of the trial's workload, if it saw it. */
  async workloadSnapshot(ref: ExperimentRef, name: string): Promise<Record<string, unknown> | undefined> {
    const text = await this.redis.hget(this.keys.trial(ref, name), 'workload');
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
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
    const result = await runScript(
      this.redis,
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
    return (await runScript(this.redis, REQUEST_TRIAL_KILL, 1, this.keys.trial(ref, name))) === 1;
  }

  /** True when the trial was flagged, or is gone (its experiment was deleted). */
  async isKillRequested(ref: ExperimentRef, name: string): Promise<boolean> {
    const [kill, phase] = await this.redis.hmget(this.keys.trial(ref, name), 'kill', 'phase');
    return kill === '1' || phase === null;
  }
}
