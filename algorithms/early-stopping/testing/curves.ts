import type { TrialCurve } from '../types.js';

/** A hand-made curve reporting `values` at steps 1, 2, 3, ... */
export function curve(trialName: string, status: TrialCurve['status'], values: readonly number[]): TrialCurve {
  return { trialName, status, points: values.map((value, index) => ({ step: index + 1, value })) };
}

/** A hand-made curve reporting at the given steps. */
export function curveAt(
  trialName: string,
  status: TrialCurve['status'],
  points: readonly (readonly [step: number, value: number])[],
): TrialCurve {
  return { trialName, status, points: points.map(([step, value]) => ({ step, value })) };
}
