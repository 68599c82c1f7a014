import type { Assignment, SearchAlgorithm, SearchSpace, SuggestRequest, SuggestResult } from '../types.js';
import { createRandom, type RandomSource } from '../common/prng.js';
import { RANDOM_STATE } from '../common/random-state.js';
import { readSettings } from '../common/settings-reader.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { assignmentAt, spaceSize } from '../encoding/finite-values.js';
import { historyKeys } from '../encoding/history-keys.js';
import { validateSpace } from '../encoding/validate-space.js';
import { sampleAssignment } from './sampling.js';

// Draws allowed per wanted assignment before concluding the free points are
// too rare to hit by chance (a nearly full finite space).
const MAX_DRAWS_PER_ASSIGNMENT = 100;

// Beyond this many points a finite space is not listed to find its free
// points; reaching it would take as many trials, which no experiment runs.
const ENUMERATION_LIMIT = 1_000_000;

/**
 * Katib's `random`: independent draws from each parameter's distribution,
 * never repeating a point already in history (whatever its status) or in the
 * same batch. Stateless: the stream is seeded by (seed, history.length), so a
 * replay gives the same batch and the next call a different stream. Its one
 * setting is random_state, which the service turns into the seed.
 */
export const randomSearch: SearchAlgorithm = {
  name: 'random',
  // It never reads values, so several objectives change nothing for it.
  multiObjective: true,
  cheap: true,
  validate: (settings, space) => [
    ...readSettings(settings, { owner: 'random', settings: [RANDOM_STATE] }).errors,
    ...validateSpace(space),
  ],
  suggest: ({ space, history, count, seed }: SuggestRequest): SuggestResult => {
    const random = createRandom(seed, history.length);
    const taken = new TakenPoints(historyKeys(space, history));
    const assignments = drawUntaken(space, random, taken, count);
    if (assignments.length < count) {
      assignments.push(...pickFreePoints(space, random, taken, count - assignments.length));
    }
    return { assignments, exhausted: everyPointTaken(space, taken) };
  },
};

/** The history's keys (shared, never modified) and those picked in this call. */
class TakenPoints {
  private readonly picked = new Set<string>();

  constructor(private readonly history: ReadonlySet<string>) {}

  has(key: string): boolean {
    return this.history.has(key) || this.picked.has(key);
  }

  /** Only ever called with a key not yet taken, so the two sets stay disjoint. */
  add(key: string): void {
    this.picked.add(key);
  }

  get size(): number {
    return this.history.size + this.picked.size;
  }
}

/** Rejection sampling; adds every pick to `taken`. */
function drawUntaken(space: SearchSpace, random: RandomSource, taken: TakenPoints, count: number): Assignment[] {
  const picks: Assignment[] = [];
  while (picks.length < count) {
    const pick = drawOneUntaken(space, random, taken);
    if (!pick) break;
    taken.add(assignmentKey(space, pick));
    picks.push(pick);
  }
  return picks;
}

function drawOneUntaken(space: SearchSpace, random: RandomSource, taken: TakenPoints): Assignment | undefined {
  for (let draw = 0; draw < MAX_DRAWS_PER_ASSIGNMENT; draw++) {
    const candidate = sampleAssignment(space, random);
    if (!taken.has(assignmentKey(space, candidate))) return candidate;
  }
  return undefined;
}

/**
 * When draws keep hitting taken points, a finite space is nearly full: list
 * its free points and pick among them uniformly (a partial Fisher-Yates
 * shuffle), so the last points are handed out too. Adds every pick to `taken`.
 */
function pickFreePoints(space: SearchSpace, random: RandomSource, taken: TakenPoints, count: number): Assignment[] {
  const size = spaceSize(space);
  if (size > ENUMERATION_LIMIT) return [];
  const free: Assignment[] = [];
  for (let index = 0; index < size; index++) {
    const point = assignmentAt(space, index);
    if (!taken.has(assignmentKey(space, point))) free.push(point);
  }
  const picks = Math.min(count, free.length);
  for (let slot = 0; slot < picks; slot++) {
    const chosen = slot + random.integer(free.length - slot);
    [free[slot], free[chosen]] = [free[chosen], free[slot]];
    taken.add(assignmentKey(space, free[slot]));
  }
  return free.slice(0, picks);
}

function everyPointTaken(space: SearchSpace, taken: TakenPoints): boolean {
  const size = spaceSize(space);
  // Distinct points have distinct keys, so fewer keys than points means some point is free.
  if (!Number.isFinite(size) || taken.size < size) return false;
  for (let index = 0; index < size; index++) {
    if (!taken.has(assignmentKey(space, assignmentAt(space, index)))) return false;
  }
  return true;
}
