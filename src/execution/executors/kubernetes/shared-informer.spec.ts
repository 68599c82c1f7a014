import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiDouble } from '../../../../test/kube-api-double/kube-api-double.js';
import { eventually } from '../../../../test/support/test-service.js';
import { coveredBy, type InformerSource, type InformerSubscriber, SharedInformers } from './shared-informer.js';
import type { KubeObject } from './trial-object-api.js';
import { trialObjectApi } from './trial-object-api.js';

/** The shared informer against the Kubernetes API double: what subscribers get, and what it costs the API. */
let double: KubeApiDouble;
let kubeConfig: KubeConfig;

beforeAll(async () => {
  double = await new KubeApiDouble({ bookmarkIntervalMs: 100 }).start();
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(double.kubeconfigPath);
});

afterAll(async () => {
  await double.close();
});

const jobs = () => trialObjectApi(kubeConfig, { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job' });

/** Jobs of a namespace labelled `owner`, by that label's value. */
function jobSource(namespace: string): InformerSource {
  const api = jobs();
  return {
    path: api.collectionPath(namespace),
    query: { labelSelector: 'owner' },
    list: () => api.list(namespace, 'owner'),
    keyOf: (object) => object.metadata?.labels?.owner,
  };
}

const suspendedJob = (name: string, owner: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, labels: { owner } },
  spec: { suspend: true, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command: ['true'] }] } } },
});

/** A subscriber that keeps what it is told. */
function recorder() {
  const events: string[] = [];
  const listed: { names: string[]; resourceVersion?: string }[] = [];
  const subscriber: InformerSubscriber = {
    onEvent: (type, object) => events.push(`${type} ${object.metadata?.name}`),
    onListed: (objects, resourceVersion) => listed.push({ names: objects.map((o) => o.metadata?.name ?? ''), resourceVersion }),
  };
  return { events, listed, subscriber };
}

const requestsOf = (from: number, namespace: string) =>
  double.requests.slice(from).filter((r) => r.path === `/apis/batch/v1/namespaces/${namespace}/jobs`);

describe('SharedInformer', () => {
  it('lists and watches once for every subscriber, and gives a late one what is known at once', async () => {
    const from = double.requests.length;
    const informers = new SharedInformers(kubeConfig, { idleTimeoutMs: 60_000, onError: () => {} });
    await jobs().create('informer-a', suspendedJob('early', 'trial-1'));
    const first = recorder();
    const unsubscribeFirst = informers.subscribe(jobSource('informer-a'), 'trial-1', first.subscriber);
    await eventually(async () => (first.listed.length > 0 ? true : undefined), { what: 'the first list' });
    expect(first.events).toEqual(['ADDED early']);
    expect(first.listed).toEqual([{ names: ['early'], resourceVersion: expect.any(String) }]);

    // Another trial's Job, then one more of the first trial's: once the watch brought the latter, it has brought the former.
    await jobs().create('informer-a', suspendedJob('other', 'trial-2'));
    await jobs().create('informer-a', suspendedJob('later', 'trial-1'));
    await eventually(async () => (first.events.includes('ADDED later') ? true : undefined), { what: 'the watch to bring the new Jobs' });
    const late = recorder();
    const unsubscribeLate = informers.subscribe(jobSource('informer-a'), 'trial-2', late.subscriber);
    // At once, from what is kept: no list of its own.
    expect(late.events).toEqual(['ADDED other']);
    expect(late.listed).toEqual([{ names: ['other'], resourceVersion: expect.any(String) }]);
    unsubscribeLate();
    // The first subscriber heard nothing of the other trial's Job.
    expect(first.events.filter((event) => event.endsWith(' other'))).toEqual([]);
    unsubscribeFirst();
    const verbs = requestsOf(from, 'informer-a').map((r) => (r.query.watch === 'true' ? 'watch' : r.method === 'GET' ? 'list' : r.method));
    expect(verbs.filter((verb) => verb === 'list')).toHaveLength(1);
    expect(verbs.filter((verb) => verb === 'watch')).toHaveLength(1);
  });

  it('closes its watch with the last subscriber, and lists afresh for the next one', async () => {
    const from = double.requests.length;
    const informers = new SharedInformers(kubeConfig, { idleTimeoutMs: 60_000, onError: () => {} });
    const first = recorder();
    const unsubscribe = informers.subscribe(jobSource('informer-b'), 'trial-1', first.subscriber);
    await eventually(async () => (requestsOf(from, 'informer-b').some((r) => r.query.watch === 'true') ? true : undefined), { what: 'the watch' });
    unsubscribe();
    // Closed: a Job created now reaches no one, and the next subscriber's list finds it.
    await jobs().create('informer-b', suspendedJob('after-close', 'trial-1'));
    expect(first.events).toEqual([]);
    const next = recorder();
    const unsubscribeNext = informers.subscribe(jobSource('informer-b'), 'trial-1', next.subscriber);
    await eventually(async () => (next.listed.length > 0 ? true : undefined), { what: 'the new list' });
    expect(next.events).toEqual(['ADDED after-close']);
    unsubscribeNext();
    expect(requestsOf(from, 'informer-b').filter((r) => r.query.watch !== 'true' && r.method === 'GET')).toHaveLength(2);
  });

  it('after a 410, passes on as deleted, with its last state, an object that went while the watch was dead', async () => {
    const informers = new SharedInformers(kubeConfig, { idleTimeoutMs: 400, onError: () => {} });
    await jobs().create('informer-c', suspendedJob('doomed', 'trial-1'));
    const deletedStates: KubeObject[] = [];
    const seen = recorder();
    const unsubscribe = informers.subscribe(jobSource('informer-c'), 'trial-1', {
      onEvent: (type, object) => {
        seen.subscriber.onEvent(type, object);
        if (type === 'DELETED') deletedStates.push(object);
      },
      onListed: seen.subscriber.onListed,
    });
    await eventually(async () => (seen.listed.length > 0 ? true : undefined), { what: 'the first list' });
    const from = double.requests.length;
    // The connection dies silently; meanwhile the Job is deleted and history compacted away.
    double.stallWatches();
    double.deleteObject('jobs', 'informer-c', 'doomed');
    double.store.compact();
    await eventually(async () => (deletedStates.length > 0 ? true : undefined), { what: 'the deletion to be noticed' });
    expect(seen.events).toEqual(['ADDED doomed', 'DELETED doomed']);
    expect((deletedStates[0].spec as { suspend?: boolean }).suspend).toBe(true);
    // Resumed after the idle timeout, refused with 410, listed once.
    const lists = requestsOf(from, 'informer-c').filter((r) => r.query.watch !== 'true' && r.method === 'GET');
    expect(lists).toHaveLength(1);
    expect(seen.listed.at(-1)?.names).toEqual([]);
    unsubscribe();
  });
});

describe('coveredBy', () => {
  it('compares decimal resourceVersions, and will not guess at others', () => {
    expect(coveredBy('41', '42')).toBe(true);
    expect(coveredBy('42', '42')).toBe(true);
    expect(coveredBy('43', '42')).toBe(false);
    // Beyond 2^53, as etcd revisions may grow.
    expect(coveredBy('9007199254740993', '9007199254740992')).toBe(false);
    expect(coveredBy('abc', '42')).toBeUndefined();
    expect(coveredBy(undefined, '42')).toBeUndefined();
  });
});
