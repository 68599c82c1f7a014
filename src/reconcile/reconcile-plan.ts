import type { TrialRecord } from '../domain/trial.js';
import type { ExperimentCompletion } from '../domain/experiment.js';
import type { ExperimentSpec } from '../domain/experiment-spec.js';
import { countTrials, findOptimalTrial, reachesGoal, type TrialCounts } from '../domain/outcomes.js';
import { isMultiObjective, reachesEveryGoal } from '../domain/pareto.js';

export type CompletionVerdict = Omit<ExperimentCompletion, 'time'>;

export interface ReconcilePlan {
  /** Set when the experiment is finished; it then proposes nothing more. */
  complete?: CompletionVerdict;
  /** How many new trials to ask the algorithm for. */
  suggest: number;
}

export const MAX_FAILED_TRIALS_REACHED: CompletionVerdict = {
  condition: 'Failed',
  reason: 'ExperimentFailed',
  message: 'Experiment has failed because max failed count has reached',
};

export const SUGGESTION_END_REACHED: CompletionVerdict = {
  condition: 'Succeeded',
  reason: 'ExperimentSuggestionEndReached',
  message: 'Experiment has succeeded because suggestion service has reached the end',
};

/** The algorithm cannot propose trials for this experiment, now or later. */
export function suggestionFailed(message: string): CompletionVerdict {
  return { condition: 'Failed', reason: 'ExperimentSuggestionFailed', message: `Experiment has failed because ${message}` };
}

/**
 * Katib's experiment rules as one pure decision, in the order of its
 * UpdateExperimentStatusCondition (pkg/controller.v1beta1/experiment/util/
 * status_util.go): goal, failed-trial budget, trial budget; then how many
 * trials to add to reach the parallelism without exceeding maxTrialCount.
 * (The suggestion end is decided where the algorithm answers: SUGGESTION_END_REACHED.)
 */
export function planReconcile(spec: ExperimentSpec, trials: readonly TrialRecord[]): ReconcilePlan {
  const optimal = findOptimalTrial(trials, spec.objective);
  const goalReached = isMultiObjective(spec.objective)
    ? reachesEveryGoal(trials, spec.objective)
    : optimal !== undefined && reachesGoal(optimal.value, spec.objective);
  return planFromTally(spec, countTrials(trials), goalReached);
}

/** planReconcile from the trials' counts and whether the goal is reached, however they were tallied (see TrialTally). */
export function planFromTally(spec: ExperimentSpec, counts: TrialCounts, goalReached: boolean): ReconcilePlan {

  if (goalReached) {
    return {
      suggest: 0,
      complete: {
        condition: 'Succeeded',
        reason: 'ExperimentGoalReached',
        message: 'Experiment has succeeded because Objective goal has reached',
      },
    };
  }
  // Katib counts a trial without metrics as failed, and fails the experiment as
  // soon as the failures reach the allowance (none at all still fails nothing).
  const failed = counts.byPhase.Failed + counts.byPhase.MetricsUnavailable;
  if (spec.maxFailedTrialCount !== undefined && failed !== 0 && failed >= spec.maxFailedTrialCount) {
    return { suggest: 0, complete: MAX_FAILED_TRIALS_REACHED };
  }
  if (spec.maxTrialCount !== undefined && counts.completed >= spec.maxTrialCount) {
    return {
      suggest: 0,
      complete: {
        condition: 'Succeeded',
        reason: 'ExperimentMaxTrialsReached',
        message: 'Experiment has succeeded because max trial count has reached',
      },
    };
  }
  const remainingBudget =
    spec.maxTrialCount === undefined ? Infinity : spec.maxTrialCount - counts.total;
  const suggest = Math.max(0, Math.min(spec.parallelTrialCount - counts.active, remainingBudget));
  return { suggest };
}
