import type { Assignment, HistoryEntry, SearchSpace } from '../types.js';
import { assignmentKey } from './assignment-key.js';

interface Memo {
  spaceKey: string;
  /** The assignments whose keys `keys` holds, in history order. */
  assignments: Assignment[];
  keys: Set<string>;
}

// Found through the first assignment of a history: one memo per experiment, dropped with it.
const memos = new WeakMap<Assignment, Memo>();

/**
 * The assignmentKeys of every entry in `history`, the same set a fresh
 * `new Set(history.map(assignmentKey))` gives, but built incrementally: a
 * history only grows at its end and an entry's assignment never changes, so
 * when the caller passes the same assignment objects again (the service keeps
 * them, see SuggestionService), only the new entries are keyed. Checking
 * that the known prefix is unchanged is a comparison of references; any
 * difference (another history, a different space) starts afresh. Without
 * this each suggestion keyed the whole history, the largest cost of an
 * ask at thousands of trials. The set is shared: callers must not modify it.
 */
export function historyKeys(space: SearchSpace, history: readonly HistoryEntry[]): ReadonlySet<string> {
  if (history.length === 0) return new Set();
  const spaceKey = JSON.stringify(space);
  let memo = memos.get(history[0].assignment);
  if (!memo || memo.spaceKey !== spaceKey || !extends_(history, memo.assignments)) {
    memo = { spaceKey, assignments: [], keys: new Set() };
    memos.set(history[0].assignment, memo);
  }
  for (let i = memo.assignments.length; i < history.length; i++) {
    const assignment = history[i].assignment;
    memo.assignments.push(assignment);
    memo.keys.add(assignmentKey(space, assignment));
  }
  return memo.keys;
}

function extends_(history: readonly HistoryEntry[], known: readonly Assignment[]): boolean {
  if (history.length < known.length) return false;
  for (let i = 0; i < known.length; i++) if (history[i].assignment !== known[i]) return false;
  return true;
}
