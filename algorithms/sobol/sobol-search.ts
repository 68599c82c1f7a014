import type {
  Assignment,
  HistoryEntry,
  SearchAlgorithm,
  SearchSpace,
  SettingError,
  SuggestRequest,
  SuggestResult,
} from '../types.js';
import { createRandom } from '../common/prng.js';
import { RANDOM_STATE } from '../common/random-state.js';
import { readSettings } from '../common/settings-reader.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { spaceSize } from '../encoding/finite-values.js';
import { parametersError, validateSpace } from '../encoding/validate-space.js';
import { randomSearch } from '../random/random-search.js';
import { MAX_SOBOL_DIMENSIONS } from './direction-numbers.js';
import { pointToAssignment } from './point-to-assignment.js';
import { SOBOL_LENGTH, type SobolSequence, scrambledSobol } from './sobol-sequence.js';

/** The position in the sequence where the next call goes on. */
export interface SobolState {
  nextIndex: number;
}

// Points of a finite space that map onto tried assignments are skipped; after
// this many in a row the free points are rare, and are picked directly.
const MAX_CONSECUTIVE_SKIPS = 1000;
// Tags the scrambling's random streams apart from other uses of the seed.
const SCRAMBLE_STREAM = 0x50b01;

/**
 * Katib's `sobol`: a scrambled Sobol sequence over the unit cube, one
 * dimension per parameter, decoded by the shared encoding. The sequence is
 * fixed by the seed; the state is only the next index, so batches and
 * restarts continue the one sequence. A point that decodes to an assignment
 * already tried (whatever its status) is skipped.
 *
 * Katib's sobol takes no setting of its own; like Optuna's QMCSampler it is
 * seeded, here by random_state (which the service turns into the seed), and
 * the seed picks the scrambling.
 */
export const sobolSearch: SearchAlgorithm<SobolState> = {
  name: 'sobol',
  // It never reads values, so several objectives change nothing for it.
  multiObjective: true,
  cheap: true,
  validate: (settings, space) => [
    ...readSettings(settings, { owner: 'sobol', settings: [RANDOM_STATE] }).errors,
    ...validateSpace(space),
    ...dimensionErrors(space),
  ],
  suggest: ({ space, history, count, seed, state }: SuggestRequest<SobolState>): SuggestResult<SobolState> => {
    const sequence = scrambledSobol(space.length, (dimension) => createRandom(seed, SCRAMBLE_STREAM, dimension));
    const taken = new Set(history.map((entry) => assignmentKey(space, entry.assignment)));
    const { assignments, nextIndex } = takeFreshPoints(space, sequence, startIndex(state), taken, count);
    // Only a finite space can run out or leave points the sequence misses:
    // random search then hands out its free points and tells whether any is left.
    if (assignments.length === count && !Number.isFinite(spaceSize(space))) {
      return { assignments, state: { nextIndex }, exhausted: false };
    }
    const rest = randomSearch.suggest({
      space,
      direction: 'minimize',
      history: [...history, ...assignments.map(pending)],
      count: count - assignments.length,
      settings: {},
      seed,
    });
    return { assignments: [...assignments, ...rest.assignments], state: { nextIndex }, exhausted: rest.exhausted };
  },
};

function takeFreshPoints(
  space: SearchSpace,
  sequence: SobolSequence,
  firstIndex: number,
  taken: Set<string>,
  count: number,
): { assignments: Assignment[]; nextIndex: number } {
  const assignments: Assignment[] = [];
  // Distinct points have distinct keys: once as many keys are taken as the space has points, none is left to find.
  const size = spaceSize(space);
  let index = firstIndex;
  let skipsInARow = 0;
  while (
    assignments.length < count &&
    taken.size < size &&
    skipsInARow < MAX_CONSECUTIVE_SKIPS &&
    index < SOBOL_LENGTH
  ) {
    const assignment = pointToAssignment(space, sequence.pointAt(index));
    index++;
    const key = assignmentKey(space, assignment);
    if (taken.has(key)) {
      skipsInARow++;
      continue;
    }
    skipsInARow = 0;
    taken.add(key);
    assignments.push(assignment);
  }
  return { assignments, nextIndex: index };
}

function startIndex(state: SobolState | undefined): number {
  const index = state?.nextIndex;
  return typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? Math.min(index, SOBOL_LENGTH) : 0;
}

const pending = (assignment: Assignment): HistoryEntry => ({ assignment, status: 'pending' });

function dimensionErrors(space: SearchSpace): SettingError[] {
  if (space.length <= MAX_SOBOL_DIMENSIONS) return [];
  const limit = `the sobol algorithm handles at most ${MAX_SOBOL_DIMENSIONS} parameters`;
  return [parametersError(`${limit}, this space has ${space.length}`)];
}
