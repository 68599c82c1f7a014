import { describe, expect, it } from '@jest/globals';
import { judgeTrial, type TrialOutcome } from './trial-verdict.js';

const ok: TrialOutcome = {
  exit: { exitCode: 0, signal: null },
  metrics: [{ name: 'loss', min: 1, max: 2, latest: 1 }],
  objectiveMetricName: 'loss',
  lastErrorLines: [],
};

describe('judgeTrial', () => {
  it('succeeds when the process exits 0 having reported the objective', () => {
    expect(judgeTrial(ok).phase).toBe('Succeeded');
  });

  it('is MetricsUnavailable when the objective never appeared', () => {
    expect(judgeTrial({ ...ok, metrics: [{ name: 'accuracy', min: 1, max: 1, latest: 1 }] })).toEqual({
      phase: 'MetricsUnavailable',
      reason: 'MetricsUnavailable',
      message: 'objective metric "loss" was never reported',
    });
  });

  it('fails on a non-zero exit, quoting the last stderr line', () => {
    expect(judgeTrial({ ...ok, exit: { exitCode: 2, signal: null }, lastErrorLines: ['a', 'CUDA out of memory'] }).message).toBe(
      'exited with code 2: CUDA out of memory',
    );
  });

  it('fails when killed by a signal it was not sent by us', () => {
    expect(judgeTrial({ ...ok, exit: { exitCode: null, signal: 'SIGSEGV' } }).message).toBe('was terminated by SIGSEGV');
  });

  it('fails with the executor\'s reason when the workload ended without an exit code of its own', () => {
    expect(judgeTrial({ ...ok, exit: { exitCode: null, signal: null, error: 'ErrImagePull: image "nope:latest" not found' } })).toEqual({
      phase: 'Failed',
      reason: 'TrialFailed',
      message: 'ErrImagePull: image "nope:latest" not found',
    });
  });

  it('is Killed when the service stopped it, whatever the exit', () => {
    expect(judgeTrial({ ...ok, stopCause: { kind: 'killed' }, exit: { exitCode: null, signal: 'SIGTERM' } }).phase).toBe('Killed');
  });

  it('is EarlyStopped with the rule\'s reason when a rule stopped it', () => {
    expect(
      judgeTrial({ ...ok, stopCause: { kind: 'early-stopped', reason: 'worse than the median at step 4' }, exit: { exitCode: null, signal: 'SIGTERM' } }),
    ).toEqual({ phase: 'EarlyStopped', reason: 'TrialEarlyStopped', message: 'worse than the median at step 4' });
  });

  it("carries the rule's forecast of the trial's final value onto the EarlyStopped verdict", () => {
    const stopCause = { kind: 'early-stopped', reason: 'curve fits forecast 0.4', forecast: 0.41 } as const;
    expect(judgeTrial({ ...ok, stopCause, exit: { exitCode: null, signal: 'SIGTERM' } })).toEqual({
      phase: 'EarlyStopped',
      reason: 'TrialEarlyStopped',
      message: 'curve fits forecast 0.4',
      forecast: 0.41,
    });
  });
});
