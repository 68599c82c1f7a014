import { describe, expect, it } from '@jest/globals';
import { readKatibFixture } from '../../../test/fixtures/katib/katib-fixtures.js';
import { formatFieldError } from './field-error.js';
import { MANIFEST_LIMITS, manifestCostProblem } from './manifest-cost.js';
import { MAX_MANIFEST_CHARS, parseManifestText } from './manifest-text.js';

function errorsOf(text: string, contentType?: string): string[] {
  const result = parseManifestText(text, contentType);
  return result.ok ? [] : result.errors.map(formatFieldError);
}

function valueOf(text: string, contentType?: string): unknown {
  const result = parseManifestText(text, contentType);
  if (!result.ok) throw new Error(result.errors.map(formatFieldError).join('\n'));
  return result.value;
}

describe('parseManifestText', () => {
  it('reads a Katib YAML file with its leading ---', () => {
    const value = valueOf(readKatibFixture('random-stdout.yaml'), 'application/yaml') as Record<string, any>;
    expect(value.kind).toBe('Experiment');
    expect(value.spec.parameters[0].feasibleSpace).toEqual({ min: '0.002', max: '0.2' });
  });

  it.each(['application/yaml', 'application/x-yaml', 'text/yaml', 'application/yaml; charset=utf-8'])(
    'reads YAML sent as %s',
    (contentType) => {
      expect(valueOf('kind: Experiment\nspec: {}\n', contentType)).toEqual({ kind: 'Experiment', spec: {} });
    },
  );

  it.each(['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json'])(
    'reads JSON sent as %s',
    (contentType) => {
      expect(valueOf('{"kind": "Experiment", "spec": {"parallelTrialCount": 2}}', contentType)).toEqual({
        kind: 'Experiment',
        spec: { parallelTrialCount: 2 },
      });
    },
  );

  it('tells JSON from YAML by the text when the media type does not say', () => {
    expect(valueOf('{"kind": "Experiment"}', undefined)).toEqual({ kind: 'Experiment' });
    expect(valueOf('kind: Experiment', 'application/x-www-form-urlencoded')).toEqual({ kind: 'Experiment' });
  });

  it('ignores a byte order mark', () => {
    expect(valueOf('\uFEFFkind: Experiment', 'text/yaml')).toEqual({ kind: 'Experiment' });
  });

  it('names the line and column of a YAML syntax error', () => {
    expect(errorsOf('kind: Experiment\nspec:\n  parameters: [1, 2\n  algorithm: {}\n', 'application/yaml')).toEqual([
      'manifest: is not valid YAML at line 4, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('refuses duplicate YAML keys, which would silently drop a value', () => {
    expect(errorsOf('metadata:\n  name: a\n  name: b\n', 'text/yaml')).toEqual([
      'manifest: is not valid YAML at line 3, column 3: Map keys must be unique',
    ]);
  });

  it('names the line and column of a JSON syntax error', () => {
    expect(errorsOf('{\n  "kind": "Experiment",\n}', 'application/json')).toEqual([
      'manifest: is not valid JSON at line 3, column 1: Expected double-quoted property name',
    ]);
    expect(errorsOf('{"kind": ', 'application/json')).toEqual([
      'manifest: is not valid JSON: Unexpected end of JSON input',
    ]);
  });

  it('takes the one Experiment out of a multi-document file', () => {
    const text = [
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: kubeflow}',
      '---',
      readKatibFixture('grid-steps.yaml'),
    ].join('\n');
    expect((valueOf(text, 'application/yaml') as { metadata: unknown }).metadata).toEqual({
      namespace: 'kubeflow',
      name: 'grid-steps',
    });
  });

  it('refuses several documents unless exactly one is an Experiment', () => {
    const random = readKatibFixture('random-stdout.yaml');
    expect(errorsOf(`${random}\n${random}`, 'application/yaml')).toEqual([
      'manifest: holds 2 YAML documents of which 2 are of kind Experiment; expected exactly one',
    ]);
    expect(errorsOf('kind: ConfigMap\n---\nkind: Secret\n', 'application/yaml')).toEqual([
      'manifest: holds 2 YAML documents of which 0 are of kind Experiment; expected exactly one',
    ]);
  });

  it.each([
    ['an empty body', ''],
    ['blank lines', '\n  \n'],
    ['only comments and separators', '# nothing here\n---\n---\n'],
  ])('refuses %s', (_what, text) => {
    expect(errorsOf(text, 'application/yaml')).toEqual(['manifest: is empty']);
  });

  it('refuses a body over the size limit without parsing it', () => {
    const text = `kind: Experiment\n#${'x'.repeat(MAX_MANIFEST_CHARS)}`;
    expect(errorsOf(text, 'application/yaml')).toEqual([
      `manifest: is ${text.length} characters long; the limit is ${MAX_MANIFEST_CHARS}`,
    ]);
  });

  it('bounds YAML alias expansion', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 6; level++) {
      const previous = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const [error] = errorsOf(lines.join('\n'), 'application/yaml');
    expect(error).toMatch(/^manifest: could not be read as YAML: /);
  });

  it('survives deeply nested input', () => {
    const depth = 20_000;
    const json = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(() => parseManifestText(json, 'application/json')).not.toThrow();
    expect(() => parseManifestText(json, 'application/yaml')).not.toThrow();
  });

  describe('bounds the cost of parsing, so no body holds the event loop (finding 9)', () => {
    const MiB = 1024 * 1024;
    it.each([
      ['a 1 MiB body of --- lines', '---\n'.repeat(MiB / 4 - 1), `manifest: holds more than ${MANIFEST_LIMITS.documents} YAML documents; submit the Experiment alone`],
      ['nesting past the bound, as YAML', `${'['.repeat(MiB / 2)}${']'.repeat(MiB / 2)}`, `manifest: nests collections more than ${MANIFEST_LIMITS.nesting} levels deep`],
      ['a mapping of 60,000 keys', Array.from({ length: 60_000 }, (_, i) => `k${i}: ${i}`).join('\n'), `manifest: has more than ${MANIFEST_LIMITS.nodes} keys and list items; an Experiment needs far fewer`],
      ['a sequence of 60,000 items', Array.from({ length: 60_000 }, (_, i) => `- ${i}`).join('\n'), `manifest: has more than ${MANIFEST_LIMITS.nodes} keys and list items; an Experiment needs far fewer`],
    ])('refuses %s', (_what, text, message) => {
      expect(errorsOf(text, 'application/yaml')).toEqual([message]);
    });

    it('bounds JSON the same way', () => {
      const wide = `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
      expect(errorsOf(wide, 'application/json')).toEqual([
        `manifest: has more than ${MANIFEST_LIMITS.nodes} keys and list items; an Experiment needs far fewer`,
      ]);
      expect(errorsOf(`${'['.repeat(65)}${']'.repeat(65)}`, 'application/json')).toEqual([
        `manifest: nests collections more than ${MANIFEST_LIMITS.nesting} levels deep`,
      ]);
    });

    it('takes what is just inside the bounds', () => {
      const documents = Array.from({ length: MANIFEST_LIMITS.documents }, (_, i) => `---\nkind: ConfigMap${i}`).join('\n');
      expect(errorsOf(documents, 'application/yaml')).toEqual([
        `manifest: holds ${MANIFEST_LIMITS.documents} YAML documents of which 0 are of kind Experiment; expected exactly one`,
      ]);
      expect(valueOf(`${'['.repeat(MANIFEST_LIMITS.nesting)}${']'.repeat(MANIFEST_LIMITS.nesting)}`, 'application/json')).toBeDefined();
      const keys = Array.from({ length: MANIFEST_LIMITS.nodes }, (_, i) => `k${i}: ${i}`).join('\n');
      expect(Object.keys(valueOf(keys, 'application/yaml') as object)).toHaveLength(MANIFEST_LIMITS.nodes);
    });

    it('leaves every Katib example far inside the bounds', () => {
      for (const name of ['random-stdout.yaml', 'pytorchjob.yaml', 'trial-metadata.yaml']) {
        expect(manifestCostProblem(readKatibFixture(name))).toBeUndefined();
      }
    });
  });

  it('refuses a body that is not text', () => {
    expect(errorsOf(42 as unknown as string, 'application/json')).toEqual(['manifest: must be text (got number)']);
  });
});
