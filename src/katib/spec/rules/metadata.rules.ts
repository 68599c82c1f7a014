import type { ParsedMetadata } from '../experiment.schema.js';
import { got, type FieldError } from '../field-error.js';

/**
 * Katib caps experiment names at 40 characters: the suggestion service is
 * named `<experiment>-<algorithm>` and trials `<experiment>-<8 characters>`,
 * and both must stay within Kubernetes' 63-character names.
 */
export const MAX_EXPERIMENT_NAME_LENGTH = 40;
const EXPERIMENT_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A Kubernetes namespace is an RFC 1123 label. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAMESPACE_LENGTH = 63;

export function metadataErrors(metadata: ParsedMetadata, requestedNamespace: string | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const { name, namespace } = metadata;
  if (!EXPERIMENT_NAME.test(name)) {
    errors.push({
      path: 'metadata.name',
      message:
        'must consist of lower case letters, digits or "-", start with a letter and end with a letter or digit ' +
        got(name),
    });
  }
  if (name.length > MAX_EXPERIMENT_NAME_LENGTH) {
    errors.push({
      path: 'metadata.name',
      message: `must be at most ${MAX_EXPERIMENT_NAME_LENGTH} characters so that trial names fit (got ${name.length})`,
    });
  }
  if (namespace !== undefined) {
    errors.push(...namespaceErrors('metadata.namespace', namespace));
    if (requestedNamespace !== undefined && requestedNamespace !== namespace) {
      errors.push({
        path: 'metadata.namespace',
        message: `"${namespace}" differs from the requested namespace "${requestedNamespace}"`,
      });
    }
  } else if (requestedNamespace !== undefined) {
    errors.push(...namespaceErrors('namespace', requestedNamespace));
  }
  return errors;
}

function namespaceErrors(path: string, namespace: string): FieldError[] {
  if (NAMESPACE.test(namespace) && namespace.length <= MAX_NAMESPACE_LENGTH) return [];
  return [
    {
      path,
      message:
        `must be a valid namespace: at most ${MAX_NAMESPACE_LENGTH} lower case letters, digits or "-", ` +
        `starting and ending with a letter or digit ${got(namespace)}`,
    },
  ];
}
