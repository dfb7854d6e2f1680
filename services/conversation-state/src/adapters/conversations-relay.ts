import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { deadLetterTopic, topics, type CloudEvent } from '@baton/contracts';
import { busMessage, type EventBus } from '@baton/event-bus';
import type { EventStore, StoredEvent, Subscription } from '@baton/event-store';
import { EVENT_BUS, EVENT_STORE, LOGGER, type Logger } from '@baton/service-runtime';

export const relaySubscription = 'conversation-state.relay';

/** The stored fact as the CloudEvent CRMs read on baton.conversations: the same id, and its revision as `sequence`. */
export function toCloudEvent(stored: StoredEvent): CloudEvent {
  const meta = stored.metadata as {
    tenantId?: unknown;
    conversationId?: unknown;
    correlationId?: unknown;
    causationId?: unknown;
  };
  if (typeof meta.tenantId !== 'string' || typeof meta.conversationId !== 'string')
    throw new Error(`stored event ${stored.id} names no tenant or conversation`);
  const data = stored.data as { at?: unknown };
  return {
    specversion: '1.0',
    id: stored.id,
    type: stored.type,
    source: '/baton/conversation-state',
    subject: meta.conversationId,
    time: typeof data.at === 'string' ? data.at : stored.createdAt.toISOString(),
    datacontenttype: 'application/json',
    tenantid: meta.tenantId,
    correlationid: typeof meta.correlationId === 'string' ? meta.correlationId : stored.id,
    ...(typeof meta.causationId === 'string' ? { causationid: meta.causationId } : {}),
    sequence: stored.revision.toString(),
    data: stored.data,
  };
}

/**
 * Everything appended to conversation streams reaches baton.conversations from a durable store subscription,
 * never from the request path: per-conversation order holds, and after a restart it resumes at its checkpoint
 * (a repeat carries the same event id and sequence, which readers drop). A stored event that cannot be
 * relayed goes to the dead-letter topic with the cause; the relay goes on.
 */
@Injectable()
export class ConversationsRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const log = this.logger.child({ service: 'conversation-state', subscription: relaySubscription });
    this.subscription = this.store.subscribeToAll({
      name: relaySubscription,
      from: 'start',
      streamPrefix: 'conversation-',
      checkpointEveryMs: 1000,
      onEvents: (page) => this.relay(page, log),
      onError: (error) => log.error({ err: error }, 'relay failed; it tries the page again'),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** Resolves when everything stored so far went out (tests, and readiness of reads). */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUp();
  }

  /** A page of stored facts goes out in one publish (one produce request), in order. */
  private async relay(page: StoredEvent[], log: Logger): Promise<void> {
    const out = [];
    const dead = [];
    for (const stored of page) {
      try {
        out.push(busMessage(toCloudEvent(stored)));
      } catch (error) {
        log.error({ err: error, eventId: stored.id, streamId: stored.streamId }, 'stored event dead-lettered');
        dead.push({
          key: stored.streamId,
          value: JSON.stringify(stored, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
          headers: { 'baton-dlq-reason': (error as Error).message, 'baton-dlq-source-topic': 'event-store' },
        });
      }
    }
    await this.bus.publish(topics.conversations, out);
    if (dead.length > 0) await this.bus.publish(deadLetterTopic('conversation-state'), dead);
  }
}
