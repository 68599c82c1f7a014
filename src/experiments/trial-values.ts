import type { Objective } from '../domain/experiment-spec.js';
import { objectiveValueOf } from '../domain/outcomes.js';
import type { TrialRecord } from '../domain/trial.js';
import type { TrialPhase } from '../domain/trial-phase.js';

/**
 * Beyond this many trials the charts get a sample: every trial would cost the
 * browser more to draw than it tells anyone, and the best ones are always kept.
 */
export const MAX_TRIAL_VALUES = 5_000;
/** How many of the best trials a sample always keeps, so best-so-far and the top of every chart are exact. */
export const BEST_KEPT_IN_SAMPLE = 500;

/**
 * Every trial's objective value and parameters as parallel columns, in
 * creation order: what the optimization history, parallel coordinates and
 * slice charts need, at a fraction of the size of the trial list.
 */
export interface TrialValues {
  total: number;
  sampled: boolean;
  index: number[];
  name: string[];
  phase: TrialPhase[];
  /** null when the trial has no value (yet). */
  objective: (number | null)[];
  /** Milliseconds since the epoch; null when not started or not finished. */
  startedAt: (number | null)[];
  completedAt: (number | null)[];
  /** Per parameter, its value per trial: a number for int/double, the text for categorical/discrete. */
  parameters: Record<string, (number | string)[]>;
}

export function toTrialValues(trials: readonly TrialRecord[], objective: Objective, parameterNames: readonly string[]): TrialValues {
  const values = trials.map((trial) => objectiveValueOf(trial, objective));
  const kept = trials.length <= MAX_TRIAL_VALUES ? trials.map((_, i) => i) : sampleIndices(values, objective);
  const parameters: TrialValues['parameters'] = {};
  for (const name of parameterNames) {
    parameters[name] = kept.map((i) => parameterValue(trials[i]!, name));
  }
  const time = (iso: string | undefined) => (iso ? Date.parse(iso) : null);
  return {
    total: trials.length,
    sampled: kept.length < trials.length,
    index: kept.map((i) => trials[i]!.index),
    name: kept.map((i) => trials[i]!.name),
    phase: kept.map((i) => trials[i]!.phase),
    objective: kept.map((i) => values[i] ?? null),
    startedAt: kept.map((i) => time(trials[i]!.startedAt)),
    completedAt: kept.map((i) => time(trials[i]!.completedAt)),
    parameters,
  };
}

/** A trial's value of a parameter: a number for int/double, the text for categorical/discrete. */
export function parameterValue(trial: TrialRecord, name: string): number | string {
  const raw = trial.parameterAssignments.find((assignment) => assignment.name === name)?.value ?? '';
  const numeric = Number(raw);
  return raw !== '' && Number.isFinite(numeric) ? numeric : raw;
}

/** The best trials plus an even stride through the rest, back in creation order. */
function sampleIndices(values: readonly (number | undefined)[], objective: Objective): number[] {
  const sign = objective.type === 'minimize' ? 1 : -1;
  const ranked = values
    .map((value, i) => ({ value, i }))
    .filter((entry): entry is { value: number; i: number } => entry.value !== undefined)
    .sort((a, b) => sign * (a.value - b.value));
  const best = new Set(ranked.slice(0, BEST_KEPT_IN_SAMPLE).map((entry) => entry.i));
  const rest = values.map((_, i) => i).filter((i) => !best.has(i));
  const wanted = MAX_TRIAL_VALUES - best.size;
  const sampled = Array.from({ length: wanted }, (_, k) => rest[Math.floor((k * rest.length) / wanted)]!);
  return [...best, ...sampled].sort((a, b) => a - b);
}
