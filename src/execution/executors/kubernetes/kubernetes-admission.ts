import type { CollectorKind, ExperimentSpec } from '../../../domain/experiment-spec.js';
import type { FieldError } from '../../../katib/spec/field-error.js';

/** The metrics collectors whose values a trial on Kubernetes can deliver: its primary container's log, or pushes. */
export const KUBERNETES_COLLECTORS: readonly CollectorKind[] = ['StdOut', 'Push', 'None'];

/** Why a collector is refused on Kubernetes, and what to use instead. */
export function kubernetesCollectorRefusal(kind: CollectorKind, metricsFilePath: string | undefined): string {
  const instead = 'on Kubernetes print the metrics (StdOut, read from the pod log) or push them (Push)';
  switch (kind) {
    case 'File':
    case 'TensorFlowEvent':
      return `${kind} reads ${metricsFilePath ?? 'a path'} inside the trial's pod, which this executor cannot read without a sidecar: ${instead}`;
    case 'PrometheusMetric':
      return `PrometheusMetric scrapes an endpoint of the trial's pod, and this executor does not connect to pods: ${instead}`;
    case 'Custom':
      return `a Custom collector sidecar's output does not reach this service: ${instead}`;
    default:
      return `the ${kind} metrics collector is not supported by the Kubernetes executor: ${instead}`;
  }
}

/** What the Kubernetes executor cannot deliver, found at submission. */
export function kubernetesAdmissionErrors(spec: ExperimentSpec): FieldError[] {
  const collector = spec.metricsCollectorSpec;
  if (KUBERNETES_COLLECTORS.includes(collector.collector.kind)) return [];
  const message = kubernetesCollectorRefusal(collector.collector.kind, collector.source?.fileSystemPath?.path);
  return [{ path: 'spec.metricsCollectorSpec.collector.kind', message }];
}
