import { CoreV1Api, type KubeConfig, type V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { apiStatusCode, apiStatusMessage } from '../../../kubernetes/api-status.js';
import { retryThrottled } from '../../../kubernetes/throttle-retry.js';
import { TrialLaunchError } from '../trial-executor.js';
import { checkpointClaimName } from './trial-object.js';

/** Marks a claim kubetune created, and so may delete with its experiment; a claim without it is the user's. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = 'kubetune';
export const CLAIM_EXPERIMENT_LABEL = 'kubetune.io/experiment';

export interface CheckpointClaimSettings {
  /** The claim's storage request, e.g. `1Gi` (Katib's default for the PBT suggestion volume). */
  storage: string;
  /** PBT's trials run in parallel, on any node, and read each other's directories: ReadWriteMany unless told otherwise. */
  accessMode: 'ReadWriteMany' | 'ReadWriteOnce';
  /** The cluster's default storage class when unset. */
  storageClassName?: string;
}

/**
 * PBT's checkpoint volume on Kubernetes, the claim `<experiment>-pbt` that
 * every trial of the experiment mounts (trial-object.ts). Katib's suggestion
 * controller creates it with the experiment; so does this, before the first
 * trial object that mounts it, so that no trial waits on a claim nobody made
 * (its pods would stay Unschedulable: `persistentvolumeclaim "…" not found`).
 * A claim that already exists is used as it is, whoever made it; only one
 * kubetune created (its managed-by label) is deleted with the experiment.
 */
export class CheckpointClaims {
  private readonly api: CoreV1Api;
  /** Claims known to exist, so that a trial after the first costs no request. */
  private readonly present = new Set<string>();

  constructor(
    kubeConfig: KubeConfig,
    private readonly settings: CheckpointClaimSettings,
  ) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
  }

  /** Makes sure the experiment's claim exists; a claim that cannot be made fails the trial with the server's words. */
  async ensure(namespace: string, experimentName: string): Promise<void> {
    const name = checkpointClaimName(experimentName);
    const key = `${namespace}/${name}`;
    if (this.present.has(key)) return;
    try {
      await retryThrottled(() => this.api.readNamespacedPersistentVolumeClaim({ namespace, name }));
    } catch (error) {
      if (apiStatusCode(error) !== 404) throw error;
      await this.create(namespace, name, experimentName);
    }
    this.present.add(key);
  }

  /** After the experiment was deleted: removes its claim if kubetune made it. */
  async release(namespace: string, experimentName: string): Promise<void> {
    const name = checkpointClaimName(experimentName);
    this.present.delete(`${namespace}/${name}`);
    let claim: V1PersistentVolumeClaim;
    try {
      claim = await retryThrottled(() => this.api.readNamespacedPersistentVolumeClaim({ namespace, name }));
    } catch (error) {
      if (apiStatusCode(error) === 404) return;
      throw error;
    }
    const labels = claim.metadata?.labels ?? {};
    if (labels[MANAGED_BY_LABEL] !== MANAGED_BY || labels[CLAIM_EXPERIMENT_LABEL] !== experimentName) return;
    try {
      // Kubernetes keeps a claim that pods still mount until they are gone (its pvc-protection finalizer).
      await retryThrottled(() => this.api.deleteNamespacedPersistentVolumeClaim({ namespace, name }));
    } catch (error) {
      if (apiStatusCode(error) !== 404) throw error;
    }
  }

  private async create(namespace: string, name: string, experimentName: string): Promise<void> {
    const body: V1PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [CLAIM_EXPERIMENT_LABEL]: experimentName } },
      spec: {
        accessModes: [this.settings.accessMode],
        resources: { requests: { storage: this.settings.storage } },
        ...(this.settings.storageClassName ? { storageClassName: this.settings.storageClassName } : {}),
      },
    };
    try {
      await retryThrottled(() => this.api.createNamespacedPersistentVolumeClaim({ namespace, body }));
    } catch (error) {
      const code = apiStatusCode(error);
      // Another worker created it first.
      if (code === 409) return;
      if (code === 400 || code === 403 || code === 422) {
        throw new TrialLaunchError(
          `cannot create the PBT checkpoint claim PersistentVolumeClaim ${namespace}/${name}: ${apiStatusMessage(error)} ` +
            '(create it yourself, or let the worker create persistentvolumeclaims in this namespace: deploy/trial-namespace/trial-runner-role.yaml)',
        );
      }
      throw error;
    }
  }
}
