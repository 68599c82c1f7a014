import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrialWorkspace } from './trial-workspace.js';

const root = mkdtempSync(join(tmpdir(), 'kubetune-workspace-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a local trial workspace', () => {
  it("moves the metrics file and every directory above it that the trial names into its fs/, as Katib's TFJob examples pass them", async () => {
    // Katib's tfjob-mnist-with-summaries shape: the collector reads below the directory the trial is given.
    const workspace = await TrialWorkspace.prepare(root, { namespace: 'kubeflow', experimentName: 'tfjob', trialName: 't1', metricsFilePath: '/mnist-with-summaries-logs/test/metrics.log' });
    const fs = join(workspace.dir, 'fs');
    expect(workspace.localPath('--log_dir=/mnist-with-summaries-logs')).toBe(`--log_dir=${fs}/mnist-with-summaries-logs`);
    expect(workspace.localPath('/mnist-with-summaries-logs/test')).toBe(`${fs}/mnist-with-summaries-logs/test`);
    expect(workspace.localPath('--out=/mnist-with-summaries-logs/test/metrics.log')).toBe(`--out=${fs}/mnist-with-summaries-logs/test/metrics.log`);
    // A sibling of the collector's directory is the trial's own business: only its parents and what is below it move.
    expect(workspace.localPath('--train=/mnist-with-summaries-logs/train')).toBe('--train=/mnist-with-summaries-logs/train');
    expect(workspace.metricsFilePath).toBe(`${fs}/mnist-with-summaries-logs/test/metrics.log`);
    expect(statSync(`${fs}/mnist-with-summaries-logs/test`).isDirectory()).toBe(true);
    await workspace.close();
  });

  it("makes a TensorFlowEvent collector's directory itself, as Katib's volume mounted there would be", async () => {
    const workspace = await TrialWorkspace.prepare(root, {
      namespace: 'kubeflow',
      experimentName: 'tfevents',
      trialName: 't3',
      metricsFilePath: '/mnist-with-summaries-logs/test',
      metricsPathKind: 'Directory',
    });
    const fs = join(workspace.dir, 'fs');
    expect(workspace.metricsFilePath).toBe(`${fs}/mnist-with-summaries-logs/test`);
    expect(statSync(`${fs}/mnist-with-summaries-logs/test`).isDirectory()).toBe(true);
    expect(workspace.localPath('--log-path=/mnist-with-summaries-logs')).toBe(`--log-path=${fs}/mnist-with-summaries-logs`);
    await workspace.close();
  });

  it('rewrites only whole paths, never a longer name that starts or ends the same way, nor the root', async () => {
    const workspace = await TrialWorkspace.prepare(root, { namespace: 'default', experimentName: 'file', trialName: 't2', metricsFilePath: '/var/log/katib/metrics.log' });
    const fs = join(workspace.dir, 'fs');
    expect(workspace.localPath('--dir=/var/log/katib')).toBe(`--dir=${fs}/var/log/katib`);
    expect(workspace.localPath('/var/log')).toBe(`${fs}/var/log`);
    for (const untouched of ['/var/logger', '/opt/var/log/katib', '/var/log/katibx', '/var', '/', 'var/log/katib', '--lr=0.1']) {
      expect(workspace.localPath(untouched)).toBe(untouched);
    }
    await workspace.close();
  });

  it("gives a PBT trial its own checkpoint directory where the template names suggestion_trial_dir, seeded from its parent's", async () => {
    const checkpoint = { containerPath: '/var/log/katib/checkpoints/' };
    const launch = { namespace: 'kubeflow', experimentName: 'simple-pbt', checkpoint };
    const parent = await TrialWorkspace.prepare(root, { ...launch, trialName: 'parent' });
    const parentDir = join(parent.dir, 'checkpoint');
    expect(parent.checkpointDir).toBe(parentDir);
    expect(statSync(parentDir).isDirectory()).toBe(true);
    expect(parent.localPath('--checkpoint=/var/log/katib/checkpoints/')).toBe(`--checkpoint=${parentDir}/`);
    expect(parent.localPath('/var/log/katib/checkpoints')).toBe(parentDir);
    expect(parent.localPath('/var/log/katib/checkpoints/training.ckpt')).toBe(`${parentDir}/training.ckpt`);
    for (const untouched of ['/var/log/katib', '/var/log/katib/checkpoints2', '/opt/var/log/katib/checkpoints']) expect(parent.localPath(untouched)).toBe(untouched);
    writeFileSync(join(parentDir, 'training.ckpt'), 'step 20');
    writeFileSync(join(parent.dir, 'scratch'), 'x');
    await parent.close();
    // A succeeded trial's directory is discarded, but for the checkpoint its children start from.
    await parent.remove();
    expect(existsSync(join(parent.dir, 'scratch'))).toBe(false);
    expect(existsSync(join(parent.dir, 'output.log'))).toBe(false);

    const child = await TrialWorkspace.prepare(root, { ...launch, trialName: 'child', checkpoint: { ...checkpoint, parentTrialName: 'parent' } });
    expect(readFileSync(join(child.checkpointDir!, 'training.ckpt'), 'utf8')).toBe('step 20');
    writeFileSync(join(child.checkpointDir!, 'training.ckpt'), 'step 40');
    expect(readFileSync(join(parentDir, 'training.ckpt'), 'utf8')).toBe('step 20');
    await child.close();

    await expect(
      TrialWorkspace.prepare(root, { ...launch, trialName: 'orphan', checkpoint: { ...checkpoint, parentTrialName: 'elsewhere' } }),
    ).rejects.toThrow(/checkpoint of parent trial "elsewhere" is not on this machine/);
  });

  it('moves the checkpoint directory before the metrics file rules when both sit under one directory', async () => {
    const workspace = await TrialWorkspace.prepare(root, {
      namespace: 'default', experimentName: 'both', trialName: 't3', metricsFilePath: '/var/log/katib/metrics.log', checkpoint: { containerPath: '/var/log/katib/ckpt' },
    });
    expect(workspace.localPath('--ckpt=/var/log/katib/ckpt')).toBe(`--ckpt=${workspace.dir}/checkpoint`);
    expect(workspace.localPath('--log=/var/log/katib/metrics.log')).toBe(`--log=${workspace.dir}/fs/var/log/katib/metrics.log`);
    await workspace.close();
  });
});
