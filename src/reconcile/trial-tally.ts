import type { ExperimentRecord } from '../domain/experiment.js';
import { isBetter, rankedValueOf, reachesGoal, type TrialCounts } from '../domain/outcomes.js';
import { isMultiObjective, reachesEveryGoal } from '../domain/pareto.js';
import type { TrialRecord } from '../domain/trial.js';
import { isTerminal, type TrialPhase, zeroPerPhase } from '../domain/trial-phase.js';
import { planFromTally, type ReconcilePlan } from './reconcile-plan.js';

/** Experiments whose tally one process keeps; the least recently used beyond this are dropped (as many as SuggestionService maps). */
export const TALLIED_EXPERIMENTS = 1_000;

/** The counts and best trial of the longest run of ended trials at the start of the list. */
interface SettledPrefix {
  uid: string;
  objective: string;
  trials: TrialRecord[];
  byPhase: Record<TrialPhase, number>;
  optimal?: { trial: TrialRecord; value: number };
}

/**
 * planReconcile for lists from TrialListCache, without reading every trial
 * each time: a trial that has ended never changes and the cache hands back
 * the same record for it (or, after concurrent reads, another copy of the
 * same final record), so the counts and the best value of the ended
 * trials at the start of the list are kept, and only the rest (the active
 * trials and any after them) are tallied afresh. That the kept prefix is
 * still the list's is checked by reference, a pass that allocates nothing;
 * any difference starts afresh. Same answer as planReconcile, which at
 * thousands of trials cost more than the rest of an ask.
 */
export class TrialTally {
  private readonly prefixes = new Map<string, SettledPrefix>();

  /** planReconcile's answer, and how many trials are active. */
  plan(experiment: ExperimentRecord, trials: readonly TrialRecord[]): ReconcilePlan & { active: number } {
    const spec = experiment.manifest.spec;
    const prefix = this.settledPrefix(experiment, trials);
    const byPhase = { ...prefix.byPhase };
    let optimal = prefix.optimal;
    for (let i = prefix.trials.length; i < trials.length; i++) {
      const trial = trials[i];
      byPhase[trial.phase] += 1;
      const value = rankedValueOf(trial, spec.objective);
      // Strictly better only: the earlier trial wins a tie, as in findOptimalTrial.
      if (value !== undefined && !Number.isNaN(value) && (!optimal || isBetter(value, optimal.value, spec.objective))) optimal = { trial, value };
    }
    const active = byPhase.Created + byPhase.Running;
    const counts: TrialCounts = { total: trials.length, byPhase, active, completed: trials.length - active };
    // Several objectives' goals are met by one trial meeting all of them: no kept best value answers that, so those lists are read whole.
    const goalReached = isMultiObjective(spec.objective)
      ? reachesEveryGoal(trials, spec.objective)
      : optimal !== undefined && reachesGoal(optimal.value, spec.objective);
    return { ...planFromTally(spec, counts, goalReached), active };
  }

  private settledPrefix(experiment: ExperimentRecord, trials: readonly TrialRecord[]): SettledPrefix {
    const key = `${experiment.ref.namespace}/${experiment.ref.name}`;
    const objective = JSON.stringify(experiment.manifest.spec.objective);
    let prefix = this.prefixes.get(key);
    if (!prefix || prefix.uid !== experiment.uid || prefix.objective !== objective || !startsWith(trials, prefix.trials)) {
      prefix = { uid: experiment.uid, objective, trials: [], byPhase: zeroPerPhase() };
    }
    this.prefixes.delete(key);
    this.prefixes.set(key, prefix);
    if (this.prefixes.size > TALLIED_EXPERIMENTS) this.prefixes.delete(this.prefixes.keys().next().value as string);
    const { objective: parsed } = experiment.manifest.spec;
    for (let i = prefix.trials.length; i < trials.length && isTerminal(trials[i].phase); i++) {
      const trial = trials[i];
      prefix.trials.push(trial);
      prefix.byPhase[trial.phase] += 1;
      const value = rankedValueOf(trial, parsed);
      if (value !== undefined && !Number.isNaN(value) && (!prefix.optimal || isBetter(value, prefix.optimal.value, parsed))) prefix.optimal = { trial, value };
    }
    return prefix;
  }
}

function startsWith(trials: readonly TrialRecord[], prefix: readonly TrialRecord[]): boolean {
  if (trials.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    // Concurrent reads of the cache may each have re-read a trial as it ended: another record of the
    // same ended trial, which never changes again, is the same trial.
    if (trials[i] !== prefix[i] && (trials[i].name !== prefix[i].name || !isTerminal(trials[i].phase))) return false;
  }
  return true;
}
