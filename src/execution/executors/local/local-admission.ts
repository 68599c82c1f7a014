import type { CollectorKind, ExperimentSpec } from '../../../domain/experiment-spec.js';
import { type FieldError, fieldPath } from '../../../katib/spec/field-error.js';
import { findPrimaryContainer } from './primary-container.js';

/** The metrics collectors whose values a local trial can deliver. */
export const LOCAL_COLLECTORS: readonly CollectorKind[] = ['StdOut', 'File', 'TensorFlowEvent', 'PrometheusMetric', 'Push', 'None'];

const COLLECTOR_KIND = 'spec.metricsCollectorSpec.collector.kind';
const TRIAL_SPEC = ['spec', 'trialTemplate', 'trialSpec'];

/**
 * Trial kinds whose steps are pods started by another controller (Argo's,
 * Tekton's): there is no single container command to run on this machine.
 */
const POD_ORCHESTRATORS: Readonly<Record<string, { what: string; installed: string }>> = {
  Workflow: { what: 'an Argo Workflow', installed: 'Argo' },
  PipelineRun: { what: 'a Tekton PipelineRun', installed: 'Tekton Pipelines' },
};

/** Why a collector the local executor cannot read is refused, and what to use instead. */
export function localCollectorRefusal(kind: CollectorKind): string {
  const instead = 'print the metrics (StdOut), write them to a file (File) or push them (Push)';
  switch (kind) {
    case 'Custom':
      return `a Custom collector is a sidecar container, and the local executor runs no containers: ${instead}`;
    default:
      return `the ${kind} metrics collector is not supported by the local executor: ${instead}`;
  }
}

/**
 * What the local executor cannot run, found at submission rather than when
 * the first trial starts: a collector it cannot read, a trial kind with no
 * container command to run (an Argo Workflow, a Tekton PipelineRun), a primary container without a
 * command (the image's entrypoint is not known without the image).
 */
export function localAdmissionErrors(spec: ExperimentSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec.trialTemplate) return errors;
  const collector = spec.metricsCollectorSpec.collector.kind;
  if (!LOCAL_COLLECTORS.includes(collector)) errors.push({ path: COLLECTOR_KIND, message: localCollectorRefusal(collector) });
  if (collector === 'PrometheusMetric') errors.push(...localScrapeErrors(spec));

  const template = spec.trialTemplate;
  const kind = template.trialSpec.kind;
  const orchestrator = typeof kind === 'string' ? POD_ORCHESTRATORS[kind] : undefined;
  if (orchestrator) {
    errors.push({
      path: fieldPath([...TRIAL_SPEC, 'kind']),
      message: `${orchestrator.what} runs its steps as pods, which the local executor cannot do: run it with EXECUTOR=kubernetes (and ${orchestrator.installed} installed)`,
    });
    return errors;
  }
  const name = template.primaryContainerName ?? '';
  const container = findPrimaryContainer(template.trialSpec, name);
  if (!container) {
    errors.push({
      path: 'spec.trialTemplate.primaryContainerName',
      message:
        `no container named "${name}" in the ${String(kind ?? 'trial')} spec, so the local executor has nothing to run: ` +
        'name the container to run in primaryContainerName, or run it with EXECUTOR=kubernetes',
    });
  } else if (!container.command || container.command.length === 0) {
    const has = container.args?.length ? 'args but no command' : 'no command';
    errors.push({
      path: fieldPath([...TRIAL_SPEC, ...container.at, 'command']),
      message:
        `container "${container.name}" has ${has}: the local executor runs command + args, and without the image ` +
        "its entrypoint is unknown; give the command (e.g. [python3, train.py]) or run with EXECUTOR=kubernetes",
    });
  }
  return errors;
}

/**
 * A local trial serves its metrics on this machine's port, where Katib's
 * pods each have an address of their own: the port must be a number (a
 * named port belongs to a container spec the local executor does not run),
 * and two trials at once would both try to listen on it.
 */
function localScrapeErrors(spec: ExperimentSpec): FieldError[] {
  const errors: FieldError[] = [];
  const port = spec.metricsCollectorSpec.source?.httpGet?.port;
  if (typeof port === 'string' && !/^\d+$/.test(port)) {
    errors.push({
      path: 'spec.metricsCollectorSpec.source.httpGet.port',
      message: `the local executor scrapes a port by number, and "${port}" names a container port: give its number`,
    });
  }
  if (spec.parallelTrialCount > 1) {
    errors.push({
      path: 'spec.parallelTrialCount',
      message:
        `a PrometheusMetric collector scrapes port ${String(port)} of this machine, where ${spec.parallelTrialCount} trials at once ` +
        'would all listen on it: set parallelTrialCount to 1, or print the metrics (StdOut) or push them (Push)',
    });
  }
  return errors;
}
