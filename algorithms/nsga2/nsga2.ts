import { hasConstraints, violationOf } from '../common/feasibility.js';
import { createRandom, type RandomSource } from '../common/prng.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { fromUnit, toUnit } from '../encoding/unit-interval.js';
import { validateSpace } from '../encoding/validate-space.js';
import { crowdingDistances, directionsOf, minimisedVector, nonDominatedFronts } from '../multi-objective/dominance.js';
import { sampleAssignment } from '../random/sampling.js';
import type { Assignment, HistoryEntry, SearchAlgorithm, SearchSpace, SuggestRequest, SuggestResult } from '../types.js';
import { nsga2Settings, readNsga2Settings } from './nsga2-settings.js';
import { type Genome, offspring } from './variation.js';

/** Children that repeat a taken point are bred again this often before a random point is taken instead. */
const MAX_BREEDING_ATTEMPTS = 20;

interface Member {
  genome: Genome;
  rank: number;
  crowding: number;
}

/**
 * NSGA-II (Deb et al. 2002) as Optuna's NSGAIISampler runs it, without state:
 * trial i belongs to generation floor(i / population_size); generation 0 is
 * drawn at random, and each later one is bred from the elite of every trial
 * completed in earlier generations (non-dominated rank, then crowding
 * distance) by binary tournaments, crossover and mutation. The elite of all
 * earlier trials is what NSGA-II's elitist (parents plus offspring) selection
 * keeps generation after generation, so the history alone determines it and a
 * restarted worker breeds the same children. Works for one objective too.
 *
 * Under outcome constraints, ranks come from Deb's constrained domination
 * (../multi-objective/dominance.ts constrainedDominates), as in Optuna's
 * NSGAIISampler(constraints_func): the feasible trials' Pareto fronts first,
 * then the infeasible ones by total violation, so both the elite and the
 * tournaments (which compare ranks) prefer feasible parents and, while none
 * is feasible, the least violating ones.
 */
export const nsga2: SearchAlgorithm = {
  name: 'nsga2',
  multiObjective: true,
  constrained: true,
  validate: (settings, space) => [...readNsga2Settings(settings).errors, ...validateSpace(space)],
  suggest: (request: SuggestRequest): SuggestResult => {
    const { space, history, count, seed } = request;
    const settings = nsga2Settings(readNsga2Settings(request.settings), space.length);
    const directions = directionsOf(request);
    const constrained = hasConstraints(history);
    const taken = new Set(history.map((entry) => assignmentKey(space, entry.assignment)));
    const assignments: Assignment[] = [];
    for (let k = 0; k < count; k++) {
      const index = history.length + k;
      const random = createRandom(seed, index);
      const generation = Math.floor(index / settings.populationSize);
      // Completed trials of earlier generations only, so a batch's own pending trials never breed.
      const earlier = history.slice(0, generation * settings.populationSize);
      const parents = elite(space, earlier.flatMap((entry) => {
        const vector = minimisedVector(entry, directions);
        return vector === undefined ? [] : [{ entry, vector, violation: constrained ? violationOfEntry(entry) : 0 }];
      }), settings.populationSize);
      const child = parents.length < 2 ? undefined : breed(space, parents, settings, random, taken);
      const assignment = child ?? sampleAssignment(space, random);
      taken.add(assignmentKey(space, assignment));
      assignments.push(assignment);
    }
    return { assignments, exhausted: false };
  },
};

/** A trial of a constrained experiment that reported no constraint values shows nothing of its feasibility: infinitely far. */
function violationOfEntry(entry: HistoryEntry): number {
  return entry.constraints === undefined || entry.constraints.length === 0 ? Infinity : violationOf(entry.constraints);
}

function elite(space: SearchSpace, scored: { entry: HistoryEntry; vector: number[]; violation: number }[], size: number): Member[] {
  const points = scored.map((s) => s.vector);
  const members: Member[] = [];
  for (const [rank, front] of nonDominatedFronts(scored).entries()) {
    if (members.length >= size) break;
    const distances = crowdingDistances(points, front);
    const order = front.map((_, k) => k);
    // The last front that fits only in part keeps its least crowded members.
    if (members.length + front.length > size) order.sort((a, b) => distances[b] - distances[a] || front[a] - front[b]);
    for (const k of order.slice(0, size - members.length)) {
      members.push({ genome: space.map((p) => toUnit(p, scored[front[k]].entry.assignment[p.name])), rank, crowding: distances[k] });
    }
  }
  return members;
}

function tournament(parents: readonly Member[], random: RandomSource): Member {
  const a = parents[random.integer(parents.length)];
  const b = parents[random.integer(parents.length)];
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  return b.crowding > a.crowding ? b : a;
}

function breed(space: SearchSpace, parents: readonly Member[], settings: ReturnType<typeof nsga2Settings>, random: RandomSource, taken: Set<string>): Assignment | undefined {
  for (let attempt = 0; attempt < MAX_BREEDING_ATTEMPTS; attempt++) {
    const genome = offspring(space, tournament(parents, random).genome, tournament(parents, random).genome, settings, random);
    const assignment = Object.fromEntries(space.map((p, i) => [p.name, fromUnit(p, genome[i])]));
    if (!taken.has(assignmentKey(space, assignment))) return assignment;
  }
  return undefined;
}
