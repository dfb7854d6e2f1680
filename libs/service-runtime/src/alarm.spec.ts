import { jest } from '@jest/globals';
import { Alarm } from './alarm';

describe('Alarm', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-03-02T15:00:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  /** A worker whose look says the next round is due `nextInMs` after each round (Infinity: nothing open). */
  const worker = (nextInMs: () => number, during?: (alarm: Alarm) => void) => {
    const rounds: number[] = [];
    const errors: unknown[] = [];
    let release: (() => void) | undefined;
    const alarm: Alarm = new Alarm(
      async () => {
        rounds.push(Date.now());
        during?.(alarm);
        if (release === undefined && blocking) await new Promise<void>((r) => (release = r));
        return Date.now() + nextInMs();
      },
      { now: () => Date.now(), minGapMs: 100, onError: (e) => errors.push(e), retryMs: 1000 },
    );
    let blocking = false;
    return {
      alarm,
      rounds,
      errors,
      block: () => (blocking = true),
      release: () => {
        blocking = false;
        release?.();
      },
    };
  };
  const at = (ms: number) => Date.parse('2026-03-02T15:00:00.000Z') + ms;

  it('sleeps until the moment its round names, and not at all when nothing is open', async () => {
    const { alarm, rounds } = worker(() => 5000);
    alarm.wake();
    await alarm.settled();
    expect(rounds).toEqual([at(0)]);
    await jest.advanceTimersByTimeAsync(4999);
    expect(rounds).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds).toEqual([at(0), at(5000)]);

    const idle = worker(() => Number.POSITIVE_INFINITY);
    idle.alarm.wake();
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(idle.rounds).toHaveLength(1);
    await alarm.stop();
  });

  it('wakes sooner when asked, keeps the sooner of two asks, and never runs two rounds at once', async () => {
    const { alarm, rounds, block, release } = worker(() => 60_000);
    alarm.wakeBy(at(3000));
    alarm.wakeBy(at(8000)); // later than the one asked: changes nothing
    await jest.advanceTimersByTimeAsync(3000);
    expect(rounds).toEqual([at(3000)]);

    block();
    alarm.wakeBy(at(4000));
    await jest.advanceTimersByTimeAsync(1000);
    expect(rounds).toEqual([at(3000), at(4000)]);
    // Asked while the round runs: no second round meanwhile, and the next one comes by the ask, not the round's 60 s.
    alarm.wake();
    alarm.wakeBy(at(7000));
    await jest.advanceTimersByTimeAsync(500);
    expect(rounds).toHaveLength(2);
    release();
    await alarm.settled();
    await jest.advanceTimersByTimeAsync(100); // the gap after the round
    expect(rounds).toEqual([at(3000), at(4000), at(4600)]);
    await alarm.stop();
  });

  it('keeps the gap after a round whose work is due again at once, and retries a round that threw', async () => {
    let fail = false;
    const errors: unknown[] = [];
    const rounds: number[] = [];
    const alarm = new Alarm(
      async () => {
        rounds.push(Date.now());
        if (fail) throw new Error('database away');
        return Date.now(); // always due: could not settle it
      },
      { now: () => Date.now(), minGapMs: 100, onError: (e) => errors.push(e), retryMs: 1000 },
    );
    alarm.wake();
    await jest.advanceTimersByTimeAsync(1000);
    expect(rounds.length).toBeLessThanOrEqual(11);
    expect(rounds.length).toBeGreaterThanOrEqual(10);
    fail = true;
    const before = rounds.length;
    await jest.advanceTimersByTimeAsync(2100);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(rounds.length - before).toBeLessThanOrEqual(3); // one a second, not one per gap
    await alarm.stop();
    const stopped = rounds.length;
    alarm.wake();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(rounds).toHaveLength(stopped);
  });
});
