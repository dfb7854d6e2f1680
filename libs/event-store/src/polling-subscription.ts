import type { Position, StoredEvent, Subscription, SubscriptionOptions } from './event-store.port';
import { startOfAll } from './event-store.port';

export interface Page {
  events: StoredEvent[];
  /** The last position read, matching or not; undefined when nothing was there. */
  scannedTo?: Position;
  /** How many rows were read (matching or not): fewer than the page size means the end for now. */
  scanned: number;
}

export interface PollingSource {
  options: SubscriptionOptions;
  pageSize: number;
  pollIntervalMs: number;
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
 * for a notification or the poll interval. A named one saves its checkpoint after each page, so a
 * restart resumes there and at most one page is handled again (handlers are idempotent by event id).
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

  constructor(private readonly source: PollingSource) {
    if (!source.options.onEvent === !source.options.onEvents) throw new Error('a subscription takes onEvent or onEvents, one of them');
    this.unregister = source.onWake(() => this.nudge());
    this.loop = this.run();
  }

  get position(): Position | undefined {
    return this.current;
  }

  caughtUp(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
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
    try {
      const saved = options.name ? await this.source.loadCheckpoint(options.name) : undefined;
      this.current = saved ?? (options.from === 'end' ? await this.source.endOfAll()
        : options.from && options.from !== 'start' ? options.from : undefined);
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
        // Events that did not match the filter are passed over too, so the checkpoint moves past them.
        if (handledAll && page.scannedTo) this.current = page.scannedTo;
        if (options.name && page.scanned > 0 && this.current) await this.source.saveCheckpoint(options.name, this.current);
        if (page.scanned === 0) {
          for (const waiter of this.waiters.splice(0)) {
            if (waiter.after <= startedAs) waiter.resolve();
            else this.waiters.push(waiter);
          }
        }
        if (page.scanned < this.source.pageSize && !this.stopped) await this.sleep();
      }
    } catch (error) {
      this.failure = error;
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      if (options.onError) options.onError(error);
    } finally {
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure ?? new Error('subscription stopped'));
    }
  }

  private nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  private sleep(): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.source.pollIntervalMs);
      timer.unref?.();
      this.wake = done;
    });
  }
}
