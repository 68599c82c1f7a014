/** The parts of the API's Katib-shaped responses the demo prints. */
interface Metric {
  name: string;
  min: string;
  max: string;
  latest: string;
}
interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface TrialSnapshot {
  metadata: { name: string };
  spec: { parameterAssignments: { name: string; value: string }[] };
  status: { conditions: Condition[]; observation?: { metrics: Metric[] } };
}
export interface ExperimentSnapshot {
  spec: { maxTrialCount?: number; objective: { objectiveMetricName: string; type: string } };
  status: {
    conditions: Condition[];
    trials: number;
    trialsRunning: number;
    currentOptimalTrial: { bestTrialName: string; parameterAssignments: { name: string; value: string }[]; observation: { metrics: Metric[] } };
  };
  trials: TrialSnapshot[];
}

const TERMINAL = ['Succeeded', 'Failed', 'MetricsUnavailable', 'EarlyStopped', 'Killed'];

function phaseOf(trial: TrialSnapshot): string {
  return trial.status.conditions.find((c) => c.status === 'True' && TERMINAL.includes(c.type))?.type ?? 'Running';
}

function formatValue(value: string): string {
  const number = Number(value);
  return Number.isFinite(number) && !Number.isInteger(number) ? number.toPrecision(4) : value;
}

function describeAssignments(assignments: { name: string; value: string }[]): string {
  return assignments.map((a) => `${a.name}=${formatValue(a.value)}`).join(' ');
}

/** Prints each trial once when it finishes, then the best trial when the experiment completes. */
export class ProgressReporter {
  private readonly reported = new Set<string>();

  constructor(private readonly print: (line: string) => void) {}

  /** Returns true once the experiment has completed. */
  update(experiment: ExperimentSnapshot): boolean {
    const budget = experiment.spec.maxTrialCount ?? '∞';
    for (const trial of experiment.trials) {
      const phase = phaseOf(trial);
      if (!TERMINAL.includes(phase) || this.reported.has(trial.metadata.name)) continue;
      this.reported.add(trial.metadata.name);
      const metrics = (trial.status.observation?.metrics ?? []).map((m) => `${m.name}=${formatValue(m.latest)}`).join(' ');
      this.print(
        `[${String(this.reported.size).padStart(2)}/${budget}] ${trial.metadata.name} ${phase.padEnd(10)} ${metrics.padEnd(34)} ${describeAssignments(trial.spec.parameterAssignments)}`,
      );
    }
    const done = experiment.status.conditions.find((c) => ['Succeeded', 'Failed', 'Stopped'].includes(c.type) && c.status === 'True');
    if (!done) return false;
    this.print(`\nexperiment ${done.type}: ${done.message}`);
    const best = experiment.status.currentOptimalTrial;
    if (best.bestTrialName) {
      this.print(`best trial: ${best.bestTrialName}`);
      this.print(`  parameters: ${describeAssignments(best.parameterAssignments)}`);
      for (const metric of best.observation.metrics) {
        this.print(`  ${metric.name}: latest=${formatValue(metric.latest)} min=${formatValue(metric.min)} max=${formatValue(metric.max)}`);
      }
    } else {
      this.print('no trial reported the objective metric');
    }
    return true;
  }
}
