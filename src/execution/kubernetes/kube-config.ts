import { KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster credentials, found the way kubectl finds them: the files in
 * KUBECONFIG, else ~/.kube/config, else the pod's service account when the
 * service runs in the cluster.
 */
export function loadKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  if (!kubeConfig.getCurrentCluster()) {
    throw new Error('EXECUTOR=kubernetes but no cluster is configured: set KUBECONFIG or run in a pod with a service account');
  }
  return kubeConfig;
}
