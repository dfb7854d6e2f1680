import type { Position, StoredEvent, Subscription, SubscriptionOptions } from './event-store.port';
import { startOfAll } from './event-store.port';

export interface Page {
  events: StoredEvent[];
  /** The last position read, matching or not; undefined when nothing was there. */
  scannedTo?: Position;
  /** How many rows were read (matching or not): fewer than the page size means the end for now. */
  scanned: number;
  /**
   * Whether events past the end read are held back (behind a transaction still open, which may end without a
   * notification); undefined where the source cannot tell, which then polls at pollIntervalMs.
   */
  heldBack?: boolean;
}

export interface PollingSource {
  options: SubscriptionOptions;
  pageSize: number;
  /** How soon a caught-up subscription looks again when events may be held back. */
  pollIntervalMs: number;
  /** How long it waits for a notification when the source says nothing is held back (a lost one's bound). */
  idlePollMs?: number;
  /** Up to `limit` events after `after` in the global order, the matching ones, and how far the read got. */
  readPage(after: Position, limit: number): Promise<Page>;
  endOfAll(): Promise<Position>;
  loadCheckpoint(name: string): Promise<Position | undefined>;
  saveCheckpoint(name: string, position: Position): Promise<void>;
  /** Registers a callback run when new events may be there; returns the unregister function. */
  onWake(wake: () => void): () => void;
}

/**
 * A catch-up subscription that reads pages of the global order after its position and then waits
 * for a notification: at most the poll interval while events are held back (or the source cannot tell), at most
 * idlePollMs when nothing is. A named one saves its checkpoint after each page (or at most
 * every checkpointEveryMs), so a restart resumes there (handlers are idempotent by event id). A handler
 * failure is reported and the page taken again after a pause: the subscription never stops on its own.
 */
export class PollingSubscription implements Subscription {
  private current?: Position;
  private stopped = false;
  private wake?: () => void;
  private readonly unregister: () => void;
  private readonly loop: Promise<void>;
  private readsStarted = 0;
  private woken = false;
  private readonly waiters: { after: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private failure?: unknown;
  private started = false;

  constructor(private readonly source: PollingSource) {
    if (!source.options.onEvent === !source.options.onEvents)
      throw new Error('a subscription takes onEvent or onEvents, one of them');
    this.unregister = source.onWake(() => this.nudge());
    this.loop = this.run();
  }

  get position(): Position | undefined {
    return this.current;
  }

  /** Resolves once everything stored before the call is handled; rejects if the handler fails on the way. */
  caughtUp(): Promise<void> {
    return new Promise((resolve, reject) => {
      // An empty read that starts after this call proves everything stored before it was handled.
      this.waiters.push({ after: this.readsStarted + 1, resolve, reject });
      this.nudge();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.nudge();
    this.unregister();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { options } = this.source;
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.follow();
        return;
      } catch (error) {
        // Never stops on a failure: it is reported, the same page is read again after a pause, and the rest
        // waits behind it (a handler skips, and reports, an event it can never handle).
        failures++;
        this.failure = error;
        for (const waiter of this.waiters.splice(0)) waiter.reject(error);
        options.onError?.(error);
        await this.sleep(Math.min(this.source.pollIntervalMs, 200 * 2 ** Math.min(failures - 1, 6), 10_000));
      }
    }
  }

  private async follow(): Promise<void> {
    const { options } = this.source;
    if (this.current === undefined && !this.started) {
      const saved = options.name ? await this.source.loadCheckpoint(options.name) : undefined;
      this.current =
        saved ??
        (options.from === 'end'
          ? await this.source.endOfAll()
          : options.from && options.from !== 'start'
            ? options.from
            : undefined);
      this.started = true;
    }
    while (!this.stopped) {
      this.woken = false;
      const startedAs = ++this.readsStarted;
      const page = await this.source.readPage(this.current ?? startOfAll, this.source.pageSize);
      let handledAll = true;
      if (options.onEvents) {
        if (page.events.length > 0) {
          await options.onEvents(page.events);
          this.current = page.events[page.events.length - 1]!.position;
        }
      } else {
        for (const event of page.events) {
          if (this.stopped) {
            handledAll = false;
            break;
          }
          await options.onEvent!(event);
          this.current = event.position;
        }
      }
      this.failure = undefined;
      // Events that did not match the filter are passed over too, so the checkpoint moves past them.
      if (handledAll && page.scannedTo) this.current = page.scannedTo;
      if (options.name && page.scanned > 0 && this.current) await this.checkpoint(false);
      if (page.scanned === 0) {
        for (const waiter of this.waiters.splice(0)) {
          if (waiter.after <= startedAs) waiter.resolve();
          else this.waiters.push(waiter);
        }
      }
      // Someone waits for an empty read (caughtUp): it comes at once rather than after the wait.
      if (page.scanned < this.source.pageSize && !this.stopped && this.waiters.length === 0) {
        // Caught up: a checkpoint not yet saved is saved when its interval is over, busy or not.
        const every = options.checkpointEveryMs ?? 0;
        const quiet = page.heldBack === false && this.source.idlePollMs !== undefined;
        const wait = quiet ? this.source.idlePollMs! : this.source.pollIntervalMs;
        await this.sleep(Math.min(wait, this.unsaved ? Math.max(0, every - (Date.now() - this.savedAt)) : wait));
        if (this.unsaved && Date.now() - this.savedAt >= every) await this.checkpoint(true);
      }
    }
    if (this.unsaved) await this.checkpoint(true); // and on the way out
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('subscription stopped'));
  }

  private savedAt = 0;
  private unsaved = false;

  private async checkpoint(final: boolean): Promise<void> {
    const every = this.source.options.checkpointEveryMs ?? 0;
    this.unsaved = true;
    if (!final && every > 0 && Date.now() - this.savedAt < every) return;
    if (!this.current || !this.source.options.name) return;
    await this.source.saveCheckpoint(this.source.options.name, this.current);
    this.savedAt = Date.now();
    this.unsaved = false;
  }

  private nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wake = done;
    });
  }
}
