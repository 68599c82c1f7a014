import { CoreV1Api, type KubeConfig, Observable, type ObservableMiddleware } from '@kubernetes/client-node';
import { apiStatusCode, apiStatusMessage } from './api-status.js';
import type { ConfigMapRead, ConfigMapReader } from '../katib/template-source/config-map-reader.js';

/**
 * A submission waits for this read; an API server that accepts the connection
 * and never answers must not hold the request (and its client) indefinitely.
 */
export const CONFIG_MAP_READ_TIMEOUT_MS = 10_000;

/** ConfigMaps through the typed client, with the credentials the executor uses (loadKubeConfig). */
export class KubernetesConfigMapReader implements ConfigMapReader {
  private readonly api: CoreV1Api;

  constructor(
    kubeConfig: KubeConfig,
    private readonly timeoutMs = CONFIG_MAP_READ_TIMEOUT_MS,
  ) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
  }

  async read(namespace: string, name: string): Promise<ConfigMapRead> {
    try {
      const configMap = await this.api.readNamespacedConfigMap(
        { namespace, name },
        { middleware: [abortAfter(this.timeoutMs)], middlewareMergeStrategy: 'append' },
      );
      return { status: 'found', data: configMap.data ?? {} };
    } catch (error) {
      return failedRead(error, this.timeoutMs);
    }
  }
}

function failedRead(error: unknown, timeoutMs: number): ConfigMapRead {
  const code = apiStatusCode(error);
  if (code === 404) return { status: 'not-found' };
  if (code === 403) return { status: 'forbidden', reason: apiStatusMessage(error) };
  if (code === 401) return { status: 'unreachable', reason: "HTTP 401: the API server does not accept kubetune's credentials" };
  if (code !== undefined) {
    // The server's metav1.Status message when it sent one; the client gives only the code otherwise.
    const message = apiStatusMessage(error);
    return { status: 'unreachable', reason: message === `HTTP ${code}` ? message : `HTTP ${code}: ${message}` };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { status: 'unreachable', reason: `no answer within ${timeoutMs / 1000} s` };
  }
  return { status: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
}

/** Appended after the client's own middleware, so authentication and TLS settings stay as configured. */
function abortAfter(timeoutMs: number): ObservableMiddleware {
  return {
    pre: (request) => {
      request.setSignal(AbortSignal.timeout(timeoutMs));
      return new Observable(Promise.resolve(request));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
}
