import { describe, expect, it } from '@jest/globals';
import { identityFromStat, processIdentity } from './process-identity.js';
import { TrialLauncher } from './trial-launcher.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('TrialLauncher', () => {
  it('runs the program in a process of its own, relaying its output in order and then its exit', async () => {
    const launcher = new TrialLauncher();
    const chunks: string[] = [];
    const launched = await launcher.launch('sh', ['-c', 'echo one; echo two >&2; exit 3'], { env: { PATH: process.env.PATH } }, (stream, chunk) =>
      chunks.push(`${stream}:${chunk.toString()}`),
    );
    expect(launched.pid).toEqual(expect.any(Number));
    expect(launched.pid).not.toBe(launcher.pid);
    expect(await launched.closed).toEqual({ exitCode: 3, signal: null });
    expect(chunks.join('')).toContain('stdout:one\n');
    expect(chunks.join('')).toContain('stderr:two\n');
    expect(launched.ended).toBe(true);
    // Read before the launcher reaped it: the identity of a process that is already gone.
    expect(identityFromStat(launched.stat)).toEqual(expect.stringMatching(/:\d+$/));
    process.kill(launcher.pid as number, 'SIGTERM');
  });

  it('throws what spawn throws for arguments the OS cannot be given', async () => {
    const launcher = new TrialLauncher();
    const refusal = await launcher.launch('echo', ['a\u0000b'], {}, () => {}).catch((error: NodeJS.ErrnoException) => error);
    expect(refusal).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE', message: expect.stringMatching(/null bytes/) });
    process.kill(launcher.pid as number, 'SIGTERM');
  });

  it('starts the trial in its own process group, which a stop signals whole', async () => {
    const launcher = new TrialLauncher();
    const launched = await launcher.launch('sh', ['-c', 'sleep 30 & wait'], {}, () => {});
    const pid = launched.pid as number;
    expect(processIdentity(pid)).toBe(identityFromStat(launched.stat));
    process.kill(-pid, 'SIGTERM');
    expect((await launched.closed).signal).toBe('SIGTERM');
    process.kill(launcher.pid as number, 'SIGTERM');
  });

  it('kills and fails the trials of a launcher that died, and starts a new one for the next trial', async () => {
    const lost: number[] = [];
    const launcher = new TrialLauncher((pid) => {
      lost.push(pid);
      process.kill(-pid, 'SIGKILL');
    });
    const launched = await launcher.launch('sleep', ['30'], {}, () => {});
    const first = launcher.pid as number;
    process.kill(first, 'SIGKILL');
    expect(await launched.closed).toEqual({ exitCode: null, signal: null, error: 'the trial launcher process exited while the trial ran' });
    expect(lost).toEqual([launched.pid]);
    for (let i = 0; i < 100 && alive(launched.pid as number); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive(launched.pid as number)).toBe(false);
    const next = await launcher.launch('true', [], {}, () => {});
    expect(await next.closed).toEqual({ exitCode: 0, signal: null });
    expect(launcher.pid).not.toBe(first);
    process.kill(launcher.pid as number, 'SIGTERM');
  });
});
