import { deadLetterTopic, InvalidEvent, type CloudEvent } from '@baton/contracts';
import { isDomainError } from '@baton/decider';
import type { Logger } from 'pino';
import type { BusConsumer, Delivery, EventBus } from './event-bus.port';
import type { Inbox } from './inbox';

export interface EventContext {
  delivery: Delivery;
  /** A child logger with conversationId, tenantId and correlationId. */
  log: Logger;
}

export interface EventConsumerOptions {
  /** The consuming service: names its dead-letter topic. */
  service: string;
  groupId: string;
  topics: string[];
  /** Checks a delivery against its contract; throws InvalidEvent with the reason. */
  parse(value: Buffer): CloudEvent;
  handle(event: CloudEvent, context: EventContext): Promise<void>;
  inbox: Inbox;
  logger: Logger;
  fromBeginning?: boolean;
  /** Attempts before a delivery whose handler keeps failing is dead-lettered; default 10 (about a minute of backoff). */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  /** Counts outcomes, for metrics. */
  onOutcome?(outcome: 'processed' | 'duplicate' | 'refused' | 'dead_lettered' | 'retried', topic: string): void;
}

export const deadLetterHeaders = {
  reason: 'baton-dlq-reason',
  sourceTopic: 'baton-dlq-source-topic',
  sourcePartition: 'baton-dlq-source-partition',
  sourceOffset: 'baton-dlq-source-offset',
  group: 'baton-dlq-group',
  at: 'baton-dlq-at',
} as const;

/**
 * The one way a Baton service consumes: contract check (invalid input goes to baton.dlq.<service> with the
 * reason, and the partition moves on), dedupe by event id through the durable inbox, refusals logged and
 * acknowledged, infrastructure failures retried with backoff and dead-lettered only after maxAttempts.
 */
export async function startEventConsumer(bus: EventBus, options: EventConsumerOptions): Promise<BusConsumer> {
  const attempts = new Map<string, number>();
  // Ids handled in a batch that is not yet committed, so not yet in the inbox table.
  const uncommitted = new Map<string, string>();
  // Deliveries parsed and looked up by beforeBatch, by topic/partition/offset, until handled.
  const lookedUp = new Map<string, { event: CloudEvent; seen: boolean }>();
  const maxAttempts = options.maxAttempts ?? 10;
  const outcome = options.onOutcome ?? (() => undefined);

  const deadLetter = async (delivery: Delivery, reason: string) => {
    await bus.publish(deadLetterTopic(options.service), [{
      key: delivery.key,
      value: delivery.value,
      headers: {
        ...delivery.headers,
        [deadLetterHeaders.reason]: reason.slice(0, 2000),
        [deadLetterHeaders.sourceTopic]: delivery.topic,
        [deadLetterHeaders.sourcePartition]: String(delivery.partition),
        [deadLetterHeaders.sourceOffset]: delivery.offset,
        [deadLetterHeaders.group]: options.groupId,
        [deadLetterHeaders.at]: new Date().toISOString(),
      },
    }]);
    outcome('dead_lettered', delivery.topic);
  };

  return bus.subscribe({
    groupId: options.groupId,
    topics: options.topics,
    fromBeginning: options.fromBeginning,
    retryDelayMs: options.retryDelayMs,
    handle: async (delivery) => {
      let event: CloudEvent;
      const deliveryKey = `${delivery.topic}/${delivery.partition}/${delivery.offset}`;
      const looked = lookedUp.get(deliveryKey);
      lookedUp.delete(deliveryKey);
      try {
        event = looked?.event ?? options.parse(delivery.value);
      } catch (error) {
        const reason = error instanceof InvalidEvent ? error.reason : `unreadable: ${(error as Error).message}`;
        options.logger.warn({ topic: delivery.topic, partition: delivery.partition, offset: delivery.offset, reason }, 'event dead-lettered');
        await deadLetter(delivery, reason);
        return;
      }
      const log = options.logger.child({ conversationId: event.subject, tenantId: event.tenantid, correlationId: event.correlationid, eventId: event.id });
      if (uncommitted.has(event.id) || (looked ? looked.seen : await options.inbox.seen(options.groupId, event.id))) {
        log.debug({ type: event.type }, 'duplicate dropped');
        outcome('duplicate', delivery.topic);
        return;
      }
      try {
        await options.handle(event, { delivery, log });
        outcome('processed', delivery.topic);
      } catch (error) {
        if (isDomainError(error)) {
          log.warn({ type: event.type, code: error.code, reason: error.message }, 'command refused');
          outcome('refused', delivery.topic);
        } else if (error instanceof InvalidEvent) {
          log.warn({ type: event.type, reason: error.reason }, 'event dead-lettered');
          await deadLetter(delivery, error.reason);
        } else {
          const attempt = (attempts.get(deliveryKey) ?? 0) + 1;
          if (attempt < maxAttempts) {
            attempts.set(deliveryKey, attempt);
            log.warn({ type: event.type, attempt, err: error }, 'handler failed; will retry');
            outcome('retried', delivery.topic);
            throw error;
          }
          log.error({ type: event.type, attempt, err: error }, 'handler kept failing; event dead-lettered');
          await deadLetter(delivery, `handler failed after ${attempt} attempts: ${(error as Error).message}`);
        }
      }
      attempts.delete(deliveryKey);
      uncommitted.set(event.id, deliveryKey);
    },
    // A batch's events are parsed and looked up in the inbox at once; handle falls back to one lookup when the
    // entry is gone (a retried delivery, or a batch cut short by a rebalance).
    beforeBatch: async (deliveries) => {
      const { topic, partition } = deliveries[0]!;
      for (const key of lookedUp.keys()) if (key.startsWith(`${topic}/${partition}/`)) lookedUp.delete(key);
      const parsed: [string, CloudEvent][] = [];
      for (const d of deliveries) {
        try {
          parsed.push([`${d.topic}/${d.partition}/${d.offset}`, options.parse(d.value)]);
        } catch {
          // handle parses it again and dead-letters it with the reason
        }
      }
      const seen = await options.inbox.seenAmong(options.groupId, parsed.map(([, e]) => e.id));
      for (const [key, event] of parsed) lookedUp.set(key, { event, seen: seen.has(event.id) });
    },
    beforeCommit: async (deliveries) => {
      const committing = new Set(deliveries.map((d) => `${d.topic}/${d.partition}/${d.offset}`));
      const ids = [...uncommitted].filter(([, key]) => committing.has(key)).map(([id]) => id);
      await options.inbox.record(options.groupId, ids);
      for (const id of ids) uncommitted.delete(id);
    },
  });
}
