/**
 * The sleep of a worker that runs in rounds (the gateway's sweep, scheduling's timers, briefing's outbox): a round
 * runs now (`wake`) or by a moment (`wakeBy`), never two at once, and returns the moment its own look says the
 * next one is due; the alarm sleeps until then, or until it is asked for a round sooner. An ask made while a round
 * runs is kept: the next round comes no later than it. A round starts no sooner than `minGapMs` after the previous
 * one ended, so work a round cannot settle (a lock another process holds, the database away) never makes it spin.
 */
export class Alarm {
  private timer?: NodeJS.Timeout;
  private wakeAt = Number.POSITIVE_INFINITY;
  private running?: Promise<void>;
  /** The soonest ask heard while a round ran: the round's own look may have missed what it was for. */
  private askedDuringRound = Number.POSITIVE_INFINITY;
  private endedAt = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly round: () => Promise<number>,
    private readonly options: {
      now: () => number;
      minGapMs: number;
      /** A round that threw: told, and the next round is due after `retryMs`. */
      onError: (error: unknown) => void;
      retryMs?: number;
    },
  ) {}

  /** A round now (or, within the gap after the last one, as soon as the gap allows). */
  wake(): void {
    this.wakeBy(Number.NEGATIVE_INFINITY);
  }

  /** A round no later than `atMs` (ms since the epoch, on the worker's clock); a later moment than one asked already changes nothing. */
  wakeBy(atMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.askedDuringRound = Math.min(this.askedDuringRound, atMs);
      return;
    }
    const at = Math.max(atMs, this.endedAt + this.options.minGapMs);
    if (at >= this.wakeAt) return;
    clearTimeout(this.timer);
    const inMs = at - this.options.now();
    if (inMs <= 0) {
      this.start();
      return;
    }
    this.wakeAt = at;
    // setTimeout holds at most ~24.8 days; a longer sleep just ends in a round that finds nothing due
    this.timer = setTimeout(() => this.start(), Math.min(inMs, 2 ** 31 - 1));
    this.timer.unref();
  }

  /** Resolves once no round is under way (the worker asleep until its next wake). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No round starts from now on; resolves once the one under way (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.settled();
  }

  private start(): void {
    clearTimeout(this.timer);
    this.wakeAt = Number.POSITIVE_INFINITY;
    this.running = this.rounds();
  }

  private async rounds(): Promise<void> {
    let next: number;
    try {
      this.askedDuringRound = Number.POSITIVE_INFINITY;
      try {
        next = await this.round();
      } catch (error) {
        this.options.onError(error);
        next = this.options.now() + (this.options.retryMs ?? 1000);
      }
      this.endedAt = this.options.now();
    } finally {
      this.running = undefined;
    }
    // What was asked during the round counts too; the gap keeps a round that is due again at once from spinning.
    this.wakeBy(Math.min(next, this.askedDuringRound));
  }
}
