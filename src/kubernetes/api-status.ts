import { ApiException } from '@kubernetes/client-node';

/** The HTTP status of a failed API call, when the server answered. */
export function apiStatusCode(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** The server's own words for a failed call: the metav1.Status message it sent, else the error's. */
export function apiStatusMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const status = parseStatus(error.body);
    return status?.message ?? `HTTP ${error.code}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function parseStatus(body: unknown): { message?: string } | undefined {
  if (typeof body === 'object' && body !== null) return body as { message?: string };
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as { message?: string };
  } catch {
    return undefined;
  }
}
