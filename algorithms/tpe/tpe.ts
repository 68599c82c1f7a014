import type { Assignment, HistoryEntry, SearchAlgorithm, SuggestRequest, SuggestResult } from '../types.js';
import { createRandom, type RandomSource } from '../common/prng.js';
import { spaceSize } from '../encoding/finite-values.js';
import { validateSpace } from '../encoding/validate-space.js';
import { randomSearch } from '../random/random-search.js';
import { decodeCoordinate, type ModelSpace, modelSpaceOf } from './model-dimensions.js';
import { ObservationTable } from './observation-table.js';
import { type GroupedObservations, multivariateProposals, univariateProposal } from './proposal.js';
import { readTpeSettings, type TpeSettings, validateTpeSettings } from './settings.js';
import { belowCount, splitByScore } from './split.js';
import { TakenAssignments } from './taken-assignments.js';

// Fresh draws from the same model before giving up on it for one point: only
// a small, nearly exhausted finite space makes every candidate a repeat.
const MAX_PROPOSAL_ROUNDS = 4;

type Proposer = (
  model: ModelSpace,
  observations: GroupedObservations,
  settings: TpeSettings,
  random: RandomSource,
) => Float64Array[];

/** Katib's `tpe`: Optuna's TPESampler with independent (univariate) Parzen estimators. */
export const tpe: SearchAlgorithm = tpeAlgorithm('tpe', (model, observations, settings, random) => [
  univariateProposal(model.dimensions, observations, settings, random),
]);

/** Katib's `multivariate-tpe`: Optuna's TPESampler(multivariate=True), one joint density over all parameters. */
export const multivariateTpe: SearchAlgorithm = tpeAlgorithm('multivariate-tpe', (model, observations, settings, random) =>
  multivariateProposals(model.dimensions, observations, settings, random),
);

/**
 * Random points until n_startup_trials trials have completed, then TPE. A
 * batch is built one point at a time, each new point entering the model as a
 * pending trial (the constant liar) so the next one looks elsewhere. No
 * assignment already in history, whatever its status, is proposed again.
 * Stateless: the random stream is seeded by (seed, history length).
 */
function tpeAlgorithm(name: string, propose: Proposer): SearchAlgorithm {
  return {
    name,
    validate: (settings, space) => [...validateTpeSettings(settings, name), ...validateSpace(space)],
    suggest: (request: SuggestRequest): SuggestResult => {
      const settings = readTpeSettings(request.settings);
      const model = modelSpaceOf(request.space);
      const table = ObservationTable.fromHistory(model, request.history, request.direction, request.count);
      if (table.completed < settings.startupTrials) return randomSearch.suggest({ ...request, settings: {} });
      const random = createRandom(request.seed, request.history.length);
      const taken = new TakenAssignments(
        request.space,
        request.history.map((entry) => entry.assignment),
      );
      const assignments: Assignment[] = [];
      while (assignments.length < request.count) {
        const observations = groupObservations(table, settings.gamma);
        const assignment =
          proposeUntaken(model, observations, settings, random, taken, propose) ??
          randomUntaken(request, [...request.history, ...assignments.map(asPending)]);
        if (!assignment) break;
        assignments.push(assignment);
        taken.add(assignment);
        table.addPending(assignment);
      }
      return { assignments, exhausted: isExhausted(request, assignments) };
    },
  };
}

function groupObservations(table: ObservationTable, gamma: number): GroupedObservations {
  const { below, above } = splitByScore(table.scoreColumn(), belowCount(table.completed, gamma));
  return { below: table.select(below), above: table.select(above) };
}

function proposeUntaken(
  model: ModelSpace,
  observations: GroupedObservations,
  settings: TpeSettings,
  random: RandomSource,
  taken: TakenAssignments,
  propose: Proposer,
): Assignment | undefined {
  for (let round = 0; round < MAX_PROPOSAL_ROUNDS; round++) {
    for (const point of propose(model, observations, settings, random)) {
      const assignment = decodePoint(model, point);
      if (!taken.has(assignment)) return assignment;
    }
  }
  return undefined;
}

/** The point's assignment, keys in space order (fixed parameters included) as the space reads. */
function decodePoint(model: ModelSpace, point: Float64Array): Assignment {
  const varying = new Map(model.dimensions.map((dimension, d) => [dimension.param.name, decodeCoordinate(dimension, point[d])]));
  return Object.fromEntries(model.names.map((name) => [name, varying.get(name) ?? model.fixed[name]]));
}

/** A free point found by random search, which also lists the free points of a nearly full finite space. */
function randomUntaken(request: SuggestRequest, history: HistoryEntry[]): Assignment | undefined {
  return randomSearch.suggest({ ...request, history, count: 1, settings: {} }).assignments[0];
}

function isExhausted(request: SuggestRequest, assignments: Assignment[]): boolean {
  if (!Number.isFinite(spaceSize(request.space))) return false;
  const history = [...request.history, ...assignments.map(asPending)];
  return randomSearch.suggest({ ...request, history, count: 0, settings: {} }).exhausted;
}

function asPending(assignment: Assignment): HistoryEntry {
  return { assignment, status: 'pending' };
}
