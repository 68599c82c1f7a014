import { parseAllDocuments } from 'yaml';
import { MANIFEST_PATH, type FieldError } from './field-error.js';
import { manifestCostProblem } from './manifest-cost.js';
import { describeYamlError } from './yaml-syntax.js';

export type ManifestTextResult = { ok: true; value: unknown } | { ok: false; errors: FieldError[] };

/**
 * Katib's own objects are far below this (etcd refuses objects over ~1.5 MB);
 * the cap keeps a pathological body from tying up a worker in the parser.
 */
export const MAX_MANIFEST_CHARS = 1024 * 1024;

const YAML_MEDIA_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']);

/**
 * YAML or JSON text to a plain value. The media type decides when it names
 * one of the two; otherwise (a caller that names neither; over HTTP the
 * request policy of src/auth has already refused form types) the text itself
 * decides, since `kubectl`-style files are YAML and JSON starts with a brace
 * or bracket.
 */
export function parseManifestText(text: string, contentType: string | undefined): ManifestTextResult {
  if (typeof text !== 'string') return failure(`must be text (got ${typeof text})`);
  if (text.length > MAX_MANIFEST_CHARS) {
    return failure(`is ${text.length} characters long; the limit is ${MAX_MANIFEST_CHARS}`);
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return failure('is empty');
  const tooCostly = manifestCostProblem(body);
  if (tooCostly) return failure(tooCostly);
  return syntaxOf(contentType, body) === 'json' ? parseJson(body) : parseYaml(body);
}

function syntaxOf(contentType: string | undefined, body: string): 'json' | 'yaml' {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json';
  if (YAML_MEDIA_TYPES.has(mediaType) || mediaType.endsWith('+yaml')) return 'yaml';
  return /^\s*[[{]/.test(body) ? 'json' : 'yaml';
}

function parseJson(body: string): ManifestTextResult {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return failure(describeJsonError(body, error));
  }
}

/** V8 reports an offset ("at position 42"); people read lines and columns. */
function describeJsonError(body: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const located = /^(.*) in JSON at position (\d+)/.exec(message);
  if (!located) return `is not valid JSON: ${message}`;
  const offset = Number(located[2]);
  const before = body.slice(0, offset).split('\n');
  return `is not valid JSON at line ${before.length}, column ${before.at(-1)!.length + 1}: ${located[1]}`;
}

function parseYaml(body: string): ManifestTextResult {
  let values: unknown[];
  try {
    const documents = parseAllDocuments(body);
    const syntaxErrors = documents.flatMap((document) => document.errors);
    if (syntaxErrors.length > 0) {
      return { ok: false, errors: syntaxErrors.map((error) => ({ path: MANIFEST_PATH, message: describeYamlError(error) })) };
    }
    // maxAliasCount bounds alias expansion ("billion laughs"); toJS throws past it.
    values = documents.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown);
  } catch (error) {
    // The parser can still throw on inputs such as very deep nesting; a body never crashes the caller.
    return failure(`could not be read as YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  return pickExperiment(values.filter((value) => value !== null && value !== undefined));
}

/**
 * `kubectl apply -f` files often hold several objects, and a leading `---` is
 * common. One document is the manifest whatever it is (validation names what is
 * wrong with it); from several, the one Experiment is taken.
 */
function pickExperiment(documents: unknown[]): ManifestTextResult {
  if (documents.length === 0) return failure('is empty');
  if (documents.length === 1) return { ok: true, value: documents[0] };
  const experiments = documents.filter(
    (document) => typeof document === 'object' && (document as { kind?: unknown }).kind === 'Experiment',
  );
  if (experiments.length === 1) return { ok: true, value: experiments[0] };
  return failure(
    `holds ${documents.length} YAML documents of which ${experiments.length} are of kind Experiment; ` +
      'expected exactly one',
  );
}

function failure(message: string): ManifestTextResult {
  return { ok: false, errors: [{ path: MANIFEST_PATH, message }] };
}
