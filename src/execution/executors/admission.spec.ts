import { describe, expect, it } from '@jest/globals';
import type { ExperimentSpec } from '../../domain/experiment-spec.js';
import { validateExperiment } from '../../katib/spec/validate-experiment.js';
import { katibFixture } from '../../../test/fixtures/katib/katib-fixtures.js';
import { admissionErrors } from './admission.js';

/** A valid Katib spec from a fixture, changed by `edit` before validation. */
function spec(edit: (manifest: Record<string, any>) => void = () => {}, fixture = 'random-stdout.yaml'): ExperimentSpec {
  const manifest = katibFixture(fixture);
  edit(manifest);
  const validated = validateExperiment(manifest);
  if (!validated.ok) throw new Error(`fixture edit made an invalid spec: ${JSON.stringify(validated.errors)}`);
  return validated.manifest.spec;
}

const COLLECTOR = 'spec.metricsCollectorSpec.collector.kind';

describe('admission on the local executor', () => {
  it('admits the fixtures it can run', () => {
    for (const fixture of ['random-stdout.yaml', 'file-collector.yaml', 'pytorchjob.yaml', 'trial-metadata.yaml']) {
      expect({ fixture, errors: admissionErrors(spec(() => {}, fixture), 'local') }).toEqual({ fixture, errors: [] });
    }
  });

  it('admits TensorFlowEvent, and PrometheusMetric one trial at a time at a numbered port', () => {
    const tfEvent = { collector: { kind: 'TensorFlowEvent' }, source: { fileSystemPath: { path: '/logs', kind: 'Directory' } } };
    expect(admissionErrors(spec((m) => (m.spec.metricsCollectorSpec = tfEvent)), 'local')).toEqual([]);
    const prometheus = (edit: (m: Record<string, any>) => void) =>
      admissionErrors(spec((m) => {
        m.spec.metricsCollectorSpec = { collector: { kind: 'PrometheusMetric' } };
        m.spec.parallelTrialCount = 1;
        edit(m);
      }), 'local');
    expect(prometheus(() => {})).toEqual([]);
    expect(prometheus((m) => (m.spec.metricsCollectorSpec.source = { httpGet: { port: '9090', path: '/stats' } }))).toEqual([]);
    expect(prometheus((m) => (m.spec.metricsCollectorSpec.source = { httpGet: { port: 'metrics' } }))).toEqual([
      { path: 'spec.metricsCollectorSpec.source.httpGet.port', message: expect.stringContaining('"metrics" names a container port: give its number') },
    ]);
    expect(prometheus((m) => (m.spec.parallelTrialCount = 3))).toEqual([
      { path: 'spec.parallelTrialCount', message: expect.stringMatching(/^a PrometheusMetric collector scrapes port 8080 of this machine, where 3 trials at once would all listen on it: set parallelTrialCount to 1/) },
    ]);
  });

  it.each([
    ['Custom', { collector: { kind: 'Custom', customCollector: { name: 'c', image: 'x' } } }, /a Custom collector is a sidecar container, and the local executor runs no containers: print the metrics \(StdOut\), write them to a file \(File\) or push them \(Push\)/],
  ])('refuses the %s collector at its field, saying what to use instead', (_, collectorSpec, message) => {
    const errors = admissionErrors(spec((m) => (m.spec.metricsCollectorSpec = collectorSpec)), 'local');
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(COLLECTOR);
    expect(errors[0].message).toMatch(message);
  });

  it('refuses an args-only container at its command, naming the container', () => {
    const errors = admissionErrors(
      spec((m) => {
        const container = m.spec.trialTemplate.trialSpec.spec.template.spec.containers[0];
        container.args = [...(container.command ?? []).slice(1), ...(container.args ?? [])];
        delete container.command;
      }),
      'local',
    );
    expect(errors).toEqual([
      {
        path: 'spec.trialTemplate.trialSpec.spec.template.spec.containers[0].command',
        message: expect.stringMatching(/^container "training-container" has args but no command: .*EXECUTOR=kubernetes$/),
      },
    ]);
  });

  it('refuses an Argo Workflow, pointing at the Kubernetes executor', () => {
    const errors = admissionErrors(
      spec((m) => {
        m.spec.trialTemplate.primaryContainerName = 'main';
        m.spec.trialTemplate.successCondition = 'status.[@this].#(phase=="Succeeded")#';
        m.spec.trialTemplate.failureCondition = 'status.[@this].#(phase=="Failed")#';
        m.spec.trialTemplate.trialSpec = {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          spec: { entrypoint: 'e', templates: [{ name: 'e', container: { image: 'x', command: ['python3', 'train.py', '--lr=${trialParameters.learningRate}', '--momentum=${trialParameters.momentum}'] } }] },
        };
      }),
      'local',
    );
    expect(errors).toEqual([{ path: 'spec.trialTemplate.trialSpec.kind', message: expect.stringContaining('run it with EXECUTOR=kubernetes') }]);
  });

  it("runs a Kubeflow Trainer TrainJob's trainer command", () => {
    const trainJob = (trainer: Record<string, unknown>) =>
      spec((m) => {
        m.spec.trialTemplate.primaryContainerName = 'node';
        delete m.spec.trialTemplate.successCondition;
        delete m.spec.trialTemplate.failureCondition;
        m.spec.trialTemplate.trialSpec = { apiVersion: 'trainer.kubeflow.org/v1alpha1', kind: 'TrainJob', spec: { runtimeRef: { name: 'torch-distributed' }, trainer } };
      });
    const command = ['python3', 'train.py', '--lr=${trialParameters.learningRate}', '--momentum=${trialParameters.momentum}'];
    expect(admissionErrors(trainJob({ command }), 'local')).toEqual([]);
    expect(admissionErrors(trainJob({ args: command.slice(2) }), 'local')).toEqual([
      { path: 'spec.trialTemplate.trialSpec.spec.trainer.command', message: expect.stringContaining('container "node" has args but no command') },
    ]);
  });
});

describe('admission on the Kubernetes executor', () => {
  it('admits StdOut and Push, and refuses collectors that read files in the pod', () => {
    expect(admissionErrors(spec(), 'kubernetes')).toEqual([]);
    const file = admissionErrors(spec(() => {}, 'file-collector.yaml'), 'kubernetes');
    expect(file).toEqual([{ path: COLLECTOR, message: expect.stringMatching(/^File reads \/.* inside the trial's pod/) }]);
  });

  it.each([
    ['TensorFlowEvent', { collector: { kind: 'TensorFlowEvent' }, source: { fileSystemPath: { path: '/logs' } } }, /^TensorFlowEvent reads \/logs inside the trial's pod, which this executor cannot read without a sidecar: on Kubernetes print the metrics/],
    ['PrometheusMetric', { collector: { kind: 'PrometheusMetric' } }, /^PrometheusMetric scrapes an endpoint of the trial's pod, and this executor does not connect to pods: on Kubernetes print/],
    ['Custom', { collector: { kind: 'Custom', customCollector: { name: 'c', image: 'x' } } }, /^a Custom collector sidecar's output does not reach this service/],
  ])('refuses %s at submission, saying what to use instead', (_, collectorSpec, message) => {
    expect(admissionErrors(spec((m) => (m.spec.metricsCollectorSpec = collectorSpec)), 'kubernetes')).toEqual([{ path: COLLECTOR, message: expect.stringMatching(message) }]);
  });
});
