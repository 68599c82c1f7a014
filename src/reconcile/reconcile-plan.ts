import type { TrialRecord } from '../domain/trial.js';
import type { ExperimentCompletion } from '../domain/experiment.js';
import type { ExperimentSpec } from '../domain/experiment-spec.js';
import { countTrials, findOptimalTrial, reachesGoal } from '../domain/outcomes.js';

export type CompletionVerdict = Omit<ExperimentCompletion, 'time'>;

export interface ReconcilePlan {
  /** Set when the experiment is finished; it then proposes nothing more. */
  complete?: CompletionVerdict;
  /** How many new trials to ask the algorithm for. */
  suggest: number;
}

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
 * Katib's experiment rules as one pure decision: goal, failed-trial budget and
 * trial budget, in Katib's order, then how many trials to add to reach the
 * parallelism without exceeding maxTrialCount.
 */
export function planReconcile(spec: ExperimentSpec, trials: readonly TrialRecord[]): ReconcilePlan {
  const counts = countTrials(trials);
  const optimal = findOptimalTrial(trials, spec.objective);

  if (optimal && reachesGoal(optimal.value, spec.objective)) {
    return {
      suggest: 0,
      complete: {
        condition: 'Succeeded',
        reason: 'ExperimentGoalReached',
        message: 'Experiment has succeeded because Objective goal has reached',
      },
    };
  }
  // Katib fails only once the failures exceed the allowance.
  if (spec.maxFailedTrialCount !== undefined && counts.byPhase.Failed > spec.maxFailedTrialCount) {
    return {
      suggest: 0,
      complete: {
        condition: 'Failed',
        reason: 'ExperimentMaxFailedTrialsReached',
        message: 'Experiment has failed because max failed count has reached',
      },
    };
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
