import { randomUUID } from 'node:crypto';
import type { ExperimentRecord } from '../domain/experiment.js';
import type { ExperimentManifest } from '../domain/experiment-spec.js';
import type { ExperimentRef } from '../domain/identity.js';
import type { TrialRecord } from '../domain/trial.js';
import type { TrialPhase } from '../domain/trial-phase.js';
import type { ExperimentRepository } from '../storage/experiment.repository.js';
import type { TrialRepository } from '../storage/trial.repository.js';

/** The phases seeded trials cycle through: mostly results, some of every other phase. */
const PHASE_CYCLE: TrialPhase[] = ['Succeeded', 'Succeeded', 'Failed', 'Running', 'EarlyStopped', 'Created', 'MetricsUnavailable', 'Killed', 'Succeeded'];

/**
 * Stores an experiment with `count` trials in a mix of phases the way the
 * service stores them (commit in batches, then one transition each), without
 * running anything: for read-path benchmarks and tests. Ten objective values
 * only, so the ranking has ties to break. Returns the trials as stored.
 */
export async function seedExperimentWithTrials(
  repositories: { experiments: ExperimentRepository; trials: TrialRepository },
  manifest: ExperimentManifest,
  count: number,
): Promise<{ ref: ExperimentRef; trials: TrialRecord[] }> {
  const { experiments, trials } = repositories;
  const ref = { namespace: manifest.metadata.namespace ?? 'default', name: manifest.metadata.name };
  const start = Date.UTC(2026, 0, 1);
  await experiments.create({ ref, uid: randomUUID(), createdAt: new Date(start).toISOString(), manifest });
  const created: TrialRecord[] = Array.from({ length: count }, (_, index) => ({
    name: `${ref.name}-t${String(index).padStart(6, '0')}`,
    experiment: ref,
    index,
    phase: 'Created',
    // x is the trial's index; any other declared parameter a scrambled value, so a pair of them spreads over a plane (the contour).
    parameterAssignments: [
      { name: 'x', value: String(index) },
      ...manifest.spec.parameters.filter((parameter) => parameter.name !== 'x').map((parameter) => ({ name: parameter.name, value: String((index * 7919) % 1000) })),
    ],
    createdAt: new Date(start + index * 1000).toISOString(),
    attempt: 0,
  }));
  for (let from = 0; from < count; from += 1000) {
    const record = (await experiments.get(ref)) as ExperimentRecord;
    if (!(await experiments.commitTrials(record, created.slice(from, from + 1000), { from }))) {
      throw new Error(`seeding ${ref.name}: the experiment changed while trials were committed`);
    }
  }
  const objective = manifest.spec.objective;
  const metricName = objective.objectiveMetricName;
  const stored: TrialRecord[] = [];
  let writes: Promise<boolean>[] = [];
  for (const trial of created) {
    const phase = PHASE_CYCLE[trial.index % PHASE_CYCLE.length];
    const value = ((trial.index * 7) % 10) / 10;
    const withResult = phase === 'Succeeded' || phase === 'EarlyStopped';
    const next: TrialRecord = { ...trial, phase, ...(withResult ? { metrics: [{ name: metricName, min: value, max: value, latest: value }] } : {}) };
    stored.push(next);
    if (phase !== 'Created') writes.push(trials.transition(next, ['Created'], { objective }));
    if (writes.length >= 500) {
      await Promise.all(writes);
      writes = [];
    }
  }
  await Promise.all(writes);
  return { ref, trials: stored };
}
