import { Injectable } from '@nestjs/common';
import type { ExperimentRecord } from '../domain/experiment.js';
import type { TrialRecord } from '../domain/trial.js';
import { isTerminal } from '../domain/trial-phase.js';
import { TrialRepository } from './trial.repository.js';

/**
 * Trials one process keeps in these lists, all experiments together; the
 * least recently read lists beyond this are dropped (the one just read is
 * always kept). Bounded by trials, not experiments: a worker reconciling 200
 * small experiments must keep them all (a cap of 64 experiments made every
 * reconcile read its whole list again), and a few huge ones must not
 * exhaust the heap (a record is ~1 KB, so this is ~200 MB at most).
 */
const CACHED_TRIALS = 200_000;

interface CachedList {
  uid: string;
  trials: TrialRecord[];
  /** Positions in `trials` of those not yet ended, so that a read need not scan them all. */
  active: number[];
}

/**
 * An experiment's whole trial list, for the algorithms that need its
 * history, read incrementally: trials are only ever appended (by creation
 * index) and a trial that has ended never changes again, so each read fetches
 * only the trials created since the last one and those still active (at most
 * parallelTrialCount). A reconcile or an ask at 20,000 trials then reads a
 * few records from Redis instead of all of them. Keyed by the experiment's
 * uid, so a deleted and re-created experiment of the same name starts afresh.
 */
@Injectable()
export class TrialListCache {
  private readonly lists = new Map<string, CachedList>();

  constructor(private readonly trials: TrialRepository) {}

  /**
   * The experiment, read by `read`, and its trials, in one round trip when
   * this process has listed the experiment before: the trials are read beside
   * it under the uid last seen, and again if the experiment turns out to be
   * another one by now. A trial list a little newer than the experiment read
   * is harmless: whatever is committed from them is conditional on the
   * experiment's version.
   */
  async withExperiment(
    ref: ExperimentRecord['ref'],
    read: () => Promise<ExperimentRecord | undefined>,
  ): Promise<{ experiment: ExperimentRecord; trials: TrialRecord[] } | undefined> {
    const known = this.lists.get(`${ref.namespace}/${ref.name}`)?.uid;
    if (known === undefined) {
      const experiment = await read();
      return experiment && { experiment, trials: await this.list(experiment) };
    }
    const [experiment, trials] = await Promise.all([read(), this.list({ ref, uid: known })]);
    if (!experiment) return undefined;
    return { experiment, trials: experiment.uid === known ? trials : await this.list(experiment) };
  }

  async list(experiment: Pick<ExperimentRecord, 'ref' | 'uid'>): Promise<TrialRecord[]> {
    const key = `${experiment.ref.namespace}/${experiment.ref.name}`;
    let cached = this.lists.get(key);
    if (!cached || cached.uid !== experiment.uid) cached = { uid: experiment.uid, trials: [], active: [] };
    this.lists.delete(key);
    this.lists.set(key, cached);

    const { trials: known, active } = cached;
    const { fresh, again: refreshed } = await this.trials.readSince(
      experiment.ref,
      known.length,
      active.map((i) => known[i].name),
    );
    const byName = new Map(refreshed.map((trial) => [trial.name, trial]));
    // Copying the references is all the work a read does for the trials that have ended.
    const next = known.slice();
    // A concurrent read may have seen the trial end first: keep its record, so that those who keep
    // work per record (SuggestionService, TrialTally) see one object per ended trial.
    const latest = cached.trials;
    for (const i of active) next[i] = latest[i] && isTerminal(latest[i].phase) ? latest[i] : (byName.get(known[i].name) ?? known[i]);
    // A fresh trial's index is its position: appended in creation order, never removed.
    for (const trial of fresh) if (trial.index === next.length) next.push(trial);
    const stillActive = active.filter((i) => !isTerminal(next[i].phase));
    for (let i = known.length; i < next.length; i++) if (!isTerminal(next[i].phase)) stillActive.push(i);
    cached.trials = next;
    cached.active = stillActive;
    this.evictBeyondCapacity();
    return next;
  }

  /**
   * The list as this process last read it, with what it has stored since
   * (`stored`), without reading: for a step planned optimistically whose
   * write is guarded anyway (an ask's commit, conditional on the
   * experiment's version and uid). Trials others ended since look active here.
   */
  known(experiment: Pick<ExperimentRecord, 'ref' | 'uid'>): TrialRecord[] | undefined {
    const cached = this.lists.get(`${experiment.ref.namespace}/${experiment.ref.name}`);
    return cached?.uid === experiment.uid ? cached.trials : undefined;
  }

  /** A trial of `known`'s list that had not ended there, found among the active ones only (as many as the parallelism). */
  knownActive(experiment: Pick<ExperimentRecord, 'ref' | 'uid'>, trialName: string): TrialRecord | undefined {
    const cached = this.lists.get(`${experiment.ref.namespace}/${experiment.ref.name}`);
    if (cached?.uid !== experiment.uid) return undefined;
    for (const i of cached.active) if (cached.trials[i]?.name === trialName) return cached.trials[i];
    return undefined;
  }

  /**
   * Takes in records this process has just stored: trials it created right
   * after the last known one, or known trials it ended. Anything else (a
   * trial after one this process has not seen yet) is left for the next read.
   */
  stored(experiment: Pick<ExperimentRecord, 'ref' | 'uid'>, records: readonly TrialRecord[]): void {
    const cached = this.lists.get(`${experiment.ref.namespace}/${experiment.ref.name}`);
    if (cached?.uid !== experiment.uid) return;
    // A new array, as a read makes: lists handed out before stay as they were.
    const next = cached.trials.slice();
    for (const record of records) {
      if (record.index === next.length) {
        next.push(record);
        if (!isTerminal(record.phase)) cached.active = [...cached.active, record.index];
      } else if (next[record.index]?.name === record.name && !isTerminal(next[record.index].phase)) {
        next[record.index] = record;
        if (isTerminal(record.phase)) cached.active = cached.active.filter((i) => i !== record.index);
      }
    }
    cached.trials = next;
  }

  /** Drops least recently read lists (Map order is read order) until the rest fit. */
  private evictBeyondCapacity(): void {
    let total = 0;
    for (const list of this.lists.values()) total += list.trials.length;
    for (const [key, list] of this.lists) {
      if (total <= CACHED_TRIALS || this.lists.size === 1) return;
      this.lists.delete(key);
      total -= list.trials.length;
    }
  }
}
