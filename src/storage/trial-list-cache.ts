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

  async list(experiment: ExperimentRecord): Promise<TrialRecord[]> {
    const key = `${experiment.ref.namespace}/${experiment.ref.name}`;
    let cached = this.lists.get(key);
    if (!cached || cached.uid !== experiment.uid) cached = { uid: experiment.uid, trials: [] };
    this.lists.delete(key);
    this.lists.set(key, cached);

    const activeIndexes = new Set(cached.trials.flatMap((trial, i) => (isTerminal(trial.phase) ? [] : [i])));
    const [fresh, refreshed] = await Promise.all([
      this.trials.createdFrom(experiment.ref, cached.trials.length),
      this.trials.getMany(experiment.ref, [...activeIndexes].map((i) => cached.trials[i].name)),
    ]);
    const byName = new Map(refreshed.map((trial) => [trial.name, trial]));
    const next = cached.trials.map((trial, i) => (activeIndexes.has(i) ? (byName.get(trial.name) ?? trial) : trial));
    // A fresh trial's index is its position: appended in creation order, never removed.
    for (const trial of fresh) if (trial.index === next.length) next.push(trial);
    cached.trials = next;
    this.evictBeyondCapacity();
    return next;
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
