import type { CurvePoint } from '../types.js';
import { forecastsAt, type ForecastOptions } from './forecast.js';

/** A minimised curve of a trial that ran to the end. */
export interface CompletedCurve {
  trialName: string;
  points: readonly CurvePoint[];
  /** The value it ended on, as the rule measures it (./final-value.ts). */
  final: number;
}

export interface LateDrop {
  trialName: string;
  /** How far the curve ended below the most optimistic forecast made from its first points. */
  drop: number;
}

/**
 * How far a completed curve ended below what the curve families would have
 * forecast for it, at its best, from its points up to `step`: 0 when the
 * forecast held. Parametric families are smooth and convex, so they cannot
 * see a plateau before a learning-rate drop or the flat start of a warm-up
 * coming; a completed curve that had one at `step` shows how much a curve of
 * this experiment can still gain that its fit does not show.
 */
export function dropBeyondForecast(
  { points, final }: CompletedCurve,
  step: number,
  options: ForecastOptions,
): number {
  const prefix = points.filter((point) => point.step <= step);
  const lastStep = points.at(-1)?.step;
  // Four points leave the three-parameter fits one residual degree of freedom.
  if (lastStep === undefined || prefix.length < 4 || lastStep <= prefix.at(-1)!.step) return 0;
  const forecasts = forecastsAt(prefix, lastStep, options);
  const optimistic = Math.min(...forecasts.map((forecast) => forecast.optimistic));
  return Math.max(0, optimistic - final);
}

/**
 * The first of `completed` whose curve dropped beyond its forecast from
 * `step` on by at least `gap`, or undefined when none did. Looks only as far
 * as it must: the caller asks whether any did, not by how much the most did.
 */
export function findLateDrop(
  completed: readonly CompletedCurve[],
  step: number,
  gap: number,
  options: ForecastOptions,
): LateDrop | undefined {
  for (const curve of completed) {
    const drop = dropBeyondForecast(curve, step, options);
    if (drop >= gap) return { trialName: curve.trialName, drop };
  }
  return undefined;
}
