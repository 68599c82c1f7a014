import type { CurvePoint } from '../../algorithms/early-stopping/types.js';
import type { Observation } from './observation.js';

/**
 * A trial's learning curve for one metric: its values in report order, each
 * at the step the trial gave, or at its position (1, 2, ...) when it gave none.
 * A step reported twice keeps its last value.
 */
export function objectiveCurve(observations: readonly Observation[], metric: string): CurvePoint[] {
  const byStep = new Map<number, number>();
  let position = 0;
  for (const observation of observations) {
    if (observation.metric !== metric) continue;
    position += 1;
    byStep.set(observation.step ?? position, observation.value);
  }
  return [...byStep].map(([step, value]) => ({ step, value })).sort((a, b) => a.step - b.step);
}
