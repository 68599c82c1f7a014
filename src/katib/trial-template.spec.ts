import { describe, expect, it } from '@jest/globals';
import type { TrialTemplate } from '../domain/experiment-spec.js';
import { renderTrialSpec } from './trial-template.js';

const template: TrialTemplate = {
  primaryContainerName: 'training-container',
  trialParameters: [
    { name: 'learningRate', reference: 'lr' },
    { name: 'trialName', reference: '${trialSpec.Name}' },
    { name: 'trialNamespace', reference: '${trialSpec.Namespace}' },
    { name: 'trialKind', reference: '${trialSpec.Kind}' },
    { name: 'trialAPIVersion', reference: '${trialSpec.APIVersion}' },
    { name: 'label', reference: '${trialSpec.Labels[custom-key]}' },
    { name: 'annotation', reference: '${trialSpec.Annotations[custom-key]}' },
  ],
  trialSpec: {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { labels: { 'custom-key': 'custom-label' }, annotations: { 'custom-key': 'custom-annotation' } },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'training-container',
              command: ['python3', 'train.py', '--lr=${trialParameters.learningRate}'],
              env: [
                { name: 'NAME', value: '${trialParameters.trialName}' },
                { name: 'WHERE', value: '${trialParameters.trialNamespace}/${trialParameters.trialKind}' },
                { name: 'API', value: '${trialParameters.trialAPIVersion}' },
                { name: 'LABEL', value: '${trialParameters.label}' },
                { name: 'ANNOTATION', value: '${trialParameters.annotation}' },
              ],
            },
          ],
        },
      },
    },
  },
  successCondition: '',
  failureCondition: '',
  retain: false,
};

describe('renderTrialSpec', () => {
  it('substitutes parameter values and Katib metadata references, and names the object after the trial', () => {
    const rendered = renderTrialSpec(template, {
      name: 'exp-abc',
      namespace: 'team-a',
      parameterAssignments: [{ name: 'lr', value: '0.0125' }],
    }) as any;
    const container = rendered.spec.template.spec.containers[0];
    expect(container.command).toEqual(['python3', 'train.py', '--lr=0.0125']);
    expect(Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]))).toEqual({
      NAME: 'exp-abc',
      WHERE: 'team-a/Job',
      API: 'batch/v1',
      LABEL: 'custom-label',
      ANNOTATION: 'custom-annotation',
    });
    expect(rendered.metadata).toMatchObject({ name: 'exp-abc', namespace: 'team-a', labels: { 'custom-key': 'custom-label' } });
  });

  it('inserts values as text only: a value with shell or JSON syntax stays one argument', () => {
    const rendered = renderTrialSpec(template, {
      name: 't',
      namespace: 'n',
      parameterAssignments: [{ name: 'lr', value: '"; rm -rf / #' }],
    }) as any;
    expect(rendered.spec.template.spec.containers[0].command[2]).toBe('--lr="; rm -rf / #');
  });

  it('leaves the template itself untouched', () => {
    renderTrialSpec(template, { name: 't', namespace: 'n', parameterAssignments: [{ name: 'lr', value: '1' }] });
    expect((template.trialSpec as any).spec.template.spec.containers[0].command[2]).toBe('--lr=${trialParameters.learningRate}');
  });
});
