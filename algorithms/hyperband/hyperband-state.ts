import type { Assignment } from '../types.js';

/**
 * Where Hyperband stands, stored by the service with the trials it produced:
 * the bracket and rung being run and that rung's assignments (budget included).
 * Plain JSON, so a restarted worker continues exactly.
 */
export interface HyperbandState {
  /** Completed passes over all brackets; each pass draws fresh configurations. */
  iteration: number;
  /** s: counts down from s_max to 0 within a pass. */
  bracket: number;
  /** i: 0 for the freshly drawn configurations, up to `bracket`. */
  rung: number;
  /** Every assignment of the current rung, in the order they are handed out. */
  assignments: Assignment[];
  /** How many of `assignments` have been handed out so far. */
  handedOut: number;
  /** history.length when the rung's first assignment was handed out: its trials sit at or after it. */
  firstHistoryIndex: number;
}

/** The stored state if it fits `maxBracket`; anything else means "start over" (null). */
export function saneState(state: unknown, maxBracket: number): HyperbandState | null {
  if (typeof state !== 'object' || state === null) return null;
  const s = state as Partial<HyperbandState>;
  const isCount = (value: unknown): value is number =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0;
  if (!isCount(s.iteration) || !isCount(s.bracket) || !isCount(s.rung) || !isCount(s.handedOut)) return null;
  if (!isCount(s.firstHistoryIndex) || !Array.isArray(s.assignments)) return null;
  if (s.bracket > maxBracket || s.rung > s.bracket || s.handedOut > s.assignments.length) return null;
  const isAssignment = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  return s.assignments.every(isAssignment) ? (s as HyperbandState) : null;
}
