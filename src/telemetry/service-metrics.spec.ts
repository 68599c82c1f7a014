import { describe, expect, it } from '@jest/globals';
import { ServiceMetrics } from './service-metrics.js';

async function valueOf(metrics: ServiceMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))?.value;
}

describe('ServiceMetrics', () => {
  it("counts each final trial phase under Katib's name, or kubetune's where Katib has none, and ignores active phases", async () => {
    const metrics = new ServiceMetrics();
    for (const phase of ['Succeeded', 'Failed', 'Failed', 'MetricsUnavailable', 'EarlyStopped', 'Killed', 'Running', 'Created'] as const) {
      metrics.trialEnded('team-a', phase);
    }
    const ns = { namespace: 'team-a' };
    expect(await valueOf(metrics, 'katib_trial_succeeded_total', ns)).toBe(1);
    expect(await valueOf(metrics, 'katib_trial_failed_total', ns)).toBe(2);
    expect(await valueOf(metrics, 'katib_trial_metrics_unavailable_total', ns)).toBe(1);
    expect(await valueOf(metrics, 'kubetune_trial_early_stopped_total', ns)).toBe(1);
    expect(await valueOf(metrics, 'kubetune_trial_killed_total', ns)).toBe(1);
  });

  it('counts experiment completions by condition and a deletion with its trials', async () => {
    const metrics = new ServiceMetrics();
    metrics.experimentCompleted('default', 'Succeeded');
    metrics.experimentCompleted('default', 'Failed');
    metrics.experimentCompleted('default', 'Stopped');
    metrics.experimentDeleted('default', 5);
    const ns = { namespace: 'default' };
    expect(await valueOf(metrics, 'katib_experiment_succeeded_total', ns)).toBe(1);
    expect(await valueOf(metrics, 'katib_experiment_failed_total', ns)).toBe(1);
    expect(await valueOf(metrics, 'kubetune_experiment_stopped_total', ns)).toBe(1);
    expect(await valueOf(metrics, 'katib_experiment_deleted_total', ns)).toBe(1);
    expect(await valueOf(metrics, 'katib_trial_deleted_total', ns)).toBe(5);
  });

  it('keeps one registry per instance, so two services in one process do not collide', () => {
    expect(() => [new ServiceMetrics(), new ServiceMetrics()]).not.toThrow();
    expect(new ServiceMetrics().registry).not.toBe(new ServiceMetrics().registry);
  });
});
