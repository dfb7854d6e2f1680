import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { hostname } from 'node:os';
import { topics } from '@baton/contracts';
import type { BusConsumer, Delivery, EventBus } from '@baton/event-bus';
import { EVENT_BUS, LOGGER, type Logger } from '@baton/service-runtime';

export interface MessageHint {
  tenantId: string;
  conversationId: string;
  /** The fact's type: baton.messages.message.sent.v1, ...blocked.v1, ...delivery-updated.v1, ...received.v1, baton.briefs.brief.ready.v1, ...brief.updated.v1 */
  type: string;
}

/**
 * Tells the event streams open on this instance that a conversation's transcript or brief changed (a message
 * sent, blocked, deferred or delivered; a brief updated or delivered), so a console refetches it instead of polling. A hint carries no content and
 * no resume id: the transcript itself is the record, and a console that reconnects refetches what it shows.
 * Every instance hears every message (its own consumer group, named after the host, which keeps no offsets), from the end of the topic.
 */
@Injectable()
export class MessageHints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: BusConsumer;
  private readonly listeners = new Set<(hint: MessageHint) => void>();

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await this.bus.subscribe({
      // Not the name the group had while it kept offsets: on Kafka, an offset committed then would be where it starts.
      groupId: `console-hints-ephemeral.${hostname()}`,
      topics: [topics.messages, topics.briefs],
      ephemeral: true, // a hint is for the consoles open now; a busy topic costs this group no offset writes
      handle: async (delivery) => this.hear(delivery),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  listen(listener: (hint: MessageHint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private hear(delivery: Delivery): void {
    if (this.listeners.size === 0) return;
    let event: { type?: unknown; subject?: unknown; tenantid?: unknown };
    try {
      event = JSON.parse(delivery.value.toString('utf8')) as typeof event;
    } catch {
      return; // the gateway's consumers dead-letter what they cannot read; a hint is not worth more
    }
    if (typeof event.type !== 'string' || typeof event.subject !== 'string' || typeof event.tenantid !== 'string')
      return;
    const hint = { tenantId: event.tenantid, conversationId: event.subject, type: event.type };
    for (const listener of this.listeners) {
      try {
        listener(hint);
      } catch (error) {
        this.logger.warn({ err: error, conversationId: hint.conversationId }, 'message hint listener failed');
      }
    }
  }
}
