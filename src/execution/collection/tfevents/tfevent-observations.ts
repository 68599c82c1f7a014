import type { Observation } from '../../../domain/observation.js';
import type { EventScalar } from './event-scalars.js';
import { tagReportsMetric } from './katib-tag-match.js';

function isoFromSeconds(seconds: number, fallback: Date): string {
  const date = new Date(seconds * 1000);
  return seconds > 0 && !Number.isNaN(date.getTime()) ? date.toISOString() : fallback.toISOString();
}

/**
 * Observations from the scalars of one event file: each scalar counts for
 * every metric whose Katib rule its tag meets (see tagReportsMetric), at the
 * event's step and wall time.
 */
export function observationsOfScalars(
  scalars: readonly EventScalar[],
  metricNames: readonly string[],
  eventFileDirectory: string,
  now: Date,
): Observation[] {
  const observations: Observation[] = [];
  for (const scalar of scalars) {
    for (const metric of metricNames) {
      if (!tagReportsMetric(scalar.tag, metric, eventFileDirectory)) continue;
      observations.push({ metric, value: scalar.value, step: scalar.step, time: isoFromSeconds(scalar.wallTime, now) });
    }
  }
  return observations;
}
