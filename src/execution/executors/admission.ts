import type { ExperimentSpec } from '../../domain/experiment-spec.js';
import type { FieldError } from '../../katib/spec/field-error.js';
import { kubernetesAdmissionErrors } from './kubernetes/kubernetes-admission.js';
import { localAdmissionErrors } from './local/local-admission.js';

export type ExecutorKind = 'local' | 'kubernetes';

/**
 * What the configured executor cannot run in a valid Katib experiment, as
 * field errors, so that the API refuses it at submission (it knows the
 * executor from the same EXECUTOR setting as the workers) instead of failing
 * every trial later.
 */
export function admissionErrors(spec: ExperimentSpec, executor: ExecutorKind): FieldError[] {
  return executor === 'kubernetes' ? kubernetesAdmissionErrors(spec) : localAdmissionErrors(spec);
}
