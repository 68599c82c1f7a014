import { Injectable } from '@nestjs/common';
import { findEarlyStoppingRule } from '../../algorithms/early-stopping/registry.js';
import type { EarlyStoppingDecision, TrialCurve } from '../../algorithms/early-stopping/types.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { refId } from '../domain/identity.js';
import type { TrialRecord } from '../domain/trial.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { TrialListCache } from '../storage/trial-list-cache.js';
import { RunningCurves } from './running-curves.js';

interface ExperimentCurves {
  curves: RunningCurves;
  /** How long each trial's curve was when it was last judged. */
  judged: Map<string, number>;
}

/**
 * Asks the experiment's early-stopping rule about one running trial, with the
 * curves of every other trial: finished ones from their records, running ones
 * from their observation logs, read incrementally and shared by every trial
 * of the experiment this worker runs.
 */
@Injectable()
export class EarlyStoppingService {
  private readonly experiments = new Map<string, ExperimentCurves>();

  constructor(
    private readonly trialLists: TrialListCache,
    private readonly observations: ObservationRepository,
  ) {}

  /** The rule's decision, or undefined when the trial has reported nothing new since it was last judged. */
  async evaluate(experiment: ExperimentRecord, trialName: string): Promise<EarlyStoppingDecision | undefined> {
    const spec = experiment.manifest.spec;
    const rule = spec.earlyStopping && findEarlyStoppingRule(spec.earlyStopping.algorithmName);
    if (!rule) return { stop: false };
    const state = this.stateOf(experiment);
    const trials = await this.trialLists.list(experiment);
    const running = trials.filter((trial) => trial.phase === 'Running');
    await state.curves.refresh(running, trialName);
    if (state.curves.size === 0) this.experiments.delete(refId(experiment.ref));

    const length = state.curves.length(trialName);
    if (length === (state.judged.get(trialName) ?? 0)) return undefined;
    state.judged.set(trialName, length);
    for (const name of state.judged.keys()) if (!running.some((trial) => trial.name === name)) state.judged.delete(name);

    const others = trials.flatMap((trial) => (trial.name === trialName ? [] : this.curveOf(trial, state.curves)));
    return rule.shouldStop({
      trial: { trialName, status: 'running', points: state.curves.curve(trialName) },
      others,
      direction: spec.objective.type,
      settings: Object.fromEntries((spec.earlyStopping?.algorithmSettings ?? []).map((s) => [s.name, s.value])),
    });
  }

  private stateOf(experiment: ExperimentRecord): ExperimentCurves {
    const id = refId(experiment.ref);
    let state = this.experiments.get(id);
    if (!state) {
      const metric = experiment.manifest.spec.objective.objectiveMetricName;
      const readNew = (cursors: Parameters<ObservationRepository['readNew']>[1]) => this.observations.readNew(experiment.ref, cursors);
      state = { curves: new RunningCurves(metric, readNew), judged: new Map() };
      this.experiments.set(id, state);
    }
    return state;
  }

  private curveOf(trial: TrialRecord, running: RunningCurves): TrialCurve[] {
    const curve = (status: TrialCurve['status'], points: TrialCurve['points']) =>
      points.length > 0 ? [{ trialName: trial.name, status, points }] : [];
    switch (trial.phase) {
      case 'Succeeded':
        return curve('completed', trial.curve ?? []);
      case 'EarlyStopped':
        return curve('stopped', trial.curve ?? []);
      case 'Running':
        return curve('running', running.curve(trial.name));
      default:
        return [];
    }
  }
}
