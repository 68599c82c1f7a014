/** What reading one ConfigMap came to; the cluster's failures are outcomes, not exceptions. */
export type ConfigMapRead =
  | { status: 'found'; data: Record<string, string> }
  | { status: 'not-found' }
  /** The API answered but refuses kubetune's identity this ConfigMap (RBAC). */
  | { status: 'forbidden'; reason: string }
  /** No usable answer: connection refused, timeout, credentials rejected, server error. */
  | { status: 'unreachable'; reason: string };

/** Reads ConfigMaps from the cluster; the seam that keeps the Kubernetes API out of the template logic. */
export interface ConfigMapReader {
  read(namespace: string, name: string): Promise<ConfigMapRead>;
}
