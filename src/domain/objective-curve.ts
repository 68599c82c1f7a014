import type { CurvePoint } from '../../algorithms/early-stopping/types.js';
import type { Observation } from './observation.js';

/**
 * A trial's learning curve for one metric, built as observations arrive: its
 * values in report order, each at the step the trial gave, or at its position
 * (1, 2, ...) when it gave none. A step reported twice keeps its last value.
 */
export class ObjectiveCurve {
  private readonly byStep = new Map<number, number>();
  private position = 0;
  private sorted?: CurvePoint[];

  constructor(private readonly metric: string) {}

  /** How many values of the metric have been folded in. */
  get length(): number {
    return this.position;
  }

  add(observations: readonly Observation[]): void {
    for (const observation of observations) {
      if (observation.metric !== this.metric) continue;
      this.position += 1;
      this.byStep.set(observation.step ?? this.position, observation.value);
      this.sorted = undefined;
    }
  }

  points(): CurvePoint[] {
    this.sorted ??= [...this.byStep].map(([step, value]) => ({ step, value })).sort((a, b) => a.step - b.step);
    return this.sorted;
  }
}

export function objectiveCurve(observations: readonly Observation[], metric: string): CurvePoint[] {
  const curve = new ObjectiveCurve(metric);
  curve.add(observations);
  return curve.points();
}
