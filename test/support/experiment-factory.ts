import { resolve } from 'node:path';

export const QUADRATIC = resolve('test/fixtures/trials/quadratic.mjs');

export interface QuadraticExperimentOptions {
  name: string;
  algorithm?: string;
  settings?: { name: string; value: string }[];
  maxTrialCount?: number;
  parallelTrialCount?: number;
  maxFailedTrialCount?: number;
  goal?: number;
  /** Extra argv for the trial program, e.g. ['--fail']. */
  extraArgs?: string[];
  parameters?: unknown[];
  /** Replaces the whole trial command (use ${trialParameters.x} for the parameter). */
  command?: string[];
  metricsCollectorSpec?: unknown;
  earlyStopping?: { algorithmName: string; algorithmSettings?: { name: string; value: string }[] };
}

/** A Katib Experiment (as a plain object) whose trials run test/fixtures/trials/quadratic.mjs. */
export function quadraticExperiment(options: QuadraticExperimentOptions) {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name: options.name },
    spec: {
      objective: {
        type: 'minimize',
        objectiveMetricName: 'loss',
        additionalMetricNames: ['accuracy'],
        ...(options.goal === undefined ? {} : { goal: options.goal }),
      },
      algorithm: { algorithmName: options.algorithm ?? 'random', algorithmSettings: options.settings ?? [] },
      parallelTrialCount: options.parallelTrialCount ?? 2,
      maxTrialCount: options.maxTrialCount ?? 4,
      maxFailedTrialCount: options.maxFailedTrialCount ?? 2,
      ...(options.metricsCollectorSpec ? { metricsCollectorSpec: options.metricsCollectorSpec } : {}),
      ...(options.earlyStopping ? { earlyStopping: options.earlyStopping } : {}),
      parameters: options.parameters ?? [
        { name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1' } },
      ],
      trialTemplate: {
        primaryContainerName: 'main',
        trialParameters: [{ name: 'x', reference: 'x' }],
        trialSpec: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [
                  {
                    name: 'main',
                    image: 'node:20-slim',
                    command: options.command ?? ['node', QUADRATIC, '--x=${trialParameters.x}', ...(options.extraArgs ?? [])],
                  },
                ],
              },
            },
          },
        },
      },
    },
  };
}
