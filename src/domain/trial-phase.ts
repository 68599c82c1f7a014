/**
 * Katib's trial conditions, used here as the single phase a trial is in. A
 * trial is created, runs (a restarted worker may claim a Running trial again),
 * and ends in exactly one terminal phase it never leaves.
 */
export const TRIAL_PHASES = [
  'Created',
  'Running',
  'Succeeded',
  'Failed',
  'MetricsUnavailable',
  'EarlyStopped',
  'Killed',
] as const;

export type TrialPhase = (typeof TRIAL_PHASES)[number];

/** Phases a trial is still in while it holds a place in the experiment's parallelism. */
export const ACTIVE_TRIAL_PHASES: readonly TrialPhase[] = ['Created', 'Running'];

export const TERMINAL_TRIAL_PHASES: readonly TrialPhase[] = TRIAL_PHASES.filter(
  (phase) => !ACTIVE_TRIAL_PHASES.includes(phase),
);

export function isTerminal(phase: TrialPhase): boolean {
  return TERMINAL_TRIAL_PHASES.includes(phase);
}

export function isActive(phase: TrialPhase): boolean {
  return !isTerminal(phase);
}

export function isTrialPhase(text: string): text is TrialPhase {
  return (TRIAL_PHASES as readonly string[]).includes(text);
}

/** A table with one entry per phase, every count starting at zero. */
export function zeroPerPhase(): Record<TrialPhase, number> {
  return Object.fromEntries(TRIAL_PHASES.map((phase) => [phase, 0])) as Record<TrialPhase, number>;
}
