import { parseMetricReport } from './metric-report.js';
import type { Observation } from '../domain/observation.js';

/** How a caller ends a trial it ran: its outcome, and optionally its final metrics. */
export interface CallerCompletion {
  state: 'Succeeded' | 'Failed' | 'Infeasible';
  message?: string;
  /** Final values, recorded as the trial's last observations before it is judged. */
  observations: Observation[];
}

const STATES = ['Succeeded', 'Failed', 'Infeasible'] as const;

/**
 * Reads `{"state": "Succeeded", "metrics": {"loss": 0.31}, "step": 10}`;
 * `state` defaults to Succeeded; `message` says why a trial failed or is
 * infeasible. Every problem is named by field.
 */
export function parseCallerCompletion(
  body: unknown,
  metricNames: readonly string[],
  now: Date,
): { ok: true; value: CallerCompletion } | { ok: false; errors: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: ['body: must be a JSON object'] };
  const { state = 'Succeeded', message, metrics, step, ...rest } = body as Record<string, unknown>;
  const errors = Object.keys(rest).map((key) => `${key}: is not a field of a completion (state, message, metrics, step)`);
  if (!(STATES as readonly unknown[]).includes(state)) errors.push(`state: must be one of ${STATES.join(', ')} (got ${JSON.stringify(state)})`);
  if (message !== undefined && (typeof message !== 'string' || message.length > 1000)) errors.push('message: must be a string of at most 1000 characters');
  let observations: Observation[] = [];
  if (metrics !== undefined) {
    const report = parseMetricReport({ metrics, ...(step === undefined ? {} : { step }) }, metricNames, now);
    if (report.ok) observations = report.observations;
    else errors.push(...report.errors);
  } else if (step !== undefined) {
    errors.push('step: is given without metrics');
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { state: state as CallerCompletion['state'], ...(message === undefined ? {} : { message: message as string }), observations } };
}
