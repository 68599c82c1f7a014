import { type ExperimentSpec, isCallerRun } from '../../domain/experiment-spec.js';
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
  if (isCallerRun(spec)) return callerRunErrors(spec);
  return executor === 'kubernetes' ? kubernetesAdmissionErrors(spec) : localAdmissionErrors(spec);
}

/** Trials the caller runs report only through the API: there is no output or file to collect. */
function callerRunErrors(spec: ExperimentSpec): FieldError[] {
  const kind = spec.metricsCollectorSpec.collector.kind;
  if (kind === 'Push' || kind === 'None') return [];
  return [{
    path: 'spec.metricsCollectorSpec.collector.kind',
    message: `an experiment without a trialTemplate has its trials run by the caller, who reports through the API: use Push (the default) or None (got ${kind})`,
  }];
}
