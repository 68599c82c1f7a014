import type { TrialLaunch } from '../trial-executor.js';
import { EXPERIMENT_LABEL, KUEUE_QUEUE_LABEL, TRIAL_LABEL } from './trial-labels.js';

type KubeObject = Record<string, unknown>;

/**
 * The object a trial creates in the cluster: the rendered trialSpec as the
 * user wrote it (resources, GPU limits, nodeSelector, tolerations, affinity,
 * volumes untouched), named after the trial, in the experiment's namespace,
 * labelled with experiment and trial (object and pod templates), with the
 * trial's identity in the primary container's environment, and with the Kueue
 * queue label taken from the experiment when the template does not set one.
 */
export function renderTrialObject(launch: TrialLaunch): KubeObject {
  const object = structuredClone(launch.trialSpec);
  const identity = { [EXPERIMENT_LABEL]: launch.experimentName, [TRIAL_LABEL]: launch.trialName };
  const metadata = asObject(object.metadata);
  const labels: Record<string, string> = { ...asStringMap(metadata.labels), ...identity };
  const queueName = launch.experimentLabels?.[KUEUE_QUEUE_LABEL];
  if (queueName && labels[KUEUE_QUEUE_LABEL] === undefined) labels[KUEUE_QUEUE_LABEL] = queueName;
  object.metadata = { ...metadata, name: launch.trialName, namespace: launch.namespace, labels };

  for (const template of podTemplates(object)) {
    const templateMetadata = asObject(template.metadata);
    template.metadata = { ...templateMetadata, labels: { ...asStringMap(templateMetadata.labels), ...identity } };
  }
  for (const container of containersNamed(object, launch.primaryContainerName)) {
    const declared = new Set((container.env as { name: string }[] | undefined)?.map((variable) => variable.name));
    const added = Object.entries(launch.env)
      .filter(([name]) => !declared.has(name))
      .map(([name, value]) => ({ name, value }));
    container.env = [...((container.env as unknown[] | undefined) ?? []), ...added];
  }
  if (launch.checkpoint) mountCheckpoint(object, launch);
  return object;
}

/** Katib's names (pkg/controller.v1beta1/consts, util.GetSuggestionPersistentVolumeClaimName, inject_webhook.go). */
export const SUGGESTION_VOLUME_NAME = 'suggestion-volume';
/** Where the seeding init container sees the whole claim: Katib's suggestion mounts it there too. */
const SUGGESTION_DATA_PATH = '/opt/katib/data';
export const checkpointClaimName = (experimentName: string) => `${experimentName}-pbt`;

/**
 * As Katib's pod webhook does for suggestion_trial_dir: the claim
 * `<experiment>-pbt` mounted on the primary container at the setting's path,
 * sub-path `<experiment>/<trial>`. Katib's PBT suggestion copies the parent's
 * directory into the child's before the trial exists; here an init container
 * does, in the trial's own image (its shell's `cp`), so no other image is pulled.
 */
function mountCheckpoint(object: KubeObject, launch: TrialLaunch): void {
  const checkpoint = launch.checkpoint!;
  const volume = { name: SUGGESTION_VOLUME_NAME, persistentVolumeClaim: { claimName: checkpointClaimName(launch.experimentName) } };
  const ownDir = `${launch.experimentName}/${launch.trialName}`;
  for (const template of podTemplates(object)) {
    const spec = asObject(template.spec);
    const containers = (spec.containers as KubeObject[] | undefined) ?? [];
    const primary = containers.find((container) => container.name === launch.primaryContainerName);
    if (!primary) continue;
    primary.volumeMounts = [
      ...((primary.volumeMounts as unknown[] | undefined) ?? []),
      { name: SUGGESTION_VOLUME_NAME, mountPath: checkpoint.containerPath, subPath: ownDir },
    ];
    spec.volumes = [...((spec.volumes as unknown[] | undefined) ?? []), volume];
    if (checkpoint.parentTrialName !== undefined) {
      const from = `${SUGGESTION_DATA_PATH}/${launch.experimentName}/${checkpoint.parentTrialName}`;
      const to = `${SUGGESTION_DATA_PATH}/${ownDir}`;
      const seed = {
        name: 'pbt-checkpoint-from-parent',
        image: primary.image,
        command: ['sh', '-c', `rm -rf "${to}" && mkdir -p "${to}" && cp -a "${from}/." "${to}/"`],
        volumeMounts: [{ name: SUGGESTION_VOLUME_NAME, mountPath: SUGGESTION_DATA_PATH }],
      };
      spec.initContainers = [...((spec.initContainers as unknown[] | undefined) ?? []), seed];
    }
    template.spec = spec;
  }
}

/** Every pod template in the object: a Job's `spec.template`, each replica's `template` of a training job. */
export function podTemplates(node: unknown): KubeObject[] {
  if (Array.isArray(node)) return node.flatMap(podTemplates);
  if (node === null || typeof node !== 'object') return [];
  const found: KubeObject[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'template' && isPodTemplate(value)) found.push(value);
    else found.push(...podTemplates(value));
  }
  return found;
}

function containersNamed(object: KubeObject, name: string): KubeObject[] {
  return podTemplates(object).flatMap((template) =>
    ((asObject(template.spec).containers as KubeObject[] | undefined) ?? []).filter((container) => container.name === name),
  );
}

function isPodTemplate(value: unknown): value is KubeObject {
  const spec = asObject(asObject(value).spec);
  return Array.isArray(spec.containers);
}

function asObject(value: unknown): KubeObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as KubeObject) : {};
}

function asStringMap(value: unknown): Record<string, string> {
  return asObject(value) as Record<string, string>;
}
