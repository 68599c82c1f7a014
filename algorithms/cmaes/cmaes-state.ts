import type { Distribution } from './distribution.js';
import { initialDistribution } from './distribution.js';
import type { FitnessHistory } from './termination.js';
import { FIRST_RUN, type RestartRecord } from './restart.js';

/** A proposed point of the current generation. */
export interface Member {
  /** The point in the unit cube, unrounded: what the update learns from. */
  x: number[];
  /** assignmentKey of the assignment it was handed out as, to find its result in history. */
  key: string;
  /** Proposed from outside the distribution because every draw was already tried. */
  injected: boolean;
}

/** One CMA-ES run: restarts begin a new one. */
export interface Run {
  popsize: number;
  initialSigma: number;
  distribution: Distribution;
  fitness: FitnessHistory;
}

/**
 * Everything CMA-ES must remember between calls; plain numbers, strings and
 * arrays only, so that JSON.stringify/parse returns it exactly.
 */
export interface CmaesState {
  /** The int and double parameters, in vector order: a state made for another space is not reused. */
  parameters: string[];
  run: Run;
  /** The current generation's members in the order handed out; more than popsize when asked for more. */
  members: Member[];
  /** Generations begun over all runs; with the member's index it seeds each member's draws. */
  generationSerial: number;
  restarts: RestartRecord;
}

export function newRun(mean: number[], sigma: number, popsize: number): Run {
  return { popsize, initialSigma: sigma, distribution: initialDistribution(mean, sigma), fitness: [] };
}

export function initialState(parameters: string[], sigma: number, popsize: number): CmaesState {
  const centre = parameters.map(() => 0.5);
  return { parameters, run: newRun(centre, sigma, popsize), members: [], generationSerial: 0, restarts: FIRST_RUN };
}

/** Whether a stored state belongs to this space (same searched parameters, consistent shapes). */
export function fitsParameters(state: CmaesState | undefined, parameters: readonly string[]): state is CmaesState {
  if (!state || !Array.isArray(state.parameters) || !Array.isArray(state.members) || !state.run) return false;
  const n = parameters.length;
  return (
    state.parameters.length === n &&
    state.parameters.every((name, i) => name === parameters[i]) &&
    state.run.distribution.mean.length === n &&
    state.run.distribution.covariance.length === n
  );
}
