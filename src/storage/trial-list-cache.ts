import { Injectable } from '@nestjs/common';
import type { ExperimentRecord } from '../domain/experiment.js';
import type { TrialRecord } from '../domain/trial.js';
import { isTerminal } from '../domain/trial-phase.js';
import { TrialRepository } from './trial.repository.js';

/** Experiments whose trial lists one process keeps; the least recently read beyond this are dropped. */
const CACHED_EXPERIMENTS = 64;

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
    if (this.lists.size > CACHED_EXPERIMENTS) this.lists.delete(this.lists.keys().next().value as string);

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
    return next;
  }
}
