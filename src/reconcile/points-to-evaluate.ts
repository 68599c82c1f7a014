import type { ExperimentSpec } from '../domain/experiment-spec.js';
import type { ParameterAssignment } from '../domain/trial.js';

/**
 * The points to evaluate that the next `count` trials take once `created`
 * trials exist: trial i evaluates spec.pointsToEvaluate[i], so the points
 * run first and in order, and a retried or concurrent suggestion (which
 * commits only against the version it read) can neither skip nor repeat one.
 */
export function nextPointsToEvaluate(spec: ExperimentSpec, created: number, count: number): ParameterAssignment[][] {
  const points = spec.pointsToEvaluate ?? [];
  return points.slice(created, created + count).map((point) => spec.parameters.map(({ name }) => ({ name, value: Object.hasOwn(point, name) ? point[name] : '' })));
}
