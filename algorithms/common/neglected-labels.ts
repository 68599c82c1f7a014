import type { HistoryEntry, SearchSpace } from '../types.js';

/**
 * The categorical trap: a label whose first few trials all scored badly (its
 * good region is narrow, or its good learning rate differs from the others')
 * is dismissed by a model after three or four samples, and a search can then
 * spend its whole budget polishing a worse label. The model-based searches
 * (`bayesianoptimization`, `tpe`, `multivariate-tpe`) guard against it with
 * the same floor: every label of a categorical parameter gets at least
 * floor(sqrt(2 n)) of the first n trials (10 of 60, 14 of 100, 44 of 1,000),
 * but the labels a search neglects never take more than half of its trials
 * between them: with L labels, at most floor(n / (2 (L - 1))) each, so that
 * a list of twenty labels does not turn the search into a tour of the list.
 * The share this reserves shrinks as the budget grows, as a bandit's
 * exploration does, so a long run pays little for it; where inside the label
 * to look, each algorithm decides with a model of the label's own trials.
 * floor(sqrt(n)) was tried first: on categorical_trap it freed the GP but left
 * univariate TPE stuck on 11 of 15 seeds (7 with the factor 2), and with
 * factor 3 mixed_hpo's median got worse for both TPEs.
 */
export interface NeglectedLabel {
  readonly parameter: string;
  readonly label: string;
  /** Trials (any status) that used the label. */
  readonly trials: number;
}

/** The labels below the floor, fewest trials first (ties in space order), for `history` (pending included). */
export function neglectedLabels(space: SearchSpace, history: readonly HistoryEntry[]): NeglectedLabel[] {
  const neglected: NeglectedLabel[] = [];
  for (const param of space) {
    if (param.type !== 'categorical' || param.values.length < 2) continue;
    const floor = Math.min(
      Math.floor(Math.sqrt(2 * history.length)),
      Math.floor(history.length / (2 * (param.values.length - 1))),
    );
    const trials = new Map(param.values.map((label) => [label, 0]));
    for (const entry of history) {
      const label = String(entry.assignment[param.name]);
      const count = trials.get(label);
      if (count !== undefined) trials.set(label, count + 1);
    }
    for (const [label, count] of trials) {
      if (count < floor) neglected.push({ parameter: param.name, label, trials: count });
    }
  }
  return neglected.sort((a, b) => a.trials - b.trials);
}
