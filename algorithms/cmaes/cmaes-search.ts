import type { Assignment, HistoryEntry, SearchAlgorithm, SuggestRequest, SuggestResult } from '../types.js';
import { assignmentKey } from '../encoding/assignment-key.js';
import { spaceSize } from '../encoding/finite-values.js';
import { validateSpace } from '../encoding/validate-space.js';
import { randomSearch } from '../random/random-search.js';
import { readCmaesSettings, validateCmaesSettings } from './cmaes-settings.js';
import { type CmaesSpace, encodeAssignment, searchedParameterErrors, splitSpace } from './cmaes-space.js';
import { type CmaesState, fitsParameters, initialState } from './cmaes-state.js';
import { covarianceShape } from './eigen.js';
import { evaluatedGeneration } from './generation.js';
import { generationDraws } from './member-draws.js';
import { type Proposal, drawProposal } from './proposals.js';
import { defaultPopsize } from './strategy-parameters.js';
import { tellGeneration } from './tell.js';

/**
 * Katib's `cmaes`: CMA-ES (Hansen's tutorial defaults, active covariance
 * update, optional IPOP/BIPOP restarts) over the int and double parameters
 * in the unit cube; list parameters are drawn uniformly beside them.
 *
 * A generation's popsize members are handed out across calls, in batches of
 * whatever size is asked for; when more are asked for than the generation
 * has left, further draws of the same distribution are handed out (as
 * Optuna does). Once popsize of a generation's members have a result in
 * history, found by their assignment, the first popsize of them update the
 * distribution and the next generation begins. Members are quasi-random
 * mutations (see member-draws.ts), each drawn from streams seeded by (seed,
 * generation, index), so the same seed, history and state give the same
 * members however the calls are batched. The state holds all the algorithm
 * remembers, so a restarted worker continues exactly.
 */
export const cmaesSearch: SearchAlgorithm<CmaesState> = {
  name: 'cmaes',
  validate: (settings, space) => {
    const spaceErrors = validateSpace(space);
    return [
      ...validateCmaesSettings(settings),
      ...spaceErrors,
      ...(spaceErrors.length === 0 ? searchedParameterErrors(space) : []),
    ];
  },
  suggest: (request: SuggestRequest<CmaesState>): SuggestResult<CmaesState> => {
    const { space, history, direction, count, seed } = request;
    const settings = readCmaesSettings(request.settings);
    const cmaesSpace = splitSpace(space);
    const parameters = cmaesSpace.searched.map((param) => param.name);
    let state = fitsParameters(request.state, parameters)
      ? request.state
      : initialState(parameters, settings.sigma, defaultPopsize(parameters.length));
    const historyKeys = history.map((entry) => assignmentKey(space, entry.assignment));
    const evaluated = evaluatedGeneration(state.members, history, historyKeys, direction, state.run.popsize);
    if (evaluated) state = tellGeneration(state, evaluated, settings.restartStrategy, settings.sigma, seed);

    const proposed = proposeMembers(cmaesSpace, state, history, new Set(historyKeys), count, seed);
    const assignments = proposed.map(({ assignment }) => assignment);
    return {
      assignments,
      state: { ...state, members: [...state.members, ...proposed.map(({ member }) => member)] },
      exhausted: everyPointTaken(request, assignments),
    };
  },
};

/** Only a finite space can run out; random search knows how to tell. */
function everyPointTaken(request: SuggestRequest<CmaesState>, proposed: Assignment[]): boolean {
  if (!Number.isFinite(spaceSize(request.space))) return false;
  const history = [...request.history, ...proposed.map(pending)];
  return randomSearch.suggest({ ...request, history, count: 0, settings: {}, state: undefined }).exhausted;
}

function proposeMembers(
  cmaesSpace: CmaesSpace,
  state: CmaesState,
  history: readonly HistoryEntry[],
  taken: Set<string>,
  count: number,
  seed: number,
): Proposal[] {
  const { distribution } = state.run;
  const shape = covarianceShape(distribution.covariance);
  const drawsOf = generationDraws(seed, state.generationSerial, distribution.mean.length);
  const proposals: Proposal[] = [];
  while (proposals.length < count) {
    const draws = drawsOf(state.members.length + proposals.length);
    const proposal =
      drawProposal(cmaesSpace, distribution, shape, draws, (key) => taken.has(key)) ??
      injectFreePoint(cmaesSpace, [...history, ...proposals.map(({ assignment }) => pending(assignment))], seed);
    if (!proposal) break;
    taken.add(proposal.member.key);
    proposals.push(proposal);
  }
  return proposals;
}

/**
 * When the distribution only covers tried assignments, a free point drawn by
 * random search joins the generation instead; undefined when the space has
 * no free point left.
 */
function injectFreePoint(cmaesSpace: CmaesSpace, history: HistoryEntry[], seed: number): Proposal | undefined {
  const [assignment] = randomSearch.suggest({
    space: cmaesSpace.space,
    direction: 'minimize',
    history,
    count: 1,
    settings: {},
    seed,
  }).assignments;
  if (!assignment) return undefined;
  const x = encodeAssignment(cmaesSpace, assignment);
  return { member: { x, key: assignmentKey(cmaesSpace.space, assignment), injected: true }, assignment };
}

const pending = (assignment: Assignment): HistoryEntry => ({ assignment, status: 'pending' });
