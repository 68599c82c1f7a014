/**
 * Early stopping as a pure decision: one trial's learning curve, the curves of
 * the experiment's other trials and the rule's settings in; stop or continue
 * out. The service calls it whenever a running trial reports a new value.
 */
import type { Assignment, ObjectiveDirection, SettingError } from '../types.js';

/** One reported objective value; `step` is the trial's step/epoch, or the report's order from 1. */
export interface CurvePoint {
  step: number;
  value: number;
}

export interface TrialCurve {
  trialName: string;
  /** `completed`: ran to the end; `stopped`: ended early by a rule; `running`: still reporting. */
  status: 'running' | 'completed' | 'stopped';
  /** Ascending by step. */
  points: CurvePoint[];
  assignment?: Assignment;
}

export interface EarlyStoppingRequest {
  trial: TrialCurve;
  /** Every other trial of the experiment that reported at least one value. */
  others: TrialCurve[];
  direction: ObjectiveDirection;
  settings: Record<string, string>;
}

export interface EarlyStoppingDecision {
  stop: boolean;
  /** Why, in words a user reads on the trial, when stopping. */
  reason?: string;
  /**
   * When stopping, the objective value the rule expects the trial would have
   * ended at had it gone on, if the rule forecasts one (curvefit does). A
   * search can learn from it in place of the stopped trial's last values,
   * which say how far it got, not where it was going. The service stores it
   * on the EarlyStopped trial and tells the search it when the experiment
   * asks (src/domain/stopped-trial-value.ts); bench:early-stopping's
   * curvefit-forecast variant measures what it is worth.
   */
  forecast?: number;
}

export interface EarlyStoppingRule {
  readonly name: string;
  validate(settings: Record<string, string>): SettingError[];
  shouldStop(request: EarlyStoppingRequest): EarlyStoppingDecision;
}
