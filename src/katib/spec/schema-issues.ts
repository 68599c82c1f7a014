import type { z } from 'zod';
import { fieldPath, got, type FieldError, type PathSegment } from './field-error.js';

export type SchemaResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Parses `value`, found at `path` in the manifest, reporting every structural problem under that path. */
export function parseAt<T extends z.ZodType>(
  schema: T,
  value: unknown,
  path: readonly PathSegment[],
): SchemaResult<z.output<T>> {
  const result = schema.safeParse(value, { error: issueMessage });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      path: fieldPath([...path, ...(issue.path as PathSegment[])]),
      message: issue.message,
    })),
  };
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/** Zod's issues in the validator's own words: what is wrong, and with which value. */
function issueMessage(issue: z.core.$ZodRawIssue): string {
  const missing = issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
  if (missing) return 'is required';
  const wrong = got(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[issue.expected] ?? issue.expected} ${wrong}`;
    case 'invalid_value': {
      const options = issue.values.map(String);
      const allowed = options.length === 1 ? `"${options[0]}"` : `one of ${options.join(', ')}`;
      return `must be ${allowed} ${wrong}`;
    }
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? 'must not be empty'
        : `must be at least ${String(issue.minimum)} ${wrong}`;
    default:
      return `is invalid ${wrong}`;
  }
}
