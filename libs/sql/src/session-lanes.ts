/** Which queue a piece of work waits in for a session; see TransactionOptions. */
export type Lane = 'edge' | 'work';

/**
 * One session, taken by one holder at a time, with two queues: a waiter in the edge lane is served before
 * every waiter in the work lane (first come first served within a lane). It cannot preempt the holder: an
 * edge write waits at most for the work that holds the session now (which is why consumer batches on PGlite
 * are kept small: InProcessEventBus).
 */
export class SessionLanes {
  private held = false;
  private readonly waiting: Record<Lane, (() => void)[]> = { edge: [], work: [] };
  private peaks = { heldMs: 0, edgeWaitMs: 0 };

  /** How many are waiting in each lane (for tests and metrics). */
  get queued(): Record<Lane, number> {
    return { edge: this.waiting.edge.length, work: this.waiting.work.length };
  }

  /** The longest the session was held at once, and the longest an edge waiter waited, since the last call. */
  takePeaks(): { heldMs: number; edgeWaitMs: number } {
    const peaks = this.peaks;
    this.peaks = { heldMs: 0, edgeWaitMs: 0 };
    return peaks;
  }

  async run<T>(lane: Lane, fn: () => Promise<T>): Promise<T> {
    const asked = performance.now();
    await this.acquire(lane);
    const got = performance.now();
    if (lane === 'edge') this.peaks.edgeWaitMs = Math.max(this.peaks.edgeWaitMs, got - asked);
    try {
      return await fn();
    } finally {
      this.peaks.heldMs = Math.max(this.peaks.heldMs, performance.now() - got);
      this.release();
    }
  }

  private acquire(lane: Lane): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting[lane].push(resolve));
  }

  private release(): void {
    // Handed over on the next turn of the event loop, never straight from one holder's promise chain to the next
    // (PGlite's statements run on this thread): what arrived meanwhile (a webhook's request) is read and gets in
    // line, and timers run, between any two holders.
    setImmediate(() => {
      const next = this.waiting.edge.shift() ?? this.waiting.work.shift();
      if (next) next();
      else this.held = false;
    });
  }
}
