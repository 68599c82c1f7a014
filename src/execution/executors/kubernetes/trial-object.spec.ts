import { describe, expect, it } from '@jest/globals';
import type { TrialLaunch } from '../trial-executor.js';
import { renderTrialObject } from './trial-object.js';

const pod = (env?: { name: string; value: string }[]) => ({
  spec: { containers: [{ name: 'pytorch', image: 'trainer', ...(env && { env }) }, { name: 'sidecar', image: 'proxy' }] },
});

function launch(trialSpec: Record<string, unknown>, overrides: Partial<TrialLaunch> = {}): TrialLaunch {
  return {
    trialName: 'exp-abc',
    namespace: 'team-a',
    experimentName: 'exp',
    trialSpec,
    primaryContainerName: 'pytorch',
    env: { KATIB_TRIAL_NAME: 'exp-abc', LR: '0.5' },
    ...overrides,
  };
}

const pytorchJob = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'PyTorchJob',
  metadata: { labels: { team: 'vision' } },
  spec: { pytorchReplicaSpecs: { Master: { replicas: 1, template: pod([{ name: 'LR', value: '0.1' }]) }, Worker: { replicas: 2, template: pod() } } },
};

describe('renderTrialObject', () => {
  it('names the object after the trial in its namespace and labels it and every pod template with experiment and trial', () => {
    const object = renderTrialObject(launch(pytorchJob)) as typeof pytorchJob & { metadata: Record<string, unknown> };
    expect(object.metadata).toEqual({
      name: 'exp-abc',
      namespace: 'team-a',
      labels: { team: 'vision', 'kubetune.io/experiment': 'exp', 'kubetune.io/trial': 'exp-abc' },
    });
    for (const replica of Object.values(object.spec.pytorchReplicaSpecs)) {
      expect((replica.template as { metadata?: { labels: Record<string, string> } }).metadata?.labels).toEqual({
        'kubetune.io/experiment': 'exp',
        'kubetune.io/trial': 'exp-abc',
      });
    }
  });

  it("adds the trial's identity to every primary container, keeping what the template declares", () => {
    const object = renderTrialObject(launch(pytorchJob)) as typeof pytorchJob;
    const [master, sidecar] = object.spec.pytorchReplicaSpecs.Master.template.spec.containers as { env?: unknown[] }[];
    expect(master.env).toEqual([
      { name: 'LR', value: '0.1' },
      { name: 'KATIB_TRIAL_NAME', value: 'exp-abc' },
    ]);
    expect(sidecar.env).toBeUndefined();
    expect((object.spec.pytorchReplicaSpecs.Worker.template.spec.containers[0] as { env?: unknown[] }).env).toHaveLength(2);
  });

  it("takes the Kueue queue from the experiment's labels unless the template names one", () => {
    const queued = renderTrialObject(launch(pytorchJob, { experimentLabels: { 'kueue.x-k8s.io/queue-name': 'gpu' } }));
    expect((queued.metadata as { labels: Record<string, string> }).labels['kueue.x-k8s.io/queue-name']).toBe('gpu');
    const own = { ...pytorchJob, metadata: { labels: { 'kueue.x-k8s.io/queue-name': 'team-queue' } } };
    const kept = renderTrialObject(launch(own, { experimentLabels: { 'kueue.x-k8s.io/queue-name': 'gpu' } }));
    expect((kept.metadata as { labels: Record<string, string> }).labels['kueue.x-k8s.io/queue-name']).toBe('team-queue');
  });

  it('leaves the template itself untouched', () => {
    const before = JSON.stringify(pytorchJob);
    renderTrialObject(launch(pytorchJob));
    expect(JSON.stringify(pytorchJob)).toBe(before);
  });

  it("mounts the checkpoint claim as Katib's webhook does for suggestion_trial_dir, and seeds a PBT child from its parent's directory", () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', spec: { template: pod() } };
    const checkpoint = { containerPath: '/var/log/katib/checkpoints/' };
    const founder = renderTrialObject(launch(job, { checkpoint })) as typeof job;
    const spec = founder.spec.template.spec as Record<string, any>;
    expect(spec.volumes).toEqual([{ name: 'suggestion-volume', persistentVolumeClaim: { claimName: 'exp-pbt' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'suggestion-volume', mountPath: '/var/log/katib/checkpoints/', subPath: 'exp/exp-abc' }]);
    expect(spec.containers[1].volumeMounts).toBeUndefined();
    expect(spec.initContainers).toBeUndefined();

    const child = renderTrialObject(launch(job, { checkpoint: { ...checkpoint, parentTrialName: 'exp-parent' } })) as typeof job;
    const [seed] = (child.spec.template.spec as Record<string, any>).initContainers;
    expect(seed).toEqual({
      name: 'pbt-checkpoint-from-parent',
      image: 'trainer',
      command: ['sh', '-c', 'rm -rf "/opt/katib/data/exp/exp-abc" && mkdir -p "/opt/katib/data/exp/exp-abc" && cp -a "/opt/katib/data/exp/exp-parent/." "/opt/katib/data/exp/exp-abc/"'],
      volumeMounts: [{ name: 'suggestion-volume', mountPath: '/opt/katib/data' }],
    });
  });
});
