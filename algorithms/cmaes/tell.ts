import type { RestartStrategy } from './cmaes-settings.js';
import { createRandom } from '../common/prng.js';
import { updateDistribution } from './distribution.js';
import { covarianceShape } from './eigen.js';
import type { EvaluatedGeneration } from './generation.js';
import { type CmaesState, newRun } from './cmaes-state.js';
import { countEvaluations, nextRun } from './restart.js';
import { defaultPopsize, strategyParameters } from './strategy-parameters.js';
import { recordFitness, runHasStalled } from './termination.js';

// Tags the restarts' random stream apart from the members' draws.
const RESTART_STREAM = 0x4e57a47;

/**
 * Moves the state to the next generation: updates the distribution with the
 * evaluated one, and starts a new run when a restart strategy is set and the
 * run has stalled. A generation in which every member failed teaches
 * nothing: the distribution stays and a new generation is drawn from it.
 */
export function tellGeneration(
  state: CmaesState,
  evaluated: EvaluatedGeneration,
  restartStrategy: RestartStrategy,
  initialSigma: number,
  seed: number,
): CmaesState {
  const next = { ...state, members: [], generationSerial: state.generationSerial + 1 };
  if (evaluated.values.length === 0) return next;
  const { run } = state;
  const n = state.parameters.length;
  const distribution = updateDistribution(
    run.distribution,
    strategyParameters(n, run.popsize),
    covarianceShape(run.distribution.covariance),
    evaluated.ranked,
  );
  const fitness = recordFitness(run.fitness, evaluated.values, n, run.popsize);
  const restarts = countEvaluations(state.restarts, run.popsize);
  const stalled =
    restartStrategy !== 'none' &&
    runHasStalled(distribution, covarianceShape(distribution.covariance), fitness, run.initialSigma, run.popsize);
  if (!stalled) return { ...next, run: { ...run, distribution, fitness }, restarts };
  const random = createRandom(seed, RESTART_STREAM, restarts.restarts);
  const restart = nextRun(restartStrategy, restarts, defaultPopsize(n), initialSigma, n, random);
  return { ...next, run: newRun(restart.mean, restart.sigma, restart.popsize), restarts: restart.record };
}
