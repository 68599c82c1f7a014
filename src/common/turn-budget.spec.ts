import { describe, expect, it } from '@jest/globals';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TurnBudget } from './turn-budget.js';

/** A clock each piece of work moves on by its own cost, as synchronous work moves the real one. */
function steppedClock() {
  let now = 0;
  return { now: () => now, spend: (ms: number) => (now += ms) };
}

describe('TurnBudget', () => {
  it('runs work at once while the turn has budget, and the rest on later turns, in order', async () => {
    const clock = steppedClock();
    const budget = new TurnBudget(5, clock.now);
    const ran: number[] = [];
    const done = Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        budget.run(() => {
          clock.spend(2);
          ran.push(i);
          return i;
        }),
      ),
    );
    // Three pieces fit in this turn (0, 2 and 4 ms spent before each began); the others wait for later turns.
    expect(ran).toEqual([0, 1, 2]);
    await nextTurn();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5]);
    await nextTurn();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await done).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('starts each turn with a fresh budget', async () => {
    const clock = steppedClock();
    const budget = new TurnBudget(5, clock.now);
    await budget.run(() => clock.spend(10));
    await nextTurn();
    let ranAtOnce = false;
    const next = budget.run(() => (ranAtOnce = true));
    expect(ranAtOnce).toBe(true);
    await next;
  });

  it('keeps order: work that arrives while earlier work waits queues behind it', async () => {
    const clock = steppedClock();
    const budget = new TurnBudget(1, clock.now);
    const order: string[] = [];
    const first = budget.run(() => {
      clock.spend(5);
      order.push('first');
    });
    const second = budget.run(() => order.push('second'));
    await nextTurn();
    const third = budget.run(() => order.push('third'));
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('passes on what the work returns, resolves or throws', async () => {
    const budget = new TurnBudget(5);
    await expect(budget.run(async () => 'made')).resolves.toBe('made');
    await expect(
      budget.run(() => {
        throw new Error('mkdir failed');
      }),
    ).rejects.toThrow('mkdir failed');
    await expect(budget.run(() => Promise.reject(new Error('rm failed')))).rejects.toThrow('rm failed');
  });
});
