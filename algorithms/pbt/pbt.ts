import type { HistoryEntry, SearchAlgorithm, SearchSpace, SuggestRequest, SuggestResult, TrialLineage } from '../types.js';
import { createRandom } from '../common/prng.js';
import { validateSpace } from '../encoding/validate-space.js';
import { sampleAssignment } from '../random/sampling.js';
import { readPbtSettings, type PbtSettings, validatePbtSettings } from './pbt-settings.js';
import { saneState, type PbtJob, type PbtState } from './pbt-state.js';
import { explore, type RankedMember, segment } from './population.js';

/**
 * Katib's `pbt` (Jaderberg et al. 2017, as pkg/suggestion/v1beta1/pbt/service.py
 * runs it). The first n_population trials are drawn from the search space
 * (generation 0). Once more than n_population trials have ended since the
 * last generation was bred, the next is bred from them: the bottom
 * truncation_threshold fraction exploit (copy a top member's hyperparameters
 * and continue from that member's checkpoint), the others explore (continue
 * from their own checkpoint with every value perturbed by 0.8 or 1.2, or
 * redrawn with resample_probability). When more trials are asked for than
 * are queued before then, extra children are bred from the previous
 * generation (random draws before there is one). A failed trial is queued
 * again as it was.
 *
 * Each trial's lineage (generation, parent) comes back beside its
 * assignment; the service turns it into Katib's labels and copies the
 * parent's checkpoint directory into the child's before the child starts.
 *
 * One departure from Katib's code: there an exploiting child names the
 * bottom member as its parent, so it would continue from the bottom
 * member's checkpoint with the top member's hyperparameters. Here the parent
 * is the top member it copies, which is PBT's exploit (weights and
 * hyperparameters both come from the better member).
 */
export const pbt: SearchAlgorithm<PbtState> = {
  name: 'pbt',
  validate: (settings, space) => [...validatePbtSettings(settings), ...validateSpace(space)],
  suggest: ({ space, direction, history, count, settings, seed, state }: SuggestRequest<PbtState>): SuggestResult<PbtState> => {
    const population = new Population(readPbtSettings(settings), space, seed, direction === 'minimize' ? -1 : 1, history);
    const current = population.restore(saneState(state, history.length));
    population.absorbEnded(current);
    if (current.pending.length < count) population.breed(current, count);
    const jobs = current.pending.splice(0, Math.max(0, count));
    const lineage: TrialLineage[] = jobs.map(({ generation, parent }) => (parent === undefined ? { generation } : { generation, parent }));
    current.members.push(...lineage);
    return { assignments: jobs.map((job) => job.assignment), lineage, state: current, exhausted: false };
  },
};

/** One suggest call's view of the settings, the space and the objective's sign. */
class Population {
  constructor(
    private readonly settings: PbtSettings,
    private readonly space: SearchSpace,
    private readonly seed: number,
    /** +1 to maximise, -1 to minimise: scores are always "higher is better", as Katib's metric_scaler makes them. */
    private readonly scale: 1 | -1,
    private readonly history: readonly HistoryEntry[],
  ) {}

  /**
   * The stored state, copied so the call never edits its input; without one,
   * the first population. Trials the state does not describe (there was none)
   * join as generation 0.
   */
  restore(stored: PbtState | null): PbtState {
    const state: PbtState = stored
      ? structuredClone(stored)
      : { pending: [], members: [], previous: [], current: [], draws: 0 };
    if (!stored) state.pending.push(...this.drawFromSpace(state, this.settings.populationSize));
    while (state.members.length < this.history.length) state.members.push({ generation: 0 });
    return state;
  }

  /** Katib's update(): each newly ended trial is queued again if it failed, pooled for breeding if it has a value. */
  absorbEnded(state: PbtState): void {
    this.history.forEach((entry, index) => {
      const member = state.members[index];
      if (entry.status === 'pending' || member.ended) return;
      member.ended = true;
      if (entry.status === 'completed' && entry.value !== undefined && Number.isFinite(entry.value)) {
        state.current.push(index);
        return;
      }
      const retry: PbtJob = { assignment: entry.assignment, generation: member.generation };
      if (member.parent !== undefined) retry.parent = member.parent;
      state.pending.push(retry);
    });
  }

  /** Katib's generate(minCount), with this call's scores read from `history`. */
  breed(state: PbtState, minCount: number): void {
    if (state.current.length <= this.settings.populationSize) {
      if (state.previous.length === 0) {
        state.pending.push(...this.drawFromSpace(state, minCount));
        return;
      }
      state.pending.push(...this.children(state, state.previous, minCount));
      return;
    }
    const generation = state.current;
    state.pending.push(...this.children(state, generation, this.settings.populationSize));
    state.previous = generation;
    state.current = [];
  }

  /** `count` children of the pool's members: exploiting ones continue a top member, exploring ones themselves. */
  private children(state: PbtState, pool: readonly number[], count: number): PbtJob[] {
    const random = createRandom(this.seed, state.draws++);
    // Pooled trials all completed with a finite value (absorbEnded).
    const ranked: RankedMember[] = pool.map((index) => ({ index, score: this.scale * this.history[index].value! }));
    const { exploit, explore: exploring, upper } = segment(ranked, count, this.settings.truncationThreshold, random);
    const assignmentOf = (index: number) => this.history[index].assignment;
    const exploiting = exploit.map((): PbtJob => {
      const top = upper[random.integer(upper.length)];
      return { assignment: { ...assignmentOf(top) }, generation: state.members[top].generation + 1, parent: top };
    });
    const explored = exploring.map((index): PbtJob => ({
      assignment: explore(this.space, assignmentOf(index), this.settings.resampleProbability, random),
      generation: state.members[index].generation + 1,
      parent: index,
    }));
    return [...exploiting, ...explored];
  }

  private drawFromSpace(state: PbtState, count: number): PbtJob[] {
    const random = createRandom(this.seed, state.draws++);
    return Array.from({ length: count }, () => ({ assignment: sampleAssignment(this.space, random), generation: 0 }));
  }
}
