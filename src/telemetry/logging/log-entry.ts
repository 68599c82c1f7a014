import type { ExperimentRef } from '../../domain/identity.js';

/**
 * A log line with the names it is about as fields of their own, so that the
 * logs of one experiment or trial can be found by query instead of by text.
 * Nest loggers take it as the message: `logger.log(trialLog(ref, name, '...'))`.
 */
export interface LogEntry {
  msg: string;
  namespace?: string;
  experiment?: string;
  trial?: string;
  [field: string]: unknown;
}

export function experimentLog(ref: ExperimentRef, msg: string, fields: Record<string, unknown> = {}): LogEntry {
  return { msg, namespace: ref.namespace, experiment: ref.name, ...fields };
}

export function trialLog(ref: ExperimentRef, trial: string, msg: string, fields: Record<string, unknown> = {}): LogEntry {
  return { msg, namespace: ref.namespace, experiment: ref.name, trial, ...fields };
}

export function isLogEntry(value: unknown): value is LogEntry {
  return typeof value === 'object' && value !== null && typeof (value as { msg?: unknown }).msg === 'string';
}
