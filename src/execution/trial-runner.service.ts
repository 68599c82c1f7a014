import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiAddress } from '../common/api-address.js';
import { Clock } from '../common/clock.js';
import { TurnBudget } from '../common/turn-budget.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import type { TrialTemplate } from '../domain/experiment-spec.js';
import { type ExperimentRef, refId } from '../domain/identity.js';
import type { MetricSummary, Observation } from '../domain/observation.js';
import { PBT_PARENT_LABEL, type TrialRecord, type WorkloadLocation } from '../domain/trial.js';
import { CHECKPOINT_DIR_SETTING } from '../../algorithms/pbt/pbt-settings.js';
import { isTerminal } from '../domain/trial-phase.js';
import { EarlyStoppingService } from '../early-stopping/early-stopping.service.js';
import { renderTrialSpec } from '../katib/trial-template.js';
import { type RunTrialJobData, TRIAL_MAX_ATTEMPTS } from '../queues/queue-names.js';
import { WorkQueue } from '../queues/work-queue.js';
import { ExperimentRepository } from '../storage/experiment.repository.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { TrialOutputRepository } from '../storage/trial-output.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import { trialLog } from '../telemetry/logging/log-entry.js';
import { ServiceMetrics } from '../telemetry/service-metrics.js';
import { TrialMetricsCollection } from './collection/trial-metrics-collection.js';
import {
  type OutputStream,
  type RunningTrial,
  TRIAL_EXECUTOR,
  type TrialExecutor,
  type TrialExit,
  type TrialLaunch,
  TrialLaunchError,
  type WorkloadSnapshot,
} from './executors/trial-executor.js';
import { TrialCompletion } from './trial-completion.service.js';
import { SupervisionClock, TrialSupervisor } from './trial-supervisor.js';
import { judgeTrial } from './trial-verdict.js';

/** How often a running trial checks for a kill request or new values to judge. */
const SUPERVISE_INTERVAL_MS = 300;
/** How long removing a deleted experiment's files waits for its workloads here to end. */
const FORGET_WAIT_MS = 15_000;
/** How many of the workload's last stderr lines are kept to say why it failed. */
const KEPT_ERROR_LINES = 5;

/** Thrown when the worker shuts down mid-trial: the trial is put back in the queue for another worker, no attempt spent. */
export class WorkerShuttingDownError extends Error {
  override name = 'WorkerShuttingDownError';
}

/**
 * Runs one trial the service itself runs: claims it (Created -> Running),
 * starts its workload on the executor, streams its observations into the log
 * as they appear, honours kill requests and early stopping, and hands the
 * exit to TrialCompletion for the verdict.
 */
@Injectable()
export class TrialRunner {
  private readonly logger = new Logger(TrialRunner.name);
  /** The workloads this process runs, with the experiment each belongs to. */
  private readonly running = new Map<RunningTrial, string>();
  /**
   * A launch's synchronous part (the trial spec rendered, the workload set up)
   * is a fraction of a millisecond, but a worker handed hundreds of trials at
   * once gets their claims' replies in one socket read and would render and
   * start them all in one turn of its event loop (500 at once held it for up
   * to 109 ms; 49-59 ms paced). Claims are not paced: pacing them as well took
   * the burst to 38-48 ms but cost instant trials 4-5% more CPU each, their
   * claims no longer sharing writes.
   */
  private readonly launchTurns = new TurnBudget(5);
  /** Every running trial's kill and early-stopping checks, on one timer. */
  private readonly supervision = new SupervisionClock(SUPERVISE_INTERVAL_MS);
  private shuttingDown = false;

  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly trials: TrialRepository,
    private readonly observations: ObservationRepository,
    private readonly output: TrialOutputRepository,
    private readonly completion: TrialCompletion,
    private readonly queue: WorkQueue,
    private readonly clock: Clock,
    private readonly earlyStopping: EarlyStoppingService,
    @Inject(TRIAL_EXECUTOR) private readonly executor: TrialExecutor,
    private readonly apiAddress: ApiAddress,
    private readonly metrics: ServiceMetrics,
  ) {}

  async run(job: RunTrialJobData): Promise<void> {
    const ref: ExperimentRef = { namespace: job.namespace, name: job.experiment };
    // Both reads are issued in the same turn, so they go to Redis in one write.
    const [experiment, found] = await Promise.all([this.experiments.get(ref), this.trials.getWithKillRequest(ref, job.trial)]);
    // A caller-run experiment's trials are never queued; its caller runs them (ask/tell).
    if (!experiment || !found || isTerminal(found.trial.phase) || !experiment.manifest.spec.trialTemplate) return;
    const { trial, killRequested } = found;

    // A worker stopped while running this trial and its workload went with it (or is an orphan to end).
    const interrupted = trial.phase === 'Running' && !this.executor.capabilities.workloadOutlivesWorker;
    if (interrupted && trial.process) await this.executor.killOrphan(trial.process);
    if (experiment.completion || killRequested) {
      await this.completion.end(trial, { phase: 'Killed', reason: 'TrialKilled', message: 'Trial was killed before it started' });
      return;
    }
    // A workload that outlives its worker (a Kubernetes Job) is re-attached, not started again: no cap.
    if (interrupted && trial.attempt >= TRIAL_MAX_ATTEMPTS) {
      await this.giveUp(job, `its run was interrupted ${trial.attempt} times (its worker stopped or failed while running it)`);
      return;
    }
    const claimed: TrialRecord = {
      ...trial,
      phase: 'Running',
      startedAt: this.clock.isoNow(),
      attempt: trial.attempt + 1,
      process: undefined,
      // A waiting state the previous attempt showed is reported again by the workload if it still holds.
      reason: undefined,
      message: undefined,
    };
    // A workload that outlived its worker is attached to again, not rerun: it still holds its push token, and what
    // it pushed cannot be sent again. Only what the log collector re-reads is recorded anew (see execute).
    const reattaching = trial.phase === 'Running' && this.executor.capabilities.workloadOutlivesWorker;
    const keptToken = reattaching ? await this.trials.pushToken(ref, trial.name) : undefined;
    // A new token is set by the claim itself, so a claimed trial always has the token its workload is given.
    const pushToken = keptToken ?? randomBytes(24).toString('base64url');
    const claim = { heldAttempt: trial.attempt, pushToken: keptToken === undefined ? pushToken : undefined };
    if (!(await this.trials.transition(claimed, [trial.phase], claim))) return;
    if (trial.phase === 'Running' && !reattaching) {
      await this.observations.clear(ref, trial.name);
      await this.output.clear(ref, trial.name);
    }

    const lastSeen = reattaching ? await this.trials.workloadSnapshot(ref, trial.name) : undefined;
    try {
      await this.execute(experiment, claimed, pushToken, { reattaching, lastSeen });
    } finally {
      await this.queue.requestReconcile(ref);
    }
  }

  /**
   * Ends a trial that cannot be run to an end: its starts are used up (the
   * queue gave up on its job, or it was interrupted TRIAL_MAX_ATTEMPTS times).
   * The experiment then moves on: a Failed trial counts against
   * maxFailedTrialCount and frees its place for the next one.
   */
  async giveUp(job: RunTrialJobData, why: string): Promise<void> {
    const ref: ExperimentRef = { namespace: job.namespace, name: job.experiment };
    const trial = await this.trials.get(ref, job.trial);
    if (!trial || isTerminal(trial.phase)) return;
    const message = `Trial failed after ${trial.attempt} of ${TRIAL_MAX_ATTEMPTS} attempts: ${why}`;
    await this.completion.end(trial, { phase: 'Failed', reason: 'TrialFailed', message });
    await this.queue.requestReconcile(ref);
  }

  /** Ends every workload this process runs, leaving their trials to be retried by another worker. */
  async abandonAll(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.running.keys()].map((trial) => trial.release()));
  }

  /**
   * After an experiment was deleted: once the workloads it still runs here
   * have ended (their supervisors stop them as soon as the trials are gone),
   * the executor removes what it kept on this machine.
   */
  async forgetExperiment(ref: ExperimentRef): Promise<void> {
    const id = refId(ref);
    const ending = [...this.running].filter(([, owner]) => owner === id).map(([workload]) => workload.exited);
    await Promise.race([Promise.all(ending), new Promise((resolve) => setTimeout(resolve, FORGET_WAIT_MS))]);
    await this.executor.forgetExperiment(ref);
  }

  private async execute(
    experiment: ExperimentRecord,
    trial: TrialRecord,
    pushToken: string,
    { reattaching, lastSeen }: { reattaching: boolean; lastSeen?: WorkloadSnapshot },
  ): Promise<void> {
    const spec = experiment.manifest.spec;
    const ref = experiment.ref;
    const collector = spec.metricsCollectorSpec.collector.kind;
    const metricsFilePath = spec.metricsCollectorSpec.source?.fileSystemPath?.path;
    const { capabilities } = this.executor;
    if (!capabilities.collectors.includes(collector)) {
      await this.completion.end(trial, { phase: 'Failed', reason: 'TrialFailed', message: capabilities.collectorRefusal(collector, metricsFilePath) });
      return;
    }

    let pendingWrites = Promise.resolve();
    // A re-attached workload's log is read again from what the kubelet still serves: what was recorded from it (its
    // output; a StdOut trial's observations too) is replaced, but only once the workload actually sends output
    // again. One that vanished while no worker followed it sends none and keeps what was recorded, which its
    // verdict is then judged by. Pushed observations cannot be sent again and are always kept.
    let recordedOutputStale = reattaching;
    let started: RunningTrial | undefined;
    const dropStaleOutput = () => {
      if (!recordedOutputStale) return;
      recordedOutputStale = false;
      // Output only comes once start() has returned the workload, which says whether it resumes.
      if (started?.resumesOutput) return;
      pendingWrites = pendingWrites.then(async () => {
        if (collector === 'StdOut') await this.observations.clear(ref, trial.name);
        await this.output.clear(ref, trial.name);
      });
    };
    // Observations, output lines and where the workload runs are saved in batches, once per turn of the event loop:
    // the writes of a batch are issued together, so they reach Redis in one write, not one per line or per value.
    let unsaved: { observations: Observation[]; output: { stream: OutputStream; line: string }[]; location?: WorkloadLocation } | undefined;
    const save = () => {
      if (!unsaved) return;
      const { observations, output, location } = unsaved;
      unsaved = undefined;
      pendingWrites = pendingWrites.then(async () => {
        await Promise.all([
          location && this.trials.transition({ ...trial, process: location }, ['Running'], { heldAttempt: trial.attempt }),
          this.observations.append(ref, trial.name, observations),
          this.output.append(ref, trial.name, output),
        ]);
      });
    };
    const unsavedBatch = () => {
      if (!unsaved) {
        unsaved = { observations: [], output: [] };
        setImmediate(save);
      }
      return unsaved;
    };
    // What this run appends to a log that was empty when it started (a fresh run, or a rerun's cleared log): the
    // verdict is drawn from it without reading the log back. A re-attached run's log holds what came before.
    const kept: Observation[] | undefined = reattaching ? undefined : [];
    const record = (observations: Observation[]) => {
      unsavedBatch().observations.push(...observations);
      kept?.push(...observations);
    };
    const lastErrorLines: string[] = [];
    const collection = new TrialMetricsCollection(spec, record, (stream, line) => {
      unsavedBatch().output.push({ stream, line });
      if (stream !== 'stderr') return;
      lastErrorLines.push(line);
      if (lastErrorLines.length > KEPT_ERROR_LINES) lastErrorLines.shift();
    }, (problem) => this.logger.warn(trialLog(ref, trial.name, `${trial.name}: ${problem}`)));

    let workload: RunningTrial;
    try {
      workload = await this.launchTurns.run(() =>
        this.executor.start(
          { ...this.launchOf(experiment, trial, pushToken, metricsFilePath), lastSeen },
          (stream, chunk) => {
            dropStaleOutput();
            collection.output(stream, chunk);
          },
          {
            // Shown on the trial while it lasts (its Running condition's reason and message); the final verdict replaces it.
            waiting: (state) => {
              pendingWrites = pendingWrites.then(() =>
                this.trials.transition({ ...trial, reason: state?.reason, message: state?.message }, ['Running'], { heldAttempt: trial.attempt }),
              ).then(() => undefined);
            },
            observed: (snapshot) => {
              pendingWrites = pendingWrites.then(() => this.trials.setWorkloadSnapshot(ref, trial.name, snapshot));
            },
          },
        ),
      );
    } catch (error) {
      const refusal = launchRefusal(error);
      if (refusal === undefined) throw error;
      this.metrics.trialLaunchFailed(ref.namespace);
      await this.completion.end(trial, { phase: 'Failed', reason: 'TrialFailed', message: refusal });
      return;
    }
    started = workload;
    this.running.set(workload, refId(ref));
    collection.followSource(workload.metricsFile);
    // Where the workload runs is kept for the worker that takes the trial over should this one die (killOrphan).
    if (workload.location) unsavedBatch().location = workload.location;

    const supervisor = new TrialSupervisor(
      {
        killRequested: () => this.trials.isKillRequested(ref, trial.name),
        earlyStopping: spec.earlyStopping ? () => this.earlyStopping.evaluate(experiment, trial.name) : undefined,
        stopWorkload: () => workload.stop(),
        warn: (message) => this.logger.warn(trialLog(ref, trial.name, `supervising ${trial.name}: ${message}`)),
      },
      this.supervision,
    );
    supervisor.start();

    let exit: TrialExit;
    try {
      exit = await workload.exited;
    } finally {
      supervisor.dispose();
      this.running.delete(workload);
      await collection.finish();
      save();
      await pendingWrites;
    }
    const stopCause = supervisor.stopCause;
    if (this.shuttingDown && !stopCause) {
      // Stopped by a graceful shutdown, not by the trial's doing: the attempt is given back.
      await this.trials.transition({ ...trial, attempt: trial.attempt - 1, process: undefined }, ['Running'], { heldAttempt: trial.attempt });
      throw new WorkerShuttingDownError(`worker stopped while running ${trial.name}`);
    }

    const objectiveMetricName = spec.objective.objectiveMetricName;
    const judge = (metrics: MetricSummary[]) => judgeTrial({ exit, stopCause, metrics, objectiveMetricName, lastErrorLines });
    const verdict = kept ? await this.completion.completeFromKept(experiment, trial, judge, kept) : await this.completion.complete(experiment, trial, judge);
    if (verdict?.phase === 'Succeeded' && !spec.trialTemplate?.retain) await workload.discard();
  }

  private launchOf(experiment: ExperimentRecord, trial: TrialRecord, pushToken: string, metricsFilePath?: string): TrialLaunch {
    const { ref, manifest } = experiment;
    const template = manifest.spec.trialTemplate as TrialTemplate; // run() takes only service-run trials
    return {
      trialName: trial.name,
      namespace: ref.namespace,
      experimentName: ref.name,
      trialSpec: renderTrialSpec(template, { ...trial, namespace: ref.namespace }),
      primaryContainerName: template.primaryContainerName ?? '',
      env: {
        KATIB_TRIAL_NAME: trial.name,
        KUBETUNE_TRIAL_NAME: trial.name,
        KUBETUNE_EXPERIMENT: ref.name,
        KUBETUNE_NAMESPACE: ref.namespace,
        KUBETUNE_TRIAL_TOKEN: pushToken,
        ...(this.apiAddress.url ? { KUBETUNE_METRICS_URL: metricsUrl(this.apiAddress.url, ref, trial.name) } : {}),
      },
      metricsFilePath,
      metricsPathKind: manifest.spec.metricsCollectorSpec.source?.fileSystemPath?.kind,
      objectPolicy: template,
      experimentLabels: manifest.metadata.labels ?? {},
      ...checkpointOf(experiment, trial),
    };
  }
}

/**
 * Katib gives a trial its own checkpoint directory whenever the algorithm's
 * settings name suggestion_trial_dir (inject_webhook.go), seeded from the
 * parent its PBT label names.
 */
function checkpointOf(experiment: ExperimentRecord, trial: TrialRecord): Pick<TrialLaunch, 'checkpoint'> {
  const containerPath = experiment.manifest.spec.algorithm.algorithmSettings.find((s) => s.name === CHECKPOINT_DIR_SETTING)?.value;
  if (!containerPath) return {};
  const parentTrialName = trial.labels?.[PBT_PARENT_LABEL];
  return { checkpoint: { containerPath, ...(parentTrialName ? { parentTrialName } : {}) } };
}

/**
 * Why a launch can never succeed, or undefined for an error worth retrying.
 * Node refuses process arguments it cannot pass to the OS (a NUL byte, an
 * empty program name) before anything starts; submission refuses those
 * templates, but one stored before that rule must fail at once, not three times.
 */
function launchRefusal(error: unknown): string | undefined {
  if (error instanceof TrialLaunchError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_INVALID_ARG')) {
    return `the trial's process cannot be started: ${(error as Error).message}`;
  }
  return undefined;
}

/** The push endpoint of one trial, as its process is told. */
function metricsUrl(apiUrl: string, ref: ExperimentRef, trialName: string): string {
  const path = [ref.name, 'trials', trialName, 'metrics'].map(encodeURIComponent).join('/');
  return `${apiUrl}/api/v1/experiments/${path}?namespace=${encodeURIComponent(ref.namespace)}`;
}
