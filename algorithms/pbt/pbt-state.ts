import type { Assignment } from '../types.js';

/** A trial PBT means to run: its hyperparameters and where it descends from. */
export interface PbtJob {
  assignment: Assignment;
  /** 0 for the first population drawn from the search space; a child is its parent's generation + 1. */
  generation: number;
  /** History index of the trial whose checkpoint this one starts from; none in generation 0. */
  parent?: number;
}

/** What PBT knows of a trial it handed out, by history index. */
export interface PbtMember {
  generation: number;
  parent?: number;
  /** Set once the trial's end has been taken into account (re-queued or pooled), so it is counted once. */
  ended?: true;
}

/**
 * Katib's PbtJobQueue as plain JSON, stored with the trials it produced:
 * jobs waiting to be handed out, every handed-out trial's lineage, and the
 * two sample pools generations are bred from.
 */
export interface PbtState {
  pending: PbtJob[];
  /** One entry per history entry, in order: history[i] is the trial members[i] describes. */
  members: PbtMember[];
  /** History indices of the ended trials of the generation bred last. */
  previous: number[];
  /** History indices of ended trials since then; a new generation is bred once it exceeds the population. */
  current: number[];
  /** Random streams drawn so far; the next draw uses stream number `draws`. */
  draws: number;
}

/** The stored state if it describes at most `historyLength` trials; anything else means "start over" (null). */
export function saneState(state: unknown, historyLength: number): PbtState | null {
  if (typeof state !== 'object' || state === null) return null;
  const s = state as Partial<PbtState>;
  const isIndexList = (value: unknown): value is number[] =>
    Array.isArray(value) && value.every((index) => Number.isInteger(index) && index >= 0 && index < historyLength);
  if (!Array.isArray(s.pending) || !Array.isArray(s.members) || s.members.length > historyLength) return null;
  if (!isIndexList(s.previous) || !isIndexList(s.current)) return null;
  if (!Number.isInteger(s.draws) || (s.draws as number) < 0) return null;
  const isMember = (m: unknown) =>
    typeof m === 'object' && m !== null && Number.isInteger((m as PbtMember).generation) &&
    ((m as PbtMember).parent === undefined || isIndexList([(m as PbtMember).parent]));
  const isJob = (job: unknown) => isMember(job) && typeof (job as PbtJob).assignment === 'object' && (job as PbtJob).assignment !== null;
  return s.members.every(isMember) && s.pending.every(isJob) ? (s as PbtState) : null;
}
