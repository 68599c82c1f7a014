import { condition, type KatibCondition } from '../../domain/condition.js';
import type { ExperimentRecord } from '../../domain/experiment.js';
import type { TrialRecord } from '../../domain/trial.js';
import { type KatibMetric, toKatibMetrics } from '../../domain/metric-summary.js';
import type { Observation } from '../../domain/observation.js';
import { type TrialPhase } from '../../domain/trial-phase.js';

export interface KatibTrial {
  apiVersion: 'kubeflow.org/v1beta1';
  kind: 'Trial';
  metadata: {
    name: string;
    namespace: string;
    creationTimestamp: string;
    labels: Record<string, string>;
  };
  spec: {
    objective: ExperimentRecord['manifest']['spec']['objective'];
    parameterAssignments: { name: string; value: string }[];
    primaryContainerName?: string;
  };
  status: {
    startTime?: string;
    completionTime?: string;
    conditions: KatibCondition[];
    observation?: { metrics: KatibMetric[] };
    /** kubetune's: an EarlyStopped trial's forecast final objective value (TrialRecord.forecast). */
    forecast?: number;
  };
}

const PHASE_MESSAGES: Record<TrialPhase, string> = {
  Created: 'Trial is created',
  Running: 'Trial is running',
  Succeeded: 'Trial has succeeded',
  Failed: 'Trial has failed',
  MetricsUnavailable: 'Metrics are not available',
  EarlyStopped: 'Trial is early stopped',
  Killed: 'Trial has been killed',
};

function trialConditions(trial: TrialRecord): KatibCondition[] {
  const conditions = [condition('Created', true, 'TrialCreated', PHASE_MESSAGES.Created, trial.createdAt)];
  if (trial.phase === 'Created') return conditions;
  const startedAt = trial.startedAt ?? trial.createdAt;
  const running = trial.phase === 'Running';
  // While it runs, a reason on the trial is its workload's waiting state (queued, suspended, waiting for a GPU).
  const waiting: Pick<TrialRecord, 'reason' | 'message'> = running ? trial : {};
  conditions.push(condition('Running', running, waiting.reason ?? 'TrialRunning', waiting.message ?? PHASE_MESSAGES.Running, startedAt));
  if (!running) {
    conditions.push(
      condition(
        trial.phase,
        true,
        trial.reason ?? `Trial${trial.phase}`,
        trial.message ?? PHASE_MESSAGES[trial.phase],
        trial.completedAt ?? startedAt,
      ),
    );
  }
  return conditions;
}

export function toKatibTrial(experiment: ExperimentRecord, trial: TrialRecord): KatibTrial {
  const spec = experiment.manifest.spec;
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Trial',
    metadata: {
      name: trial.name,
      namespace: experiment.ref.namespace,
      creationTimestamp: trial.createdAt,
      labels: { ...trial.labels, 'katib.kubeflow.org/experiment': experiment.ref.name },
    },
    spec: {
      objective: spec.objective,
      parameterAssignments: trial.parameterAssignments,
      primaryContainerName: spec.trialTemplate?.primaryContainerName,
    },
    status: {
      startTime: trial.startedAt,
      completionTime: trial.completedAt,
      conditions: trialConditions(trial),
      ...(trial.metrics ? { observation: { metrics: toKatibMetrics(trial.metrics) } } : {}),
      ...(trial.forecast === undefined ? {} : { forecast: trial.forecast }),
    },
  };
}

/** Katib's GetObservationLog shape, with the step kept where a trial gave one. */
export function toObservationLog(observations: readonly Observation[]) {
  return {
    metricLogs: observations.map((o) => ({
      timeStamp: o.time,
      ...(o.step === undefined ? {} : { step: o.step }),
      metric: { name: o.metric, value: String(o.value) },
    })),
  };
}
