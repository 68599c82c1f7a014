import type {
  Assignment,
  HistoryEntry,
  ObjectiveDirection,
  SearchAlgorithm,
  SearchSpace,
  SuggestRequest,
  SuggestResult,
} from '../types.js';
import { createRandom } from '../common/prng.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { spaceSize } from '../encoding/finite-values.js';
import { validateSpace } from '../encoding/validate-space.js';
import { sampleAssignment } from '../random/sampling.js';
import { readHyperbandSettings, type HyperbandSettings, validateHyperbandSettings } from './hyperband-settings.js';
import { saneState, type HyperbandState } from './hyperband-state.js';
import { bracketRungs, maxBracket } from './schedule.js';

// Draws allowed per configuration before a finite space counts as used up.
const MAX_DRAWS_PER_CONFIGURATION = 100;

/**
 * Katib's `hyperband` (Li et al. 2018): brackets of successive halving, from
 * the most aggressive (many configurations on a small budget) to plain random
 * search at the full budget `r_l`. Each trial gets its budget through the
 * `resource_name` parameter, which overrides whatever that parameter's range
 * says (Katib's own example gives num-epochs a range of 1..1). Configurations
 * are drawn at random; the best of each rung are run again with eta times the
 * budget, from scratch, as Katib does.
 *
 * A rung is handed out in parts when fewer trials are asked for than it has,
 * and the next rung waits until every trial of this one has ended (failed
 * ones are never promoted). When the last bracket ends, a new pass starts with
 * fresh configurations (Katib stops after one pass; maxTrialCount bounds ours).
 * Rung sizes follow the paper (floor), where Katib rounds up.
 */
export const hyperband: SearchAlgorithm<HyperbandState> = {
  name: 'hyperband',
  validate: (settings, space) => {
    return [...validateHyperbandSettings(settings, space), ...validateSpace(space)];
  },
  suggest: ({ space, direction, history, count, settings, seed, state }: SuggestRequest<HyperbandState>) => {
    const run = new HyperbandRun(readHyperbandSettings(settings, space), space, seed, history);
    let current = saneState(state, run.sMax) ?? run.freshRung(0, run.sMax);
    // Every pass of this loop moves to a later rung or bracket; a pass over all brackets always hands something out.
    for (let transitions = 0; transitions <= 2 * (run.sMax + 2) ** 2; transitions++) {
      if (current.assignments.length === 0) return { assignments: [], state: current, exhausted: true };
      if (current.handedOut < current.assignments.length) return run.handOut(current, count);
      const results = run.rungResults(current);
      if (results === 'running') return { assignments: [], state: current, exhausted: false };
      current = run.nextRung(current, results, direction);
    }
    throw new Error('hyperband found no rung to run');
  },
};

interface RungResult {
  assignment: Assignment;
  value: number;
}

/** One suggest call's view of the schedule, the space and the history. */
class HyperbandRun {
  readonly sMax: number;
  private readonly configSpace: SearchSpace;

  constructor(
    private readonly settings: HyperbandSettings,
    private readonly space: SearchSpace,
    private readonly seed: number,
    private readonly history: readonly HistoryEntry[],
  ) {
    this.sMax = maxBracket(settings.maxResource, settings.eta);
    this.configSpace = space.filter((param) => param.name !== settings.resource.name);
  }

  handOut(state: HyperbandState, count: number): SuggestResult<HyperbandState> {
    const take = Math.max(0, Math.min(count, state.assignments.length - state.handedOut));
    const assignments = state.assignments.slice(state.handedOut, state.handedOut + take);
    const firstHistoryIndex = state.handedOut === 0 ? this.history.length : state.firstHistoryIndex;
    return { assignments, state: { ...state, handedOut: state.handedOut + take, firstHistoryIndex }, exhausted: false };
  }

  /** The rung's values once every trial of it has ended; 'running' while any has not. */
  rungResults(state: HyperbandState): RungResult[] | 'running' {
    // Later entries overwrite earlier ones: a rerun of the same assignment is the one that counts.
    const latestByKey = new Map(
      this.history.slice(state.firstHistoryIndex).map((entry) => [assignmentKey(this.space, entry.assignment), entry]),
    );
    const results: RungResult[] = [];
    for (const assignment of state.assignments) {
      const entry = latestByKey.get(assignmentKey(this.space, assignment));
      // No entry: the service did not create the trial (e.g. maxTrialCount); it cannot be promoted.
      if (entry?.status === 'pending') return 'running';
      if (entry?.status === 'completed' && entry.value !== undefined) results.push({ assignment, value: entry.value });
    }
    return results;
  }

  /** Promotes the rung's best, or starts the next bracket when this one is done or has nothing to promote. */
  nextRung(state: HyperbandState, results: RungResult[], direction: ObjectiveDirection): HyperbandState {
    const rungs = bracketRungs(state.bracket, this.settings.maxResource, this.settings.eta);
    const next = rungs[state.rung + 1];
    if (!next || results.length === 0) {
      const isLastBracket = state.bracket === 0;
      return isLastBracket
        ? this.freshRung(state.iteration + 1, this.sMax)
        : this.freshRung(state.iteration, state.bracket - 1);
    }
    const ranked = [...results].sort((a, b) => (direction === 'minimize' ? a.value - b.value : b.value - a.value));
    const promoted = ranked.slice(0, next.size).map(({ assignment }) => this.withResource(assignment, next.resource));
    const firstHistoryIndex = this.history.length;
    return { ...state, rung: state.rung + 1, assignments: promoted, handedOut: 0, firstHistoryIndex };
  }

  /** Rung 0 of a bracket: freshly drawn configurations, none already in history. */
  freshRung(iteration: number, bracket: number): HyperbandState {
    const [first] = bracketRungs(bracket, this.settings.maxResource, this.settings.eta);
    const random = createRandom(this.seed, iteration, bracket);
    const taken = new Set(this.history.map((entry) => assignmentKey(this.configSpace, entry.assignment)));
    const assignments: Assignment[] = [];
    const configurations = spaceSize(this.configSpace);
    const maxDraws = first.size * MAX_DRAWS_PER_CONFIGURATION;
    for (let draws = 0; assignments.length < first.size && taken.size < configurations && draws < maxDraws; draws++) {
      const candidate = sampleAssignment(this.space, random);
      const key = assignmentKey(this.configSpace, candidate);
      if (taken.has(key)) continue;
      taken.add(key);
      assignments.push(this.withResource(candidate, first.resource));
    }
    return { iteration, bracket, rung: 0, assignments, handedOut: 0, firstHistoryIndex: this.history.length };
  }

  private withResource(assignment: Assignment, resource: number): Assignment {
    const { name, type } = this.settings.resource;
    return { ...assignment, [name]: type === 'int' ? Math.max(1, Math.round(resource)) : resource };
  }
}
