import { whyOutsideSpace } from '../../algorithms/encoding/feasible-value.js';
import type { HistoryEntry, SearchSpace } from '../../algorithms/types.js';
import type { Objective, PriorExperiment } from './experiment-spec.js';
import { assignmentOf, toHistoryEntry } from './history-entry.js';
import type { TrialRecord } from './trial.js';
import { isTerminal } from './trial-phase.js';

/** What one prior experiment gave a warm start: its ended trials that fit, and those that did not. */
export interface PriorExperimentCount extends PriorExperiment {
  importedTrials: number;
  droppedTrials: number;
}

/** A warm-started experiment's status (a kubetune addition): how many earlier trials seed its search. */
export interface WarmStartStatus {
  importedTrials: number;
  droppedTrials: number;
  experiments: PriorExperimentCount[];
}

/**
 * The prior history a warm start gives the algorithm, fixed when the
 * experiment is submitted: later trials of the prior experiments, or their
 * deletion, change nothing, so the same seed still gives the same search.
 */
export interface PriorHistory {
  entries: HistoryEntry[];
  status: WarmStartStatus;
}

/**
 * An earlier experiment's trials as history for a search over `space` and
 * `objective` (the new experiment's): each trial that ended with a verdict
 * (Succeeded, EarlyStopped, Failed, MetricsUnavailable; Killed trials never
 * ran to an end) is judged by the new objective, as the new experiment
 * would judge its own, and kept only when every value lies inside the new
 * space. Trials still active are neither imported nor dropped.
 */
export function priorEntriesOf(
  trials: readonly TrialRecord[],
  space: SearchSpace,
  objective: Objective,
): { entries: HistoryEntry[]; dropped: number } {
  const entries: HistoryEntry[] = [];
  let dropped = 0;
  for (const trial of trials) {
    if (!isTerminal(trial.phase) || trial.phase === 'Killed') continue;
    const assignment = assignmentOf(trial, space);
    const fits = space.every((parameter) => {
      const raw = trial.parameterAssignments.find((a) => a.name === parameter.name)?.value;
      return whyOutsideSpace(parameter, raw) === undefined;
    });
    if (fits) entries.push(toHistoryEntry(trial, objective, assignment));
    else dropped++;
  }
  return { entries, dropped };
}

/** The prior history of several experiments, in the order the spec lists them. */
export function combinePriorHistory(parts: readonly { prior: PriorExperiment; entries: HistoryEntry[]; dropped: number }[]): PriorHistory {
  const experiments = parts.map(({ prior, entries, dropped }) => ({ ...prior, importedTrials: entries.length, droppedTrials: dropped }));
  return {
    entries: parts.flatMap((part) => part.entries),
    status: {
      importedTrials: experiments.reduce((sum, e) => sum + e.importedTrials, 0),
      droppedTrials: experiments.reduce((sum, e) => sum + e.droppedTrials, 0),
      experiments,
    },
  };
}
