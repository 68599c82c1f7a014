import { unavailable } from '../../common/domain-error.js';
import { configMapSourceSchema, type ParsedConfigMapSource } from '../spec/experiment.schema.js';
import type { FieldError } from '../spec/field-error.js';
import { isPlainObject } from '../spec/plain-object.js';
import type { ConfigMapTemplateOutcome } from '../spec/rules/trial-template.rules.js';
import type { ConfigMapReader } from './config-map-reader.js';
import { parseTemplateYaml } from './template-yaml.js';
import { DEFAULT_NAMESPACE } from '../../domain/identity.js';

const CONFIG_MAP = 'spec.trialTemplate.configMap';

export interface TemplateResolution {
  /** The parsed manifest, with spec.trialTemplate.trialSpec filled in when it was read from the ConfigMap. */
  manifest: unknown;
  /** For validateExperiment; absent when the manifest has no ConfigMap template to read. */
  configMapTemplate?: ConfigMapTemplateOutcome;
  /** Why the template could not be read, each naming its field; reported with the validator's own. */
  errors: FieldError[];
}

/**
 * Katib's `spec.trialTemplate.configMap`: the trial template lives under a key
 * of a ConfigMap. It is read once, when the experiment is submitted, into
 * trialSpec, so that every rule checks it as if it had been inline and the
 * stored experiment keeps running the template it was accepted with.
 * `configMaps` is absent when there is no cluster to read from (the local executor).
 */
export class TrialTemplateSource {
  constructor(private readonly configMaps: ConfigMapReader | undefined) {}

  /**
   * Throws a DomainError `unavailable` when the Kubernetes API gives no usable
   * answer: the manifest may be fine, and the request can be retried.
   */
  async resolve(manifest: unknown, requestedNamespace: string | undefined): Promise<TemplateResolution> {
    const template = trialTemplateOf(manifest);
    // Both sources, or none: the validator says what is wrong. A malformed reference too.
    if (!template || template.configMap == null || template.trialSpec != null) return { manifest, errors: [] };
    const reference = configMapSourceSchema.safeParse(template.configMap);
    if (!reference.success) return { manifest, errors: [] };
    if (!this.configMaps) {
      return unread(manifest, {
        path: CONFIG_MAP,
        message:
          'ConfigMap-sourced templates need EXECUTOR=kubernetes (the local executor has no cluster to read them from)',
      });
    }
    const namespace = reference.data.configMapNamespace ?? experimentNamespace(manifest, requestedNamespace);
    return this.readTemplate(manifest, reference.data, namespace);
  }

  private async readTemplate(
    manifest: unknown,
    { configMapName: name, templatePath: key }: ParsedConfigMapSource,
    namespace: string,
  ): Promise<TemplateResolution> {
    const read = await this.configMaps!.read(namespace, name);
    switch (read.status) {
      case 'unreachable':
        throw unavailable(
          `${CONFIG_MAP}: the Kubernetes API could not be reached to read ConfigMap "${name}" in namespace ` +
            `"${namespace}" (${read.reason}); the experiment was not created, submit it again once the cluster answers`,
        );
      case 'forbidden':
        return unread(manifest, {
          path: CONFIG_MAP,
          message:
            `kubetune may not read ConfigMap "${name}" in namespace "${namespace}" (${read.reason}); ` +
            'its API ServiceAccount needs get on configmaps there (docs/deploy.md)',
        });
      case 'not-found':
        return unread(manifest, {
          path: `${CONFIG_MAP}.configMapName`,
          message: `ConfigMap "${name}" not found in namespace "${namespace}"`,
        });
    }
    const text = Object.hasOwn(read.data, key) ? read.data[key] : undefined;
    if (text === undefined) {
      const keys = Object.keys(read.data).sort().join(', ') || 'none';
      return unread(manifest, {
        path: `${CONFIG_MAP}.templatePath`,
        message: `key "${key}" not found in ConfigMap "${name}" (keys: ${keys})`,
      });
    }
    const parsed = parseTemplateYaml(text);
    if (!parsed.ok) {
      return unread(manifest, { path: `${CONFIG_MAP}.templatePath`, message: `key "${key}" of ConfigMap "${name}" ${parsed.problem}` });
    }
    return {
      manifest: withTrialSpec(manifest, parsed.trialSpec),
      configMapTemplate: { read: true, from: `key "${key}" of ConfigMap "${name}" in namespace "${namespace}"` },
      errors: [],
    };
  }
}

function unread(manifest: unknown, error: FieldError): TemplateResolution {
  return { manifest, configMapTemplate: { read: false }, errors: [error] };
}

function trialTemplateOf(manifest: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(manifest) || !isPlainObject(manifest.spec)) return undefined;
  const template = manifest.spec.trialTemplate;
  return isPlainObject(template) ? template : undefined;
}

/** As Katib's defaults will set it; a namespace the validator then refuses only wastes one read. */
function experimentNamespace(manifest: unknown, requestedNamespace: string | undefined): string {
  const metadata = isPlainObject(manifest) ? manifest.metadata : undefined;
  const namespace = isPlainObject(metadata) ? metadata.namespace : undefined;
  if (typeof namespace === 'string' && namespace !== '') return namespace;
  return requestedNamespace || DEFAULT_NAMESPACE;
}

/** A copy with trialSpec set; the caller's parsed manifest is left as it was. */
function withTrialSpec(manifest: unknown, trialSpec: Record<string, unknown>): unknown {
  const root = manifest as Record<string, unknown> & { spec: Record<string, unknown> & { trialTemplate: Record<string, unknown> } };
  return { ...root, spec: { ...root.spec, trialTemplate: { ...root.spec.trialTemplate, trialSpec } } };
}
