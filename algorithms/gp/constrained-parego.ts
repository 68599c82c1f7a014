import type { BatchSearch } from './batch.js';
import { type ConstrainedBatchResult, fitConstraintModels, proposeFeasiblePoints } from './constrained-batch.js';
import type { Point } from './kernel.js';
import { chebyshevScalarisation, simplexWeights } from './parego.js';
import { standardize } from './standardize.js';
import { fitSurrogate } from './surrogate.js';

export interface ConstrainedParEgoRequest extends BatchSearch {
  observed: {
    points: readonly Point[];
    /** Per point, every objective's value, minimised. */
    vectors: readonly (readonly number[])[];
    /** Per point, its constraint values (HistoryEntry.constraints: feasible at or below 0). */
    constraints: readonly (readonly number[])[];
  };
  objectives: number;
  warmStart?: { objective?: number[]; constraints?: number[][] };
}

/**
 * ParEGO under outcome constraints: as the unconstrained ParEGO of
 * bayesian-optimization.ts, each point of the batch draws its own trade-off
 * and fits a GP to the augmented Chebyshev scalarisation of every completed
 * trial (infeasible ones included: their objectives still show how the
 * objectives vary), but the point maximises EI over the best *feasible*
 * scalarised value times the probability of feasibility, exactly as for one
 * objective (constrained-batch.ts proposeFeasiblePoints). The constraint GPs
 * do not depend on the trade-off, so they are fitted once per call; the
 * running trials and the batch's earlier points are fantasised in all of them.
 */
export function proposeConstrainedParEgoBatch(request: ConstrainedParEgoRequest): ConstrainedBatchResult {
  const { observed, cube, random } = request;
  const constraints = fitConstraintModels(observed, cube, random, request.warmStart?.constraints);
  let hyperparameters = request.warmStart?.objective;
  const points: Point[] = [];
  while (points.length < request.count) {
    const scalarised = chebyshevScalarisation(observed.vectors, simplexWeights(request.objectives, random));
    const targets = standardize(scalarised, false).targets;
    const fit = fitSurrogate(observed.points, targets, cube.categorical, { warmStart: hyperparameters, random });
    hyperparameters = fit.hyperparameters;
    const picked = proposeFeasiblePoints({
      objective: fit.posterior,
      targets,
      constraints,
      observed,
      cube,
      pending: [...request.pending, ...points],
      count: 1,
      localStarts: request.localStarts,
      random,
      taken: request.taken,
    });
    if (picked.length === 0) break;
    points.push(...picked);
  }
  return { points, hyperparameters: hyperparameters ?? [], constraintHyperparameters: constraints.hyperparameters };
}
