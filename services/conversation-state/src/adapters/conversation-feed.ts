import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  comparePositions,
  startOfAll,
  type EventStore,
  type Position,
  type StoredEvent,
  type Subscription,
} from '@baton/event-store';
import { EVENT_STORE, LOGGER, type Logger } from '@baton/service-runtime';

/** One open event stream's view of the feed: the facts of its tenant's conversations, in the store's global order. */
export interface FeedReader {
  tenantId: string;
  /** Called once per fact, in order; the next waits until it resolves. */
  deliver(event: StoredEvent): Promise<void>;
}

export interface Joined {
  /** Where the reader is once caught up: every fact up to here was delivered (or was not its tenant's). */
  position: Position;
  leave(): void;
}

const prefix = 'conversation-';

/**
 * The tail of the conversation streams, read once per instance however many consoles are open: one store
 * subscription (from the end, started with the first reader) hands each new fact to every reader of its tenant.
 * A reader that resumes after a position first reads the store from there, then takes the tail from where that
 * read ended, so it gets every fact after its position exactly once, in order.
 */
@Injectable()
export class ConversationFeed implements BeforeApplicationShutdown {
  private subscription?: Subscription;
  private started?: Promise<void>;
  /** The position of the last fact handed to the readers (or where the tail started). */
  private tail: Position = startOfAll;
  private readonly readers = new Set<(event: StoredEvent) => void>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async join(reader: FeedReader, after?: Position): Promise<Joined> {
    await this.start();
    const tenantStreams = `${prefix}${reader.tenantId}-`;
    // From here on, new facts queue up for this reader (registration and the tail's position are read together).
    const queued: StoredEvent[] = [];
    let live = false;
    // Nothing at or before the reader's position goes out again, and nothing twice.
    let sent: Position | undefined = after;
    let delivered: Position | undefined;
    let chain = Promise.resolve();
    const send = (event: StoredEvent) => {
      if (sent && comparePositions(event.position, sent) <= 0) return;
      sent = event.position;
      chain = chain
        .then(() => reader.deliver(event))
        .then(
          () => {
            delivered = event.position;
          },
          (error: unknown) =>
            this.logger.warn({ err: error, tenantId: reader.tenantId }, 'event stream delivery failed'),
        );
    };
    const listener = (event: StoredEvent) => {
      if (!event.streamId.startsWith(tenantStreams)) return;
      if (live) send(event);
      else queued.push(event);
    };
    this.readers.add(listener);
    const tailAtJoin = this.tail;
    try {
      // Catching up: what the store holds after the reader's position (up to the tail, and whatever came since).
      if (after && comparePositions(after, tailAtJoin) < 0) {
        for await (const event of this.store.readAll({ after, streamPrefix: tenantStreams })) send(event);
      }
      for (const event of queued.splice(0)) send(event);
      live = true;
      await chain;
    } catch (error) {
      this.readers.delete(listener);
      throw error;
    }
    // Only what was delivered counts: a fact still on its way goes out after this position, with its own id.
    const reached = [tailAtJoin, delivered, after]
      .filter((p): p is Position => !!p)
      .sort(comparePositions)
      .at(-1)!;
    return { position: reached, leave: () => this.readers.delete(listener) };
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.readers.clear();
    await this.subscription?.stop();
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      const subscription = this.store.subscribeToAll({
        from: 'end',
        streamPrefix: prefix,
        onEvents: async (events) => {
          for (const event of events) {
            this.tail = event.position;
            for (const reader of this.readers) reader(event);
          }
        },
        onError: (error) => this.logger.warn({ err: error }, 'conversation feed read failed; it reads the page again'),
      });
      this.subscription = subscription;
      await subscription.caughtUp();
      if (subscription.position && comparePositions(subscription.position, this.tail) > 0)
        this.tail = subscription.position;
    })();
    return this.started;
  }
}
