import type { HistoryEntry, ObjectiveDirection } from '../types.js';
import type { RankedMember } from './distribution.js';
import type { Member } from './cmaes-state.js';

/** What history says about a member: a value to minimise, a failure, or nothing yet. */
type Outcome = { kind: 'value'; value: number } | { kind: 'failed' } | { kind: 'pending' };

export interface EvaluatedGeneration {
  /** popsize members, best first; failed ones last. */
  ranked: RankedMember[];
  /** The values of the completed ones among them, minimised. */
  values: number[];
}

/**
 * The generation's results, once popsize of its members have one: the first
 * popsize such members in the order handed out, ranked. Pending members are
 * waited for; a failed member ranks below every completed one (the worst
 * value); a member that history no longer holds will never report, so it
 * counts as failed rather than hold the generation forever. Undefined while
 * fewer than popsize have a result. `historyKeys` are the assignmentKeys of
 * the history entries, computed once per call.
 */
export function evaluatedGeneration(
  members: readonly Member[],
  history: readonly HistoryEntry[],
  historyKeys: readonly string[],
  direction: ObjectiveDirection,
  popsize: number,
): EvaluatedGeneration | undefined {
  const outcomes = outcomesByKey(new Set(members.map((member) => member.key)), history, historyKeys, direction);
  const finished = members
    .map((member, order) => ({ member, order, outcome: outcomes.get(member.key) ?? { kind: 'failed' as const } }))
    .filter(({ outcome }) => outcome.kind !== 'pending')
    .slice(0, popsize);
  if (finished.length < popsize) return undefined;
  const valueOf = ({ outcome }: (typeof finished)[number]) => (outcome.kind === 'value' ? outcome.value : Infinity);
  // Ties, failures among them, keep the order handed out, so a replay ranks alike.
  const ranked = [...finished].sort((a, b) => valueOf(a) - valueOf(b) || a.order - b.order);
  return {
    ranked: ranked.map(({ member }) => ({ x: member.x, injected: member.injected })),
    values: ranked.map(valueOf).filter(Number.isFinite),
  };
}

/** A completed entry outranks a failed one, which outranks a pending one, when an assignment occurs twice. */
function outcomesByKey(
  memberKeys: ReadonlySet<string>,
  history: readonly HistoryEntry[],
  historyKeys: readonly string[],
  direction: ObjectiveDirection,
): Map<string, Outcome> {
  const precedence = { value: 2, failed: 1, pending: 0 };
  const outcomes = new Map<string, Outcome>();
  for (const [index, entry] of history.entries()) {
    const key = historyKeys[index];
    if (!memberKeys.has(key)) continue;
    const outcome = outcomeOf(entry, direction);
    const known = outcomes.get(key);
    if (!known || precedence[outcome.kind] > precedence[known.kind]) outcomes.set(key, outcome);
  }
  return outcomes;
}

function outcomeOf(entry: HistoryEntry, direction: ObjectiveDirection): Outcome {
  if (entry.status === 'pending') return { kind: 'pending' };
  const value = entry.value;
  // A completed trial without a finite value taught nothing: it ranks as failed.
  if (entry.status === 'failed' || value === undefined || !Number.isFinite(value)) return { kind: 'failed' };
  return { kind: 'value', value: direction === 'minimize' ? value : -value };
}
