import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeApiDouble } from '../../test/kube-api-double/kube-api-double.js';
import { KubernetesConfigMapReader } from './kubernetes-config-map-reader.js';

/** The reader against the Kubernetes API double, and against servers that refuse or never answer. */
let double: KubeApiDouble;
let silent: Server;

beforeAll(async () => {
  double = await new KubeApiDouble().start();
  silent = createServer(() => {
    // Accepts the request and never answers, as a wedged API server or proxy would.
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await double.close();
});

function doubleConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(double.kubeconfigPath);
  return kubeConfig;
}

function configFor(server: string, token: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kubeConfig;
}

/** One read from a server that answers every request with this status and metav1.Status message. */
async function readFromServerAnswering(code: number, message: string) {
  const server = createServer((_, response) => {
    response.writeHead(code, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new KubernetesConfigMapReader(configFor(`http://127.0.0.1:${port}`, 't')).read('team-a', 'templates');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('KubernetesConfigMapReader', () => {
  it("reads a ConfigMap's data, and tells a missing one apart", async () => {
    await doubleConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedConfigMap({
        namespace: 'team-a',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'templates' }, data: { 'job.yaml': 'kind: Job\n' } },
      });
    const reader = new KubernetesConfigMapReader(doubleConfig());
    expect(await reader.read('team-a', 'templates')).toEqual({ status: 'found', data: { 'job.yaml': 'kind: Job\n' } });
    expect(await reader.read('team-b', 'templates')).toEqual({ status: 'not-found' });
    expect(double.requests.filter((r) => r.path.endsWith('/configmaps/templates')).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/v1/namespaces/team-a/configmaps/templates 200',
      'GET /api/v1/namespaces/team-b/configmaps/templates 404',
    ]);
  });

  it('rejected credentials are an unreachable API, with the status', async () => {
    const reader = new KubernetesConfigMapReader(configFor(double.url, 'not-the-token'));
    expect(await reader.read('team-a', 'templates')).toEqual({ status: 'unreachable', reason: "HTTP 401: the API server does not accept kubetune's credentials" });
  });

  it("RBAC's refusal is forbidden, and a server error an unreachable API, each with the server's message", async () => {
    const forbidden = 'configmaps "templates" is forbidden: User "system:serviceaccount:kubetune:kubetune-api" cannot get resource "configmaps"';
    expect(await readFromServerAnswering(403, forbidden)).toEqual({ status: 'forbidden', reason: forbidden });
    expect(await readFromServerAnswering(500, 'etcdserver: request timed out')).toEqual({
      status: 'unreachable',
      reason: 'HTTP 500: etcdserver: request timed out',
    });
  });

  it('a refused connection is an unreachable API, with the reason', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const read = await new KubernetesConfigMapReader(configFor(`http://127.0.0.1:${port}`, 't')).read('team-a', 'templates');
    expect(read).toEqual({ status: 'unreachable', reason: expect.stringContaining(`ECONNREFUSED 127.0.0.1:${port}`) });
  });

  it('an API server that never answers is given up on after the timeout', async () => {
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    const read = await new KubernetesConfigMapReader(configFor(`http://127.0.0.1:${port}`, 't'), 300).read('team-a', 'templates');
    expect(read).toEqual({ status: 'unreachable', reason: 'no answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
