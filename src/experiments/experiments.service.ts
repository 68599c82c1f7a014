import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';
import { admissionErrors } from '../execution/executors/admission.js';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Clock } from '../common/clock.js';
import { conflict, DomainError, invalidInput, notFound } from '../common/domain-error.js';
import { WorkQueue } from '../queues/work-queue.js';
import { type ExperimentEvent, ExperimentEventFeed } from '../storage/experiment-event-feed.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { TrialListCache } from '../storage/trial-list-cache.js';
import { type OutputLine, TrialOutputRepository } from '../storage/trial-output.repository.js';
import { ServiceMetrics } from '../telemetry/service-metrics.js';
import type { TrialRecord } from '../domain/trial.js';
import { type KatibTrial, toKatibTrial, toObservationLog } from '../katib/views/trial-view.js';
import type { TrialListQuery } from './dto/trial-list.query.js';
import { type ExperimentRecord, isRestartable } from '../domain/experiment.js';
import { type BudgetPatch, parseBudgetPatch } from './dto/budget-patch.js';
import { trialBudgetErrors } from '../katib/spec/rules/trial-budget.rules.js';
import { type IntermediateValues, toIntermediateValues } from './intermediate-values.js';
import { type ImportanceResult, parameterImportance } from './parameter-importance.js';
import { objectiveCurve } from '../domain/objective-curve.js';
import { parameterValue, toTrialValues, type TrialValues } from './trial-values.js';
import { objectiveValueOf } from '../domain/outcomes.js';
import { type KatibOptimalTrial, summarizeTrials } from '../domain/experiment-status.js';
import { formatFieldError } from '../katib/spec/field-error.js';
import { parseManifestText } from '../katib/spec/manifest-text.js';
import { validateExperiment } from '../katib/spec/validate-experiment.js';
import { autoAlgorithmChoice } from '../katib/spec/algorithm-choice.js';
import { TrialTemplateSource } from '../katib/template-source/trial-template-source.js';
import { DEFAULT_NAMESPACE, type ExperimentRef, refId } from '../domain/identity.js';
import type { Caller } from '../auth/caller.js';
import { type KatibExperiment, toKatibExperiment } from '../katib/views/experiment-view.js';
import type { ExperimentListQuery, ExperimentStatusName } from './dto/experiment-list.query.js';
import { PriorExperiments } from './prior-experiments.js';
import { ExperimentViewCache } from './experiment-view-cache.js';
import { jsonArrayBody, type JsonBody } from '../common/json-body.js';

/** Edits lose to concurrent reconciles at most this often before the client is told to retry. */
const MAX_EDIT_ATTEMPTS = 10;

function notResumable(record: ExperimentRecord): string {
  const { completion, manifest } = record;
  const ended = `experiment "${record.ref.name}" has completed (${completion?.condition}: ${completion?.reason})`;
  if (completion?.reason === 'ExperimentMaxTrialsReached') {
    return `spec.resumePolicy: is ${manifest.spec.resumePolicy}, so ${ended.slice(0, 1).toLowerCase()}${ended.slice(1)} and cannot be restarted: only LongRunning or FromVolume experiments resume`;
  }
  return `status: ${ended}: only an experiment that Succeeded by reaching maxTrialCount, with resumePolicy LongRunning or FromVolume, can be resumed`;
}

export interface TrialPage {
  items: KatibTrial[];
  total: number;
  offset: number;
  limit: number;
}

export interface ExperimentPage {
  items: KatibExperiment[];
  /** How many experiments match the filters, across every page. */
  total: number;
  offset: number;
  limit: number;
  /** The offset of the next page, or null on the last one. */
  nextOffset: number | null;
}

export interface ExperimentNote {
  text: string;
  /** When the note was last saved; null when it never was. */
  updatedAt: string | null;
}

/** One experiment in the list's index while it is filtered and sorted, before its record is read. */
interface ListEntry {
  ref: ExperimentRef;
  createdAtMs: number;
  status?: ExperimentStatusName;
}

/** An experiment's current condition, as the dashboard and Katib show it: the last that holds (experiment-status.ts). */
function statusName(facts: { completedAs?: ExperimentStatusName; restarted: boolean }): ExperimentStatusName {
  return facts.completedAs ?? (facts.restarted ? 'Restarting' : 'Running');
}

@Injectable()
export class ExperimentsService {
  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly trials: TrialRepository,
    private readonly observations: ObservationRepository,
    private readonly queue: WorkQueue,
    private readonly clock: Clock,
    private readonly templates: TrialTemplateSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: ServiceMetrics,
    private readonly feed: ExperimentEventFeed,
    private readonly trialLists: TrialListCache,
    private readonly output: TrialOutputRepository,
    private readonly priorExperiments: PriorExperiments,
    private readonly views: ExperimentViewCache,
  ) {}

  /**
   * Accepts a Katib Experiment as YAML or JSON text, stores it and starts it,
   * if the caller may write in its namespace: checked before anything is read
   * from that namespace (a ConfigMap template) and again on the final one.
   * Idempotent: the same manifest submitted again (a client retrying after a
   * timeout or a 503 cannot know whether its first attempt was stored) is
   * answered with the stored experiment; a different one under the same name
   * is a conflict.
   */
  async create(caller: Caller, body: string, contentType: string | undefined, namespace?: string): Promise<KatibExperiment> {
    const text = parseManifestText(body, contentType);
    if (!text.ok) throw invalidInput(text.errors.map(formatFieldError).join('; '), text.errors.map(formatFieldError));
    caller.require('write', claimedNamespace(text.value) ?? (namespace || DEFAULT_NAMESPACE));
    const resolved = await this.templates.resolve(text.value, namespace);
    const validated = validateExperiment(resolved.manifest, { namespace, configMapTemplate: resolved.configMapTemplate });
    if (!validated.ok || resolved.errors.length > 0) {
      const errors = [...resolved.errors, ...(validated.ok ? [] : validated.errors)].map(formatFieldError);
      throw invalidInput(errors.join('; '), errors);
    }
    const manifest = validated.manifest;
    const refusals = admissionErrors(manifest.spec, this.config.EXECUTOR).map(formatFieldError);
    if (refusals.length > 0) throw invalidInput(refusals.join('; '), refusals);
    const ref = { namespace: manifest.metadata.namespace, name: manifest.metadata.name };
    caller.require('write', ref.namespace);
    const prior = await this.priorExperiments.resolve(caller, manifest);
    if (!prior.ok) {
      const errors = prior.errors.map(formatFieldError);
      throw invalidInput(errors.join('; '), errors);
    }
    const algorithmChoice = autoAlgorithmChoice(manifest.spec);
    const record = { ref, uid: randomUUID(), createdAt: this.clock.isoNow(), manifest, ...(algorithmChoice && { algorithmChoice }) };
    if (!(await this.experiments.create(record, prior.history))) {
      const existing = await this.experiments.get(ref);
      if (!existing || !isDeepStrictEqual(existing.manifest, asStored(manifest))) {
        throw conflict(
          `experiment "${ref.name}" already exists in namespace "${ref.namespace}" with a different spec: ` +
            'delete it first or submit under another name',
        );
      }
      // The first attempt may have stored the experiment and failed before queueing it; a reconcile is deduplicated.
      await this.queue.requestReconcile(ref);
      return this.view(existing);
    }
    this.metrics.experimentCreated(ref.namespace);
    await this.queue.requestReconcile(ref);
    return toKatibExperiment({ ...record, version: 0, ...(prior.history && { warmStart: prior.history.status }) }, summarizeTrials([], manifest.spec.objective));
  }

  /**
   * One page of the experiments the caller may read, filtered and sorted by
   * `query`, serialised: the ExperimentPage JSON, each item the experiment's
   * cached view (ExperimentViewCache), so a page of large experiments costs
   * what their revision checks cost. Filters and sort work on the index (refs
   * and creation times) and, for status, on two small fields per experiment
   * fetched in one pipeline. A namespace given must be one the caller may
   * read. An experiment deleted while the page is read is left out.
   */
  async listBody(caller: Caller, query: ExperimentListQuery): Promise<JsonBody> {
    const { page, total } = await this.listPage(caller, query);
    const items = (await Promise.all(page.map((ref) => this.getBody(ref).catch(unlessGone)))).filter((item): item is JsonBody => item !== undefined);
    const next = query.offset + query.limit;
    // The page's shape (ExperimentPage, checked against its schema), its items the experiments' views as `get` answers them.
    const rest: Omit<ExperimentPage, 'items'> = { total, offset: query.offset, limit: query.limit, nextOffset: next < total ? next : null };
    return jsonArrayBody('items', items, rest);
  }

  /** The refs on the page `query` asks for, in its order, and how many match across every page. */
  private async listPage(caller: Caller, query: ExperimentListQuery): Promise<{ page: ExperimentRef[]; total: number }> {
    if (query.namespace !== undefined) caller.require('read', query.namespace);
    const needle = query.name?.toLowerCase();
    let entries: ListEntry[] = (await this.experiments.listIndex()).filter(
      ({ ref }) =>
        (query.namespace === undefined || ref.namespace === query.namespace) &&
        caller.may('read', ref.namespace) &&
        (needle === undefined || ref.name.toLowerCase().includes(needle)),
    );
    if (query.status !== undefined || query.sort === 'status') {
      const facts = await this.experiments.statusFacts(entries.map(({ ref }) => ref));
      entries = entries.flatMap((entry, i) => (facts[i] ? [{ ...entry, status: statusName(facts[i]) }] : []));
      if (query.status !== undefined) entries = entries.filter((entry) => entry.status === query.status);
    }
    const byCreation = (a: ListEntry, b: ListEntry) =>
      a.createdAtMs - b.createdAtMs || refId(a.ref).localeCompare(refId(b.ref));
    const compare =
      query.sort === 'name'
        ? (a: ListEntry, b: ListEntry) => a.ref.name.localeCompare(b.ref.name) || a.ref.namespace.localeCompare(b.ref.namespace) || byCreation(a, b)
        : query.sort === 'status'
          ? (a: ListEntry, b: ListEntry) => a.status!.localeCompare(b.status!) || byCreation(a, b)
          : byCreation;
    entries.sort(query.order === 'desc' ? (a, b) => compare(b, a) : compare);
    return { page: entries.slice(query.offset, query.offset + query.limit).map(({ ref }) => ref), total: entries.length };
  }

  /** The experiment's note; an empty text when nobody wrote one. */
  async getNote(ref: ExperimentRef): Promise<ExperimentNote> {
    await this.require(ref);
    const note = await this.experiments.getNote(ref);
    return note ?? { text: '', updatedAt: null };
  }

  async setNote(ref: ExperimentRef, text: string): Promise<ExperimentNote> {
    const note = { text, updatedAt: this.clock.isoNow() };
    if (!(await this.experiments.setNote(ref, note))) throw notFound(`experiment "${ref.name}" not found in namespace "${ref.namespace}"`);
    return note;
  }

  async get(ref: ExperimentRef): Promise<KatibExperiment> {
    return this.view(await this.require(ref));
  }

  /** What `get` answers, serialised, from memory while the experiment is unchanged (ExperimentViewCache). */
  getBody(ref: ExperimentRef): Promise<JsonBody> {
    return this.views.serve(ref, 'experiment', () => this.get(ref));
  }

  private async view(record: ExperimentRecord): Promise<KatibExperiment> {
    return toKatibExperiment(record, await this.trials.summary(record.ref, record.manifest.spec.objective));
  }

  /**
   * Edits the budget with Katib's rules: a live experiment takes the new
   * counts at once; one that Succeeded by reaching maxTrialCount restarts
   * when resumePolicy is LongRunning or FromVolume and the new maxTrialCount
   * exceeds its trials, continuing its search from the stored history and
   * algorithm state. Never, or any other completion, cannot be resumed.
   */
  async editBudget(ref: ExperimentRef, body: string, contentType: string | undefined): Promise<KatibExperiment> {
    const patch = parseBudgetPatch(body, contentType);
    for (let attempt = 0; attempt < MAX_EDIT_ATTEMPTS; attempt++) {
      const record = await this.require(ref);
      const spec = { ...record.manifest.spec };
      for (const [key, value] of Object.entries(patch) as [keyof BudgetPatch, number | null][]) {
        if (value === null) delete spec[key];
        else spec[key] = value;
      }
      const { parallelTrialCount, maxTrialCount, maxFailedTrialCount } = spec;
      const errors = trialBudgetErrors({ parallelTrialCount, maxTrialCount, maxFailedTrialCount }).map(formatFieldError);
      if (errors.length > 0) throw invalidInput(errors.join('; '), errors);
      let restartAt: string | undefined;
      if (record.completion) {
        if (!isRestartable(record)) throw invalidInput(notResumable(record), [notResumable(record)]);
        const trials = (await this.trials.summary(ref, spec.objective)).counts;
        const total = Object.values(trials).reduce((sum, n) => sum + n, 0);
        if (spec.maxTrialCount === undefined || spec.maxTrialCount > total) restartAt = this.clock.isoNow();
      }
      if (await this.experiments.edit(record, { ...record.manifest, spec }, restartAt)) {
        await this.queue.requestReconcile(ref);
        return this.get(ref);
      }
    }
    throw conflict(`experiment "${ref.name}" kept changing while the edit was applied: try again`);
  }

  async delete(ref: ExperimentRef): Promise<void> {
    const record = await this.require(ref);
    const counts = await this.trials.countByPhase(ref, record.manifest.spec.objective);
    const trialCount = Object.values(counts).reduce((sum, n) => sum + n, 0);
    await this.experiments.delete(ref);
    this.metrics.experimentDeleted(ref.namespace, trialCount);
    // A worker then removes what the trials left on its machine (their directories, failed ones included).
    await this.queue.requestReconcile(ref);
  }

  /** Stops proposing trials and kills the running ones; what ran stays readable. */
  async stop(ref: ExperimentRef): Promise<KatibExperiment> {
    const record = await this.require(ref);
    const stopped = await this.experiments.complete(ref, {
      condition: 'Stopped',
      reason: 'ExperimentStopped',
      message: 'Experiment was stopped by a user request',
      time: this.clock.isoNow(),
    });
    if (stopped) this.metrics.experimentCompleted(ref.namespace, 'Stopped');
    if (!stopped && record.completion) {
      throw conflict(`experiment "${ref.name}" has already completed (${record.completion.condition}: ${record.completion.reason})`);
    }
    for (const name of await this.trials.activeNames(ref)) await this.trials.requestKill(ref, name);
    await this.queue.requestReconcile(ref);
    return this.get(ref);
  }

  async listTrials(ref: ExperimentRef, query: TrialListQuery): Promise<TrialPage> {
    const record = await this.require(ref);
    const { trials, total } = await this.trials.page(ref, record.manifest.spec.objective, query);
    return {
      items: trials.map((trial) => toKatibTrial(record, trial)),
      total,
      offset: query.offset,
      limit: query.limit,
    };
  }

  /** What `listTrials` answers, serialised, from memory while the experiment is unchanged (ExperimentViewCache). */
  listTrialsBody(ref: ExperimentRef, query: TrialListQuery): Promise<JsonBody> {
    const page = `trials offset=${query.offset} limit=${query.limit} sort=${query.sort} order=${query.order} phase=${query.phase ?? ''}`;
    return this.views.serve(ref, page, () => this.listTrials(ref, query));
  }

  /** Every trial's objective and parameters as columns (sampled past MAX_TRIAL_VALUES), for the dashboard's charts. */
  async trialValues(ref: ExperimentRef): Promise<TrialValues> {
    const record = await this.require(ref);
    const { objective, parameters } = record.manifest.spec;
    return toTrialValues(await this.trialLists.list(record), objective, parameters.map((parameter) => parameter.name));
  }

  /** The experiment's changes as they happen, after `lastEventId` when a client resumes; 404 first if there is no such experiment. */
  async events(ref: ExperimentRef, lastEventId: string | undefined, signal: AbortSignal): Promise<AsyncIterable<ExperimentEvent[]>> {
    await this.require(ref);
    return this.feed.follow(ref, lastEventId, signal);
  }

  /** Each parameter's first-order share of the objective's variance over the trials with a result (see parameter-importance.ts). */
  async parameterImportance(ref: ExperimentRef): Promise<ImportanceResult> {
    const record = await this.require(ref);
    const { objective, parameters } = record.manifest.spec;
    const scored = (await this.trialLists.list(record)).flatMap((trial) => {
      const value = trial.phase === 'Succeeded' || trial.phase === 'EarlyStopped' ? objectiveValueOf(trial, objective) : undefined;
      return value === undefined ? [] : [{ trial, value }];
    });
    const columns = Object.fromEntries(parameters.map(({ name }) => [name, scored.map(({ trial }) => parameterValue(trial, name))]));
    return parameterImportance(scored.map(({ value }) => value), columns);
  }

  /** The objective's learning curve of each trial (capped, see intermediate-values.ts): stored at its end, read from its log while it runs. */
  async intermediateValues(ref: ExperimentRef): Promise<IntermediateValues> {
    const record = await this.require(ref);
    const metric = record.manifest.spec.objective.objectiveMetricName;
    const trials = await this.trialLists.list(record);
    const live = new Map<string, ReturnType<typeof objectiveCurve>>();
    for (const trial of trials.filter((candidate) => candidate.phase === 'Running')) {
      live.set(trial.name, objectiveCurve(await this.observations.read(ref, trial.name), metric));
    }
    return toIntermediateValues(trials, (trial) => live.get(trial.name) ?? trial.curve);
  }

  /** A trial's new observations as they are logged; 404 first if there is no such trial. */
  async trialEvents(ref: ExperimentRef, name: string, lastEventId: string | undefined, signal: AbortSignal): Promise<AsyncIterable<ExperimentEvent[]>> {
    await this.require(ref);
    if (!(await this.trials.get(ref, name))) throw notFound(`trial "${name}" not found in experiment "${ref.name}"`);
    return this.feed.followObservations(ref, name, lastEventId, signal);
  }

  async getTrial(ref: ExperimentRef, name: string) {
    const record = await this.require(ref);
    const trial = await this.trials.get(ref, name);
    if (!trial) throw notFound(`trial "${name}" not found in experiment "${ref.name}"`);
    const observations = await this.observations.read(ref, name);
    return { ...toKatibTrial(record, trial), observationLog: toObservationLog(observations) };
  }

  /** What the trial's workload printed, oldest first: the last `tail` lines, or all that are kept. */
  async getTrialLogs(ref: ExperimentRef, name: string, tail?: number): Promise<{ lines: OutputLine[] }> {
    await this.require(ref);
    if (!(await this.trials.get(ref, name))) throw notFound(`trial "${name}" not found in experiment "${ref.name}"`);
    return { lines: await this.output.read(ref, name, tail) };
  }

  async getOptimalTrial(ref: ExperimentRef): Promise<KatibOptimalTrial> {
    const record = await this.require(ref);
    return (await this.view(record)).status.currentOptimalTrial;
  }

  /** What `getOptimalTrial` answers, serialised, from memory while the experiment is unchanged. */
  getOptimalTrialBody(ref: ExperimentRef): Promise<JsonBody> {
    return this.views.serve(ref, 'optimal-trial', () => this.getOptimalTrial(ref));
  }

  private async require(ref: ExperimentRef): Promise<ExperimentRecord> {
    const record = await this.experiments.get(ref);
    if (!record) throw notFound(`experiment "${ref.name}" not found in namespace "${ref.namespace}"`);
    return record;
  }
}

/** A read of an experiment that was deleted meanwhile gives nothing; any other failure stands. */
function unlessGone(error: unknown): undefined {
  if (error instanceof DomainError && error.code === 'not_found') return undefined;
  throw error;
}

/** The namespace a manifest names, before validation says whether the manifest is any good. */
function claimedNamespace(manifest: unknown): string | undefined {
  const namespace = (manifest as { metadata?: { namespace?: unknown } } | null)?.metadata?.namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/** A manifest as it reads back from storage: JSON drops undefined fields. */
function asStored<T>(manifest: T): T {
  return JSON.parse(JSON.stringify(manifest)) as T;
}
