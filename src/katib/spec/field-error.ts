/**
 * How the spec validator names a problem: a Katib/JSON-style field path
 * (`spec.parameters[1].feasibleSpace.max`) and a message that says what is
 * wrong and with which value. Every refusal of a manifest is a list of these.
 */
export interface FieldError {
  path: string;
  message: string;
}

export type PathSegment = string | number;

/** The path for problems with the manifest as a whole (its text, or a body that is not an object). */
export const MANIFEST_PATH = 'manifest';

export function formatFieldError(e: FieldError): string {
  return `${e.path}: ${e.message}`;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Segments to a path, Kubernetes style: indices and keys that are not plain
 * identifiers (label keys such as `app.kubernetes.io/name`) go in brackets,
 * so the path stays unambiguous.
 */
export function fieldPath(segments: readonly PathSegment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number' || !PLAIN_KEY.test(segment)) path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path === '' ? MANIFEST_PATH : path;
}

const MAX_QUOTED_CHARS = 80;

/** A value as it appears after "got" in a message: short, typed, never the whole of a huge input. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}...` : value;
    return JSON.stringify(shown);
  }
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The "(got ...)" that ends a message about a wrong value. */
export function got(value: unknown): string {
  return `(got ${describeValue(value)})`;
}
