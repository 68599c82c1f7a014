import type { Assignment, SearchAlgorithm, SuggestRequest, SuggestResult } from '../types.js';
import { rejectUnknownSettings } from '../common/unknown-settings.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { assignmentAt, spaceSize } from '../encoding/finite-values.js';
import { validateSpace } from '../encoding/validate-space.js';
import { validateGridSpace } from './grid-space.js';

/** Every grid point before `nextIndex` has been handed out or was already in history. */
export interface GridState {
  nextIndex: number;
}

/**
 * Katib's `grid`: the cartesian product of every parameter's values, first
 * parameter varying slowest, skipping points already in history. The state
 * only saves rescanning; without it the walk starts over and history alone
 * decides what is skipped.
 */
export const gridSearch: SearchAlgorithm<GridState> = {
  name: 'grid',
  // It never reads values, so several objectives change nothing for it.
  multiObjective: true,
  cheap: true,
  validate: (settings, space) => {
    const spaceErrors = validateSpace(space);
    return [
      ...rejectUnknownSettings(settings, [], 'grid'),
      ...(spaceErrors.length > 0 ? spaceErrors : validateGridSpace(space)),
    ];
  },
  suggest: ({ space, history, count, state }: SuggestRequest<GridState>): SuggestResult<GridState> => {
    const size = spaceSize(space);
    const taken = new Set(history.map((entry) => assignmentKey(space, entry.assignment)));
    const isFree = (index: number) => !taken.has(assignmentKey(space, assignmentAt(space, index)));
    const assignments: Assignment[] = [];
    let index = startIndex(state, size);
    for (; index < size && assignments.length < count; index++) {
      if (isFree(index)) assignments.push(assignmentAt(space, index));
    }
    // Look ahead to the next free point, so the batch that hands out the last
    // points already reports exhaustion and the service can finish.
    while (index < size && !isFree(index)) index++;
    return { assignments, state: { nextIndex: index }, exhausted: index >= size };
  },
};

/** The state comes back from storage untyped; anything but a sane index means "start over". */
function startIndex(state: unknown, size: number): number {
  const nextIndex = (state as Partial<GridState> | null | undefined)?.nextIndex;
  const isSane = typeof nextIndex === 'number' && Number.isInteger(nextIndex) && nextIndex >= 0 && nextIndex <= size;
  return isSane ? nextIndex : 0;
}
