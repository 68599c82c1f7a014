import type { CurvePoint } from '../../algorithms/early-stopping/types.js';
import type { TrialRecord } from '../domain/trial.js';
import type { TrialPhase } from '../domain/trial-phase.js';

/** Curves drawn at most: past this a chart of lines is a smear, and its answer would grow with the experiment. */
export const MAX_CURVES = 300;
/** Points per curve at most; longer curves keep an even stride, their last point always. */
export const MAX_POINTS_PER_CURVE = 100;

export interface TrialCurveView {
  name: string;
  index: number;
  phase: TrialPhase;
  /** Why the trial ended as it did: for an early-stopped trial, the rule's reason. */
  message?: string;
  /** [step, objective value] pairs. */
  points: [number, number][];
}

export interface IntermediateValues {
  /** Trials that have a curve. */
  total: number;
  sampled: boolean;
  trials: TrialCurveView[];
}

/**
 * The objective's intermediate values of each trial, for the chart of
 * learning curves: `curveOf` gives a trial's points (the curve stored when it
 * ended, or its observation log while it runs). Past MAX_CURVES the running
 * trials are kept, then an even stride through the rest in creation order.
 */
export function toIntermediateValues(trials: readonly TrialRecord[], curveOf: (trial: TrialRecord) => CurvePoint[] | undefined): IntermediateValues {
  const withCurves = trials.flatMap((trial) => {
    const points = curveOf(trial);
    return points && points.length > 0 ? [{ trial, points }] : [];
  });
  let kept = withCurves;
  if (withCurves.length > MAX_CURVES) {
    const running = withCurves.filter(({ trial }) => trial.phase === 'Running');
    const rest = withCurves.filter(({ trial }) => trial.phase !== 'Running');
    const wanted = Math.max(0, MAX_CURVES - running.length);
    const sampled = Array.from({ length: Math.min(wanted, rest.length) }, (_, k) => rest[Math.floor((k * rest.length) / wanted)]!);
    kept = [...sampled, ...running].sort((a, b) => a.trial.index - b.trial.index);
  }
  return {
    total: withCurves.length,
    sampled: kept.length < withCurves.length,
    trials: kept.map(({ trial, points }) => ({
      name: trial.name,
      index: trial.index,
      phase: trial.phase,
      ...(trial.message ? { message: trial.message } : {}),
      points: thin(points).map((point) => [point.step, point.value] as [number, number]),
    })),
  };
}

function thin(points: readonly CurvePoint[]): CurvePoint[] {
  if (points.length <= MAX_POINTS_PER_CURVE) return [...points];
  const kept = Array.from({ length: MAX_POINTS_PER_CURVE - 1 }, (_, k) => points[Math.floor((k * points.length) / (MAX_POINTS_PER_CURVE - 1))]!);
  return [...kept, points[points.length - 1]!];
}
