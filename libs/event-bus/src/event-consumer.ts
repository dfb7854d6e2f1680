import { deadLetterTopic, InvalidEvent, type CloudEvent } from '@baton/contracts';
import { isDomainError } from '@baton/decider';
import { isPermanentSqlError, type Sql, type Transaction } from '@baton/sql';
import type { Logger } from 'pino';
import {
  defaultRetryDelay,
  typeHeader,
  type BusConsumer,
  type Delivery,
  type DeliveryBatch,
  type EventBus,
} from './event-bus.port';

export interface EventContext {
  delivery: Delivery;
  /** A child logger with conversationId, tenantId and correlationId. */
  log: Logger;
  /**
   * The batch's transaction. Every query the handler makes on the service's database joins it (so does a
   * nested transaction, as a savepoint), and so do what it publishes and, on the in-process bus, the offset.
   */
  tx: Transaction;
  /** Publishes with the batch: the events exist exactly when the batch commits (or, on Kafka, just before). */
  publish(topic: string, events: CloudEvent[]): void;
  /**
   * Work that may only start once the batch is committed (a call to a provider). It runs before the batch's
   * offset is committed on Kafka, after it in-process; either way its owner must be able to finish it after a
   * crash (the gateway's sweep reconciles sends left mid-way).
   */
  afterCommit(work: () => Promise<void>): void;
  /**
   * Sends this event to the dead-letter topic with the cause, with the batch: for a handler that records the
   * failure somewhere of its own (a command's outcome) and must not let the batch roll back.
   */
  deadLetter(reason: string): void;
}

export type ConsumerOutcome = 'processed' | 'skipped' | 'refused' | 'dead_lettered' | 'retried';

export interface EventConsumerOptions {
  /** The consuming service: names its dead-letter topic. */
  service: string;
  groupId: string;
  topics: string[];
  /** Whether the group handles this type on this topic; any other is passed over by its type header, unparsed. All when unset. */
  accepts?(topic: string, type: string): boolean;
  /** Checks a delivery against its contract; throws InvalidEvent with the reason. */
  parse(value: Buffer): CloudEvent;
  handle(event: CloudEvent, context: EventContext): Promise<void>;
  /** The service's database: each batch is one transaction of it. */
  sql: Sql;
  logger: Logger;
  fromBeginning?: boolean;
  /** Attempts at an event whose handler keeps failing before it is dead-lettered; default 8 (about 25 s). */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  maxBatch?: number;
  linger?: { maxWaitMs: number; minBytes: number };
  onOutcome?(outcome: ConsumerOutcome, topic: string): void;
}

export const deadLetterHeaders = {
  reason: 'baton-dlq-reason',
  sourceTopic: 'baton-dlq-source-topic',
  sourcePartition: 'baton-dlq-source-partition',
  sourceOffset: 'baton-dlq-source-offset',
  group: 'baton-dlq-group',
  at: 'baton-dlq-at',
} as const;

/** The envelope as a bus message: keyed by conversation, with its type in a header so others can pass it over. */
export function busMessage(event: CloudEvent): { key: string; value: string; headers: Record<string, string> } {
  return { key: event.subject, value: JSON.stringify(event), headers: { [typeHeader]: event.type } };
}

interface Item {
  delivery: Delivery;
  event?: CloudEvent;
  invalid?: string;
}

/** An input no retry will ever accept: it goes to the dead-letter topic at once, and the partition moves on. */
export function permanentReason(error: unknown): string | undefined {
  if (error instanceof InvalidEvent) return error.reason;
  if (isPermanentSqlError(error))
    return `the database refused it (${(error as { code: string }).code}): ${(error as Error).message}`;
  return undefined;
}

/**
 * The one way a Baton service consumes. A partition's batch is one transaction: the handlers' writes, what
 * they publish, dead letters and (in-process) the offset commit together. Events of types the group does not
 * handle are passed over by header. When a handler throws, the batch is rolled back and taken again one event
 * per transaction, so the cause is isolated: a refusal (DomainError) is logged and acknowledged, input that
 * can never succeed (its contract, bad data the database refuses) is dead-lettered at once with its cause,
 * and only what may succeed later (the database away) is retried with backoff, then dead-lettered.
 * There is no inbox: every handler is idempotent by key (derived event ids, idempotency keys, revisions).
 */
export async function startEventConsumer(bus: EventBus, options: EventConsumerOptions): Promise<BusConsumer> {
  const maxAttempts = options.maxAttempts ?? 8;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const outcome = options.onOutcome ?? (() => undefined);

  const deadLetter = (tx: Transaction, delivery: Delivery, reason: string) => {
    bus.publishWithin(tx, deadLetterTopic(options.service), [
      {
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
      },
    ]);
  };

  const logFor = (event: CloudEvent) =>
    options.logger.child({
      conversationId: event.subject,
      tenantId: event.tenantid,
      correlationId: event.correlationid,
      eventId: event.id,
    });

  /** Runs the items' handlers in tx; returns the work to run once it commits. */
  const run = async (tx: Transaction, items: Item[]): Promise<(() => Promise<void>)[]> => {
    const after: (() => Promise<void>)[] = [];
    for (const item of items) {
      if (item.invalid !== undefined) {
        options.logger.warn(
          {
            topic: item.delivery.topic,
            partition: item.delivery.partition,
            offset: item.delivery.offset,
            reason: item.invalid,
          },
          'event dead-lettered',
        );
        deadLetter(tx, item.delivery, item.invalid);
        continue;
      }
      const log = logFor(item.event!);
      await options.handle(item.event!, {
        delivery: item.delivery,
        log,
        tx,
        publish: (topic, events) => bus.publishWithin(tx, topic, events.map(busMessage)),
        afterCommit: (work) => void after.push(work),
        deadLetter: (reason) => {
          log.warn({ type: item.event!.type, reason }, 'event dead-lettered');
          deadLetter(tx, item.delivery, reason);
        },
      });
    }
    return after;
  };

  const finish = async (after: (() => Promise<void>)[]) => {
    for (const work of after) {
      await work().catch((error: unknown) =>
        options.logger.error({ err: error, group: options.groupId }, 'work after commit failed; its owner recovers it'),
      );
    }
  };

  /** One event in its own transaction, retried while the failure may pass. */
  const isolated = async (item: Item) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await finish(await options.sql.transaction((tx) => run(tx, [item])));
        outcome(item.invalid !== undefined ? 'dead_lettered' : 'processed', item.delivery.topic);
        return;
      } catch (error) {
        const log = item.event ? logFor(item.event) : options.logger;
        if (isDomainError(error)) {
          log.warn({ type: item.event?.type, code: error.code, reason: error.message }, 'command refused');
          outcome('refused', item.delivery.topic);
          return;
        }
        const permanent = permanentReason(error);
        if (permanent === undefined && attempt < maxAttempts) {
          log.warn({ type: item.event?.type, attempt, err: error }, 'handler failed; will retry');
          outcome('retried', item.delivery.topic);
          await new Promise((r) => setTimeout(r, retryDelay(attempt)));
          continue;
        }
        const reason = permanent ?? `handler failed after ${attempt} attempts: ${(error as Error).message}`;
        log[permanent ? 'warn' : 'error']({ type: item.event?.type, reason }, 'event dead-lettered');
        // Throws if even the dead letter cannot be written (the database is away): the bus offers the batch again.
        await options.sql.transaction(async (tx) => deadLetter(tx, item.delivery, reason));
        outcome('dead_lettered', item.delivery.topic);
        return;
      }
    }
  };

  const handleBatch = async (batch: DeliveryBatch) => {
    const items: Item[] = [];
    for (const delivery of batch.deliveries) {
      const type = delivery.headers[typeHeader];
      if (options.accepts && type !== undefined && !options.accepts(delivery.topic, type)) {
        outcome('skipped', delivery.topic);
        continue;
      }
      let event: CloudEvent;
      try {
        event = options.parse(delivery.value);
      } catch (error) {
        items.push({
          delivery,
          invalid: error instanceof InvalidEvent ? error.reason : `unreadable: ${(error as Error).message}`,
        });
        continue;
      }
      if (options.accepts && !options.accepts(delivery.topic, event.type)) {
        outcome('skipped', delivery.topic);
        continue;
      }
      items.push({ delivery, event });
    }
    if (items.length === 0) {
      // Nothing this group handles: no transaction at all (most batches of a topic many groups read).
      batch.passOver();
      return;
    }
    try {
      await finish(
        await options.sql.transaction(async (tx) => {
          const after = await run(tx, items);
          await batch.commitWithin(tx);
          return after;
        }),
      );
      for (const item of items)
        outcome(item.invalid !== undefined ? 'dead_lettered' : 'processed', item.delivery.topic);
      return;
    } catch {
      // rolled back as a whole: each event again on its own, to find the one that failed
    }
    for (const item of items) await isolated(item);
    await options.sql.transaction((tx) => batch.commitWithin(tx));
  };

  return bus.subscribe({
    groupId: options.groupId,
    topics: options.topics,
    fromBeginning: options.fromBeginning,
    retryDelayMs: options.retryDelayMs,
    maxBatch: options.maxBatch,
    linger: options.linger,
    handleBatch,
  });
}
