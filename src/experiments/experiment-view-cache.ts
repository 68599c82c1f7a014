import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { type JsonBody, toJsonBody } from '../common/json-body.js';
import { SharedRead } from '../common/shared-read.js';
import { type ExperimentRef, parseRefId, refId } from '../domain/identity.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';

/**
 * Serialised views held at most, in bytes of JSON: about 1,300 views of
 * a 20,000-trial experiment's status (25 kB each), a few hundred times that
 * of small ones. Least recently used go first.
 */
const CACHED_VIEW_BYTES = 32 * 1024 * 1024;

/**
 * No view is served from memory after this long, even under an unchanged
 * revision: a bound on staleness should a writer not bump it (a worker of a
 * build from before revisions, during a rolling upgrade). It costs one
 * rebuild per view and age, nothing under load.
 */
const MAX_VIEW_AGE_MS = 5_000;

interface CachedView {
  stamp: string;
  body: JsonBody;
}

/**
 * The experiment's read views (the experiment with its status, a page of
 * trials), serialised once per revision and served from memory while the
 * experiment is unchanged. Each request reads the experiment's revision stamp
 * (one HMGET, shared by the requests that arrived in the same turn of the
 * event loop) after it arrived and gets a view of that revision, so a read
 * sees every change finished before it, as an uncached read does: every
 * script that changes what a view shows bumps the revision in the same
 * atomic step (lua-scripts.ts). Requests that miss together on one revision
 * wait for one build instead of building 200 copies, and a view is kept only
 * if the revision did not move while it was built, so what is kept is one
 * consistent snapshot.
 *
 * Why: at 20,000 trials and 200 clients a status costs the API about 2 ms of
 * CPU to read and serialise, so reads queued for hundreds of milliseconds
 * (docs/benchmarks.md, "The read path at 20,000 trials").
 */
@Injectable()
export class ExperimentViewCache {
  private readonly views = new LRUCache<string, CachedView>({
    maxSize: CACHED_VIEW_BYTES,
    sizeCalculation: (view) => view.body.bytes.length + view.stamp.length + 64,
    ttl: MAX_VIEW_AGE_MS,
  });
  private readonly building = new Map<string, Promise<JsonBody>>();
  private readonly stamps: SharedRead<string | undefined>;

  constructor(private readonly experiments: ExperimentRepository) {
    this.stamps = new SharedRead((id) => experiments.revisionStamp(parseRefId(id)));
  }

  /**
   * The view named `view` (distinct per route and query) of the experiment,
   * as `build` makes it, from memory when its revision has not changed.
   * `build` also answers for an experiment that does not exist (its 404)
   * and for one stored before revisions, uncached.
   */
  async serve(ref: ExperimentRef, view: string, build: () => Promise<unknown>): Promise<JsonBody> {
    const id = refId(ref);
    const stamp = await this.stamps.get(id);
    if (stamp === undefined) return toJsonBody(await build());
    const key = `${id}\n${view}`;
    const cached = this.views.get(key);
    if (cached?.stamp === stamp) return cached.body;
    const buildKey = `${key}\n${stamp}`;
    let pending = this.building.get(buildKey);
    if (!pending) {
      pending = this.build(ref, key, stamp, build).finally(() => this.building.delete(buildKey));
      this.building.set(buildKey, pending);
    }
    return pending;
  }

  private async build(ref: ExperimentRef, key: string, stamp: string, build: () => Promise<unknown>): Promise<JsonBody> {
    const body = toJsonBody(await build());
    if ((await this.experiments.revisionStamp(ref)) === stamp) this.views.set(key, { stamp, body });
    return body;
  }
}
