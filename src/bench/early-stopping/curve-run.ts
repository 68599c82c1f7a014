import type { EarlyStoppingDecision, EarlyStoppingRule, TrialCurve } from '../../../algorithms/early-stopping/types.js';
import type {
  AlgorithmSettings,
  Assignment,
  HistoryEntry,
  SearchAlgorithm,
  SearchSpace,
} from '../../../algorithms/types.js';

/** A learning-curve problem: what a trial reports after each epoch, minimised. */
export interface CurveProblem {
  name: string;
  /** The objective after `epoch` (1-based) epochs of training with `assignment`. */
  valueAt: (assignment: Assignment, epoch: number) => number;
  /** A full trial's epochs; only trials that ran this many count for the result. */
  fullEpochs: number;
  optimum: number;
  /** The final value regret counts (e.g. without a noisy problem's noise); the reported last value when absent. */
  trueFinal?: (assignment: Assignment) => number;
}

export interface CurveRunRequest {
  problem: CurveProblem;
  search: SearchAlgorithm;
  searchSettings: AlgorithmSettings;
  /** The space the search algorithm sees (hyperband's has the resource parameter). */
  space: SearchSpace;
  rule?: { rule: EarlyStoppingRule; settings: Record<string, string> };
  /** Epochs a trial is told to run: the full count, or the budget hyperband put in its assignment. */
  epochsOf: (assignment: Assignment) => number;
  seed: number;
  /** Trials running at once (the experiment's parallelTrialCount). */
  parallel: number;
  /** New trials start until this many epochs are spent; a stopped trial's epochs count. */
  budgetEpochs: number;
  /**
   * What the search learns of a stopped trial: its best value so far (`best`,
   * the service's default metric strategy), or the rule's forecast of its
   * final value where the rule gave one (`forecast`).
   */
  stoppedValue?: 'best' | 'forecast';
}

export interface CurveRunResult {
  steps: number;
  trials: number;
  stopped: number;
  /** Best reported final value among trials that ran all `fullEpochs` epochs; null when none did. */
  best_final: number | null;
  /** The true final value of that trial (problem.trueFinal, or its reported one) minus the optimum. */
  regret: number | null;
}

interface SimulatedTrial {
  curve: TrialCurve & { assignment: Assignment };
  epochs: number;
  /** The rule's forecast when it stopped the trial, if it gave one. */
  forecast?: number;
}

/**
 * Runs an experiment the way the service does, in process and epoch by epoch:
 * up to `parallel` trials train at once, each advancing one epoch per round in
 * the order they started (so parallel trials interleave as on equal workers);
 * after every epoch the trial reports its value and the early-stopping rule
 * decides on it, seeing every other trial's curve so far. Free slots are
 * filled between rounds by asking the search algorithm, which sees running
 * trials as pending and finished or stopped ones with their best value (the
 * service's default `min` metric strategy). With `parallel` 1 this is the
 * sequential protocol of ../shared/bench/optuna_peer.py.
 */
export function runCurveBenchmark(request: CurveRunRequest): CurveRunResult {
  const { problem, search, searchSettings, space, rule, epochsOf, seed, parallel, budgetEpochs } = request;
  const learnFrom = request.stoppedValue === 'forecast' ? historyEntryWithForecast : historyEntryOf;
  const trials: SimulatedTrial[] = [];
  let state: unknown;
  let spent = 0;

  const startTrials = (): void => {
    const running = trials.filter((t) => t.curve.status === 'running').length;
    const wanted = parallel - running;
    if (wanted <= 0 || spent >= budgetEpochs) return;
    const result = search.suggest({
      space,
      direction: 'minimize',
      history: trials.map(learnFrom),
      count: wanted,
      settings: searchSettings,
      seed,
      state,
    });
    state = result.state;
    if (result.assignments.length === 0 && running === 0 && !result.exhausted) {
      throw new Error(`${search.name} proposed nothing while no trial runs and it is not exhausted`);
    }
    for (const assignment of result.assignments.slice(0, wanted)) {
      const name = `trial-${trials.length}`;
      const curve = { trialName: name, status: 'running' as const, points: [], assignment };
      trials.push({ curve, epochs: epochsOf(assignment) });
    }
  };

  for (startTrials(); trials.some((t) => t.curve.status === 'running'); startTrials()) {
    for (const trial of trials.filter((t) => t.curve.status === 'running')) {
      const epoch = trial.curve.points.length + 1;
      trial.curve.points.push({ step: epoch, value: problem.valueAt(trial.curve.assignment, epoch) });
      spent++;
      if (epoch >= trial.epochs) trial.curve.status = 'completed';
      else if (rule) {
        const decision = decide(trial, trials, rule);
        if (decision.stop) [trial.curve.status, trial.forecast] = ['stopped', decision.forecast];
      }
    }
  }

  // The trial a user would pick: the best reported final value among full-length trials.
  const chosen = trials
    .filter((t) => t.curve.status === 'completed' && t.epochs >= problem.fullEpochs)
    .reduce<SimulatedTrial | undefined>((best, t) => (best && finalOf(best) <= finalOf(t) ? best : t), undefined);
  const trueFinal = chosen && (problem.trueFinal?.(chosen.curve.assignment) ?? finalOf(chosen));
  return {
    steps: spent,
    trials: trials.length,
    stopped: trials.filter((t) => t.curve.status === 'stopped').length,
    best_final: chosen ? finalOf(chosen) : null,
    regret: trueFinal === undefined ? null : trueFinal - problem.optimum,
  };
}

function finalOf(trial: SimulatedTrial): number {
  return trial.curve.points.at(-1)!.value;
}

function decide(
  trial: SimulatedTrial,
  trials: readonly SimulatedTrial[],
  { rule, settings }: NonNullable<CurveRunRequest['rule']>,
): EarlyStoppingDecision {
  const others = trials.filter((t) => t !== trial && t.curve.points.length > 0).map((t) => t.curve);
  return rule.shouldStop({ trial: trial.curve, others, direction: 'minimize', settings });
}

function historyEntryWithForecast(trial: SimulatedTrial): HistoryEntry {
  const entry = historyEntryOf(trial);
  return trial.forecast === undefined ? entry : { ...entry, value: trial.forecast };
}

function historyEntryOf({ curve }: SimulatedTrial): HistoryEntry {
  if (curve.status === 'running') return { assignment: curve.assignment, status: 'pending' };
  const best = Math.min(...curve.points.map((point) => point.value));
  return { assignment: curve.assignment, status: 'completed', value: best };
}
