import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { conflict, invalidInput, notFound } from '../common/domain-error.js';
import { WorkQueue } from '../queues/work-queue.js';
import { type ExperimentEvent, ExperimentEventFeed } from '../storage/experiment-event-feed.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { type KatibTrial, toKatibTrial, toObservationLog } from '../katib/views/trial-view.js';
import type { TrialListQuery } from './dto/trial-list.query.js';
import { type IntermediateValues, toIntermediateValues } from './intermediate-values.js';
import { type ImportanceResult, parameterImportance } from './parameter-importance.js';
import { objectiveCurve } from '../domain/objective-curve.js';
import { parameterValue, toTrialValues, type TrialValues } from './trial-values.js';
import { objectiveValueOf } from '../domain/outcomes.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { type KatibOptimalTrial, summarizeTrials } from '../domain/experiment-status.js';
import { formatFieldError } from '../katib/spec/field-error.js';
import { parseManifestText } from '../katib/spec/manifest-text.js';
import { validateExperiment } from '../katib/spec/validate-experiment.js';
import { TrialTemplateSource } from '../katib/template-source/trial-template-source.js';
import { type ExperimentRef } from '../domain/identity.js';
import { type KatibExperiment, toKatibExperiment } from '../katib/views/experiment-view.js';

export interface TrialPage {
  items: KatibTrial[];
  total: number;
  offset: number;
  limit: number;
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
    private readonly feed: ExperimentEventFeed,
  ) {}

  /** Accepts a Katib Experiment as YAML or JSON text, stores it and starts it. */
  async create(body: string, contentType: string | undefined, namespace?: string): Promise<KatibExperiment> {
    const text = parseManifestText(body, contentType);
    if (!text.ok) throw invalidInput(text.errors.map(formatFieldError).join('; '), text.errors.map(formatFieldError));
    const resolved = await this.templates.resolve(text.value, namespace);
    const validated = validateExperiment(resolved.manifest, { namespace, configMapTemplate: resolved.configMapTemplate });
    if (!validated.ok || resolved.errors.length > 0) {
      const errors = [...resolved.errors, ...(validated.ok ? [] : validated.errors)].map(formatFieldError);
      throw invalidInput(errors.join('; '), errors);
    }
    const manifest = validated.manifest;
    const ref = { namespace: manifest.metadata.namespace, name: manifest.metadata.name };
    const record = { ref, uid: randomUUID(), createdAt: this.clock.isoNow(), manifest };
    if (!(await this.experiments.create(record))) {
      throw conflict(`experiment "${ref.name}" already exists in namespace "${ref.namespace}"`);
    }
    await this.queue.requestReconcile(ref);
    return toKatibExperiment({ ...record, version: 0 }, summarizeTrials([], manifest.spec.objective));
  }

  async list(namespace?: string): Promise<{ items: KatibExperiment[] }> {
    const items: KatibExperiment[] = [];
    for (const ref of await this.experiments.listRefs(namespace)) {
      const record = await this.experiments.get(ref);
      if (record) items.push(await this.view(record));
    }
    return { items };
  }

  async get(ref: ExperimentRef): Promise<KatibExperiment> {
    return this.view(await this.require(ref));
  }

  private async view(record: ExperimentRecord): Promise<KatibExperiment> {
    return toKatibExperiment(record, await this.trials.summary(record.ref, record.manifest.spec.objective));
  }

  async delete(ref: ExperimentRef): Promise<void> {
    await this.require(ref);
    await this.experiments.delete(ref);
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

  /** Every trial's objective and parameters as columns (sampled past MAX_TRIAL_VALUES), for the dashboard's charts. */
  async trialValues(ref: ExperimentRef): Promise<TrialValues> {
    const record = await this.require(ref);
    const { objective, parameters } = record.manifest.spec;
    return toTrialValues(await this.trials.list(ref), objective, parameters.map((parameter) => parameter.name));
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
    const scored = (await this.trials.list(ref)).flatMap((trial) => {
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
    const trials = await this.trials.list(ref);
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

  async getOptimalTrial(ref: ExperimentRef): Promise<KatibOptimalTrial> {
    const record = await this.require(ref);
    return (await this.view(record)).status.currentOptimalTrial;
  }

  private async require(ref: ExperimentRef): Promise<ExperimentRecord> {
    const record = await this.experiments.get(ref);
    if (!record) throw notFound(`experiment "${ref.name}" not found in namespace "${ref.namespace}"`);
    return record;
  }
}
