import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { OutboundRequested, newEvent, topics } from '@baton/contracts';
import type { EventBus } from '@baton/event-bus';
import type { EventStore, StoredEvent, Subscription } from '@baton/event-store';
import { EVENT_BUS, EVENT_STORE, LOGGER, type Logger } from '@baton/service-runtime';
import { derivedId, fromWire } from '../domain/conversation.wire';
import { ConversationReadModel } from './conversation-read-model';

export const relaySubscription = 'conversation-state.relay';
export const readModelSubscription = 'conversation-state.read-model';

/** The stored fact as the CloudEvent CRMs read on baton.conversations: the same id, so a repeat is recognisable. */
export function toCloudEvent(stored: StoredEvent) {
  const meta = stored.metadata as { tenantId: string; conversationId: string; correlationId?: string; causationId?: string };
  const data = stored.data as { at?: string };
  return {
    specversion: '1.0' as const,
    id: stored.id,
    type: stored.type,
    source: '/baton/conversation-state',
    subject: meta.conversationId,
    time: data.at ?? stored.createdAt.toISOString(),
    datacontenttype: 'application/json' as const,
    tenantid: meta.tenantId,
    correlationid: meta.correlationId ?? stored.id,
    ...(meta.causationId ? { causationid: meta.causationId } : {}),
    data: stored.data,
  };
}

/**
 * Everything appended to conversation streams reaches baton.conversations from a durable store subscription,
 * never from the request path: per-conversation order holds, and after a restart it resumes at its checkpoint
 * (a repeat carries the same event id). The read model is fed the same way, by its own subscription.
 */
@Injectable()
export class ConversationsRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readModel: ConversationReadModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.readModel.migrate();
    const log = this.logger.child({ service: 'conversation-state' });
    const failed = (name: string) => (error: unknown) => log.error({ err: error, subscription: name }, 'subscription stopped');
    this.subscriptions = [
      this.store.subscribeToAll({ name: relaySubscription, from: 'start', streamPrefix: 'conversation-', onEvents: (page) => this.relay(page), onError: failed(relaySubscription) }),
      this.store.subscribeToAll({ name: readModelSubscription, from: 'start', streamPrefix: 'conversation-', onEvents: (page) => this.readModel.applyPage(page), onError: failed(readModelSubscription) }),
    ];
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }

  /** Resolves when both subscriptions handled everything stored so far (tests, and readiness of reads). */
  async caughtUp(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.caughtUp()));
  }

  /** A page of stored facts goes out in one publish (one produce request), in order; so do its announcements. */
  private async relay(page: StoredEvent[]): Promise<void> {
    const events = page.map(toCloudEvent);
    await this.bus.publish(topics.conversations, events.map((event) => ({ key: event.subject, value: JSON.stringify(event) })));
    // The lead sees the change of voice in the same thread; the gate sends it once per fact (idempotency key).
    const announcements = page.flatMap((stored, i) => {
      const fact = fromWire(stored.type, stored.data);
      if (fact?.type !== 'human.took-over' || !fact.data.announcement) return [];
      const event = events[i]!;
      return [newEvent(OutboundRequested, {
        id: derivedId(`announce:${stored.id}`), subject: event.subject, tenantid: event.tenantid, source: '/baton/conversation-state',
        cause: { id: event.id, correlationid: event.correlationid },
        data: { idempotencyKey: `announce:${stored.id}`, author: 'system', channel: 'sms', body: fact.data.announcement },
      })];
    });
    if (announcements.length > 0) {
      await this.bus.publish(topics.outboundCommands, announcements.map((command) => ({ key: command.subject, value: JSON.stringify(command) })));
    }
  }
}
