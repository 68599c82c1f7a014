import { Injectable } from '@nestjs/common';
import { findEarlyStoppingRule } from '../../algorithms/early-stopping/registry.js';
import type { EarlyStoppingDecision, TrialCurve } from '../../algorithms/early-stopping/types.js';
import type { ExperimentRecord } from '../domain/experiment.js';
import { ObservationRepository } from '../storage/observation.repository.js';
import { TrialRepository } from '../storage/trial.repository.js';
import type { TrialRecord } from '../domain/trial.js';
import type { CurvePoint } from '../../algorithms/early-stopping/types.js';
import { objectiveCurve } from '../domain/objective-curve.js';

/**
 * Asks the experiment's early-stopping rule about one running trial, with the
 * curves of every other trial: finished ones from their records, running ones
 * from their observation logs.
 */
@Injectable()
export class EarlyStoppingService {
  constructor(
    private readonly trials: TrialRepository,
    private readonly observations: ObservationRepository,
  ) {}

  async evaluate(experiment: ExperimentRecord, trialName: string, curve: CurvePoint[]): Promise<EarlyStoppingDecision> {
    const spec = experiment.manifest.spec;
    const rule = spec.earlyStopping && findEarlyStoppingRule(spec.earlyStopping.algorithmName);
    if (!rule || curve.length === 0) return { stop: false };
    const others: TrialCurve[] = [];
    for (const trial of await this.trials.list(experiment.ref)) {
      if (trial.name === trialName) continue;
      const other = await this.curveOf(experiment, trial);
      if (other && other.points.length > 0) others.push(other);
    }
    return rule.shouldStop({
      trial: { trialName, status: 'running', points: curve },
      others,
      direction: spec.objective.type,
      settings: Object.fromEntries((spec.earlyStopping?.algorithmSettings ?? []).map((s) => [s.name, s.value])),
    });
  }

  private async curveOf(experiment: ExperimentRecord, trial: TrialRecord): Promise<TrialCurve | undefined> {
    const metric = experiment.manifest.spec.objective.objectiveMetricName;
    switch (trial.phase) {
      case 'Succeeded':
        return { trialName: trial.name, status: 'completed', points: trial.curve ?? [] };
      case 'EarlyStopped':
        return { trialName: trial.name, status: 'stopped', points: trial.curve ?? [] };
      case 'Running':
        return {
          trialName: trial.name,
          status: 'running',
          points: objectiveCurve(await this.observations.read(experiment.ref, trial.name), metric),
        };
      default:
        return undefined;
    }
  }
}
