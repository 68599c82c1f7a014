/** metav1.Status objects, shaped as the API server sends them. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; retryAfterSeconds?: number };
  code: number;
}

export function failure(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details && { details }), code };
}

export function notFound(group: string, plural: string, name: string): KubeStatus {
  return failure(404, 'NotFound', `${qualified(plural, group)} "${name}" not found`, { name, group, kind: plural });
}

export function alreadyExists(group: string, plural: string, name: string): KubeStatus {
  return failure(409, 'AlreadyExists', `${qualified(plural, group)} "${name}" already exists`, { name, group, kind: plural });
}

export function deleted(group: string, plural: string, name: string, uid: string): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group, kind: plural, uid }, code: 200 };
}

/** The 410 a watch gets when its resourceVersion has been compacted away. */
export function expired(resourceVersion: string): KubeStatus {
  return failure(410, 'Expired', `too old resource version: ${resourceVersion}`);
}

function qualified(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}
