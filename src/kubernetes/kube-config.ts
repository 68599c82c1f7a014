import { KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster credentials, found the way kubectl finds them: the files in
 * KUBECONFIG, else ~/.kube/config, else the pod's service account when the
 * service runs in the cluster, else http://localhost:8080 as kubectl does.
 */
export function loadKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}
