import { KubeConfig } from '@kubernetes/client-node';
import type { Agent } from 'node:http';

/** Distinct TLS settings kept alive at once (credentials rotated by a plugin give a new set). */
const MAX_KEPT_AGENTS = 8;

/**
 * The cluster credentials, found the way kubectl finds them: the files in
 * KUBECONFIG, else ~/.kube/config, else the pod's service account when the
 * service runs in the cluster, else http://localhost:8080 as kubectl does.
 * Requests share kept-alive connections (see keepConnectionsAlive).
 */
export function loadKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return keepConnectionsAlive(kubeConfig);
}

type AgentFactory = (cluster: unknown, agentOptions: Record<string, unknown>) => Agent;

/**
 * client-node 1.x builds a new HTTP(S) agent for every request, so every
 * call costs a new TCP connection and TLS handshake with the API server;
 * hundreds of trials make that a load of its own. This gives the client one
 * keep-alive agent per set of TLS settings instead. It wraps the client's
 * own (private) `createAgent`, so proxies and TLS options are still the
 * client's; should a client version drop that method, requests simply go on
 * without the sharing.
 */
export function keepConnectionsAlive(kubeConfig: KubeConfig): KubeConfig {
  const client = kubeConfig as unknown as { createAgent?: AgentFactory };
  const create = client.createAgent?.bind(kubeConfig);
  if (!create) return kubeConfig;
  const agents = new Map<string, Agent>();
  client.createAgent = (cluster, agentOptions) => {
    const key = JSON.stringify([cluster, agentOptions]);
    let agent = agents.get(key);
    if (!agent) {
      agent = create(cluster, { ...agentOptions, keepAlive: true });
      // Settings no longer in use (rotated credentials) are forgotten; their requests in flight finish on their own.
      if (agents.size >= MAX_KEPT_AGENTS) agents.delete(agents.keys().next().value as string);
      agents.set(key, agent);
    }
    return agent;
  };
  return kubeConfig;
}
