import { AUTO_ALGORITHM, type AlgorithmChoice, chooseAlgorithm } from '../../../algorithms/auto/choose-algorithm.js';
import type { ExperimentSpec } from '../../domain/experiment-spec.js';
import { objectivesOf } from '../../domain/pareto.js';
import { toSearchSpace } from './search-space.js';

/**
 * What `auto` runs for this validated, defaulted spec; undefined when the spec
 * names its algorithm. The service calls it once, at submission, and stores
 * the answer with the experiment: later budget edits do not choose again.
 */
export function autoAlgorithmChoice(spec: ExperimentSpec): AlgorithmChoice | undefined {
  if (spec.algorithm.algorithmName !== AUTO_ALGORITHM) return undefined;
  return chooseAlgorithm({
    space: toSearchSpace(spec.parameters),
    maxTrialCount: spec.maxTrialCount,
    parallelTrialCount: spec.parallelTrialCount,
    objectiveCount: objectivesOf(spec.objective).length,
    constraintCount: spec.objective.constraints?.length ?? 0,
  });
}
