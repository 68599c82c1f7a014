import { describe, expect, it } from '@jest/globals';
import { fieldPosition, locateErrors, parseFieldPath } from './yaml-field-position.js';

const MANIFEST = `apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata:
  name: demo
  labels:
    app.kubernetes.io/name: demo
spec:
  objective:
    objectiveMetricName: loss
  parameters:
    - name: lr
      parameterType: double
      feasibleSpace:
        min: "0.1"
        max: "1"
    - name: momentum
      parameterType: double
      feasibleSpace:
        min: "0.9"
        max: "0.5"
`;

describe('API field paths to YAML positions', () => {
  it('reads indices and bracketed keys', () => {
    expect(parseFieldPath('spec.parameters[1].feasibleSpace.max')).toEqual(['spec', 'parameters', 1, 'feasibleSpace', 'max']);
    expect(parseFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
  });

  it('finds the line of a field inside a list item', () => {
    const position = fieldPosition(MANIFEST, 'spec.parameters[1].feasibleSpace.max');
    expect(position.line).toBe(20);
    expect(MANIFEST.slice(position.from, position.to)).toBe('max: "0.5"');
  });

  it('finds a bracketed key', () => {
    expect(fieldPosition(MANIFEST, 'metadata.labels[app.kubernetes.io/name]').line).toBe(6);
  });

  it('points a missing field at its nearest parent', () => {
    expect(fieldPosition(MANIFEST, 'spec.objective.type').line).toBe(8);
    expect(fieldPosition(MANIFEST, 'spec.parameters[7].name').line).toBe(10);
  });

  it('uses the line a syntax error states', () => {
    const [located] = locateErrors('a: 1\nb: [\n', ['manifest: is not valid YAML at line 2, column 4: Flow sequence']);
    expect(located!.position.line).toBe(2);
    expect(located!.path).toBe('manifest');
  });
});
