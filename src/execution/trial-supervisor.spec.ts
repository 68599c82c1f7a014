import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SupervisionClock, type SupervisorChecks, TrialSupervisor } from './trial-supervisor.js';

/** Checks that record what was asked, with a kill flag and a stop the test controls. */
function recordingChecks(name: string, calls: string[]) {
  let killed = false;
  const checks: SupervisorChecks = {
    killRequested: async () => {
      calls.push(name);
      return killed;
    },
    stopWorkload: async () => {
      calls.push(`${name} stopped`);
    },
    warn: (message) => calls.push(`${name} warned: ${message}`),
  };
  return { checks, kill: () => (killed = true) };
}

describe('TrialSupervisor on a shared SupervisionClock', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('checks every supervised trial on the same beat, with one timer for all', async () => {
    const clock = new SupervisionClock(300);
    const calls: string[] = [];
    const a = new TrialSupervisor(recordingChecks('a', calls).checks, clock);
    const b = new TrialSupervisor(recordingChecks('b', calls).checks, clock);
    a.start();
    await jest.advanceTimersByTimeAsync(100);
    b.start();
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(200);
    // b started 200 ms before the beat, and is checked on it with a.
    expect(calls).toEqual(['a', 'b']);
    await jest.advanceTimersByTimeAsync(300);
    expect(calls).toEqual(['a', 'b', 'a', 'b']);
  });

  it('stops checking a disposed trial, and stops the timer once none is left', async () => {
    const clock = new SupervisionClock(300);
    const calls: string[] = [];
    const a = new TrialSupervisor(recordingChecks('a', calls).checks, clock);
    const b = new TrialSupervisor(recordingChecks('b', calls).checks, clock);
    a.start();
    b.start();
    a.dispose();
    await jest.advanceTimersByTimeAsync(300);
    expect(calls).toEqual(['b']);
    b.dispose();
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(900);
    expect(calls).toEqual(['b']);
  });

  it('ends the workload once on a kill request, and records why', async () => {
    const clock = new SupervisionClock(300);
    const calls: string[] = [];
    const watched = recordingChecks('a', calls);
    const supervisor = new TrialSupervisor(watched.checks, clock);
    supervisor.start();
    await jest.advanceTimersByTimeAsync(300);
    expect(supervisor.stopCause).toBeUndefined();
    watched.kill();
    await jest.advanceTimersByTimeAsync(900);
    expect(calls).toEqual(['a', 'a', 'a stopped']);
    expect(supervisor.stopCause).toEqual({ kind: 'killed' });
    supervisor.dispose();
  });

  it('skips a beat while the previous check is still out, and reports a failed check', async () => {
    const clock = new SupervisionClock(300);
    const calls: string[] = [];
    let answer: ((killed: boolean) => void) | undefined;
    let failNext = false;
    const supervisor = new TrialSupervisor(
      {
        killRequested: () => {
          calls.push('asked');
          if (failNext) return Promise.reject(new Error('redis down'));
          return new Promise<boolean>((resolve) => (answer = resolve));
        },
        stopWorkload: async () => {},
        warn: (message) => calls.push(`warned: ${message}`),
      },
      clock,
    );
    supervisor.start();
    await jest.advanceTimersByTimeAsync(900);
    // Three beats, one check: it has not answered yet.
    expect(calls).toEqual(['asked']);
    failNext = true;
    answer?.(false);
    await jest.advanceTimersByTimeAsync(300);
    expect(calls).toEqual(['asked', 'asked', 'warned: redis down']);
    supervisor.dispose();
  });
});
