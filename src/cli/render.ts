import Table from 'cli-table3';
import { stringify } from 'yaml';
import type { KatibExperiment } from '../katib/views/experiment-view.js';
import type { KatibTrial } from '../katib/views/trial-view.js';
import type { KatibOptimalTrial } from '../domain/experiment-status.js';
import { PBT_GENERATION_LABEL, PBT_PARENT_LABEL } from '../domain/trial.js';

export type OutputFormat = 'table' | 'json' | 'yaml';

/** JSON and YAML print the API's own objects, so scripts see exactly what the REST API returns. */
export function formatData(value: unknown, format: Exclude<OutputFormat, 'table'>): string {
  return format === 'json' ? JSON.stringify(value, null, 2) : stringify(value).trimEnd();
}

/** A borderless, uncoloured table: readable in a terminal, stable in a pipe. */
export function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({
    head,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '' },
  });
  t.push(...rows.map((row) => row.map(String)));
  return t.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}

/** The experiment's final or current condition: the last true one of Succeeded, Failed, Stopped, Running, Created. */
export function statusOf(experiment: KatibExperiment): { type: string; reason: string; message: string } {
  const live = experiment.status.conditions.filter((c) => c.status === 'True');
  const last = live.at(-1) ?? experiment.status.conditions.at(-1);
  return { type: last?.type ?? 'Unknown', reason: last?.reason ?? '', message: last?.message ?? '' };
}

export function objectiveOf(metrics: { name: string; min: string; max: string; latest: string }[] | undefined, experiment: KatibExperiment): string {
  const objective = experiment.spec.objective;
  const metric = metrics?.find((m) => m.name === objective.objectiveMetricName);
  if (!metric) return '';
  const strategy = objective.metricStrategies.find((s) => s.name === objective.objectiveMetricName)?.value ?? (objective.type === 'minimize' ? 'min' : 'max');
  return metric[strategy];
}

function age(since: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

function completedCount(experiment: KatibExperiment): number {
  const s = experiment.status;
  return s.trialsSucceeded + s.trialsFailed + s.trialsKilled + s.trialsEarlyStopped + s.trialMetricsUnavailable;
}

export function experimentsTable(experiments: KatibExperiment[]): string {
  return table(
    ['NAME', 'NAMESPACE', 'STATUS', 'REASON', 'ALGORITHM', 'TRIALS', 'RUNNING', 'FAILED', 'BEST', 'AGE'],
    experiments.map((e) => {
      const status = statusOf(e);
      const done = `${completedCount(e)}/${e.spec.maxTrialCount ?? '-'}`;
      const best = objectiveOf(e.status.currentOptimalTrial.observation.metrics, e);
      return [e.metadata.name, e.metadata.namespace ?? '', status.type, status.reason, e.spec.algorithm.algorithmName, done, e.status.trialsRunning, e.status.trialsFailed + e.status.trialMetricsUnavailable, best, age(e.metadata.creationTimestamp)];
    }),
  );
}

export function trialPhase(trial: KatibTrial): string {
  return trial.status.conditions.filter((c) => c.status === 'True').at(-1)?.type ?? 'Created';
}

function duration(trial: KatibTrial): string {
  if (!trial.status.startTime) return '';
  const end = trial.status.completionTime ? Date.parse(trial.status.completionTime) : Date.now();
  return `${((end - Date.parse(trial.status.startTime)) / 1000).toFixed(1)}s`;
}

/** PBT's lineage, from Katib's labels: "gen 2 <- parent-name", or nothing for other algorithms. */
function lineageOf(trial: KatibTrial): string {
  const generation = trial.metadata.labels?.[PBT_GENERATION_LABEL];
  if (generation === undefined) return '';
  const parent = trial.metadata.labels[PBT_PARENT_LABEL];
  return ` (gen ${generation}${parent ? ` <- ${parent}` : ''})`;
}

export function trialRow(trial: KatibTrial, experiment: KatibExperiment): string[] {
  const params = trial.spec.parameterAssignments.map((p) => `${p.name}=${p.value}`).join(' ') + lineageOf(trial);
  return [trial.metadata.name, trialPhase(trial), objectiveOf(trial.status.observation?.metrics, experiment), duration(trial), params];
}

export const TRIAL_HEAD = ['TRIAL', 'PHASE', 'OBJECTIVE', 'DURATION', 'PARAMETERS'];

export function trialsTable(trials: KatibTrial[], experiment: KatibExperiment): string {
  return table(TRIAL_HEAD, trials.map((t) => trialRow(t, experiment)));
}

export function bestTrialText(optimal: KatibOptimalTrial, experiment: KatibExperiment): string {
  if (!optimal.bestTrialName) return `no trial of ${experiment.metadata.name} has a result yet`;
  const objective = experiment.spec.objective.objectiveMetricName;
  const lines = [`best trial: ${optimal.bestTrialName}`, `${objective} (${experiment.spec.objective.type}): ${objectiveOf(optimal.observation.metrics, experiment)}`];
  for (const p of optimal.parameterAssignments) lines.push(`  ${p.name} = ${p.value}`);
  return lines.join('\n');
}

export function describeExperiment(e: KatibExperiment): string {
  const status = statusOf(e);
  const s = e.status;
  const goal = e.spec.objective.goal === undefined ? '' : `, goal ${e.spec.objective.goal}`;
  const settings = (list: { name: string; value: string }[] | undefined) => (list ?? []).map((x) => `${x.name}=${x.value}`).join(', ') || 'defaults';
  const lines = [
    `Name:         ${e.metadata.name}`,
    `Namespace:    ${e.metadata.namespace ?? ''}`,
    `Created:      ${e.metadata.creationTimestamp}`,
    `Status:       ${status.type} (${status.reason}): ${status.message}`,
    `Objective:    ${e.spec.objective.type} ${e.spec.objective.objectiveMetricName}${goal}`,
    `Algorithm:    ${e.spec.algorithm.algorithmName} (${settings(e.spec.algorithm.algorithmSettings)})`,
    ...(s.algorithmChoice ? [`Chosen:       ${s.algorithmChoice.name}: ${s.algorithmChoice.reason}`] : []),
    ...(e.spec.earlyStopping ? [`Early stop:   ${e.spec.earlyStopping.algorithmName} (${settings(e.spec.earlyStopping.algorithmSettings)})`] : []),
    `Budget:       ${completedCount(e)} of ${e.spec.maxTrialCount ?? 'unlimited'} trials, ${e.spec.parallelTrialCount} in parallel, ${e.spec.maxFailedTrialCount ?? 'no'} failures allowed`,
    `Trials:       ${s.trialsPending} pending, ${s.trialsRunning} running, ${s.trialsSucceeded} succeeded, ${s.trialsFailed} failed, ${s.trialMetricsUnavailable} without metrics, ${s.trialsEarlyStopped} early-stopped, ${s.trialsKilled} killed`,
    'Parameters:',
    ...e.spec.parameters.map((p) => `  ${p.name}  ${p.parameterType}  ${JSON.stringify(p.feasibleSpace)}`),
    '',
    bestTrialText(e.status.currentOptimalTrial, e),
  ];
  return lines.join('\n');
}
