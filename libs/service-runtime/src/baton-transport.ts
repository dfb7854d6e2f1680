import { EventPattern, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { allTopics, serviceNames, type CloudEvent, type EventDefinition } from '@baton/contracts';
import {
  startEventConsumer,
  type BusConsumer,
  type ConsumerOutcome,
  type EventBus,
  type EventContext,
} from '@baton/event-bus';
import type { Sql } from '@baton/sql';
import { lastValueFrom, isObservable } from 'rxjs';
import type { Logger } from 'pino';

export interface GroupOptions {
  /** A group off the lead's path may wait to fill its batches: fewer, larger transactions (audit, notifications). */
  linger?: { maxWaitMs: number; minBytes: number };
}

/**
 * Declares a handler of a consumer group: for one event definition (its type), for every event of a topic, or
 * of several topics (the audit log reads them all). Each group gets its own consumer, so one process can host
 * several services (the embedded mode). The pattern names the group, so two groups handling the same type
 * never share a consumer.
 */
export const OnEvent = (
  group: string,
  what: EventDefinition | string | readonly string[],
  options: GroupOptions = {},
) =>
  EventPattern(
    (Array.isArray(what) ? [...what] : [typeof what === 'string' ? what : (what as EventDefinition).type]).map((w) => ({
      group,
      what: w,
    })),
    { group, options },
  );

export interface BatonTransportOptions {
  bus: EventBus;
  sql: Sql;
  logger: Logger;
  parse(value: Buffer): CloudEvent;
  /** Topic of an event type, from the contracts. */
  topicOf(type: string): string | undefined;
  onOutcome?: (group: string, outcome: ConsumerOutcome, topic: string) => void;
  /** Pause before a failed event is taken again (tests shorten it). */
  retryDelayMs?: (attempt: number) => number;
}

/**
 * The service a consumer group belongs to, by its name (a group is named after its service: channel-gateway-sends,
 * audit-log): dead letters go to the service's topic, baton.dlq.<service>, the ones the deployment provisions.
 */
export function serviceOfGroup(group: string): string {
  const owner = [...serviceNames]
    .sort((a, b) => b.length - a.length)
    .find((name) => group === name || group.startsWith(`${name}-`));
  return owner ?? group;
}

interface Group {
  topics: Set<string>;
  byType: Map<string, MessageHandler>;
  byTopic: Map<string, MessageHandler>;
  options: GroupOptions;
}

/**
 * The @nestjs/microservices transport over Baton's event bus port: Kafka (kafkajs) or the in-process bus.
 * Handlers are declared with @OnEvent (an @EventPattern); every batch goes through startEventConsumer
 * (one transaction, contract check, dead letters, isolation of failures), one consumer per group.
 */
export class BatonTransport extends Server implements CustomTransportStrategy {
  private readonly consumers: BusConsumer[] = [];
  private started = false;

  constructor(private readonly options: BatonTransportOptions) {
    super();
  }

  get ready(): boolean {
    return this.started;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [group, entry] of this.groups()) {
        this.consumers.push(
          await startEventConsumer(this.options.bus, {
            service: serviceOfGroup(group),
            groupId: group,
            topics: [...entry.topics],
            accepts: (topic, type) => entry.byTopic.has(topic) || entry.byType.has(type),
            parse: this.options.parse,
            sql: this.options.sql,
            logger: this.options.logger.child({ service: group }),
            linger: entry.options.linger,
            retryDelayMs: this.options.retryDelayMs,
            onOutcome: (outcome, topic) => this.options.onOutcome?.(group, outcome, topic),
            handle: async (event: CloudEvent, context: EventContext) => {
              const handler = entry.byType.get(event.type) ?? entry.byTopic.get(context.delivery.topic);
              if (!handler) return;
              const result = await handler(event, context);
              if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
            },
          }),
        );
      }
      this.started = true;
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private groups(): Map<string, Group> {
    const groups = new Map<string, Group>();
    for (const [pattern, handler] of this.messageHandlers) {
      const { group, what } = JSON.parse(pattern) as { group: string; what: string };
      const entry = groups.get(group) ?? { topics: new Set(), byType: new Map(), byTopic: new Map(), options: {} };
      groups.set(group, entry);
      Object.assign(entry.options, (handler.extras?.options as GroupOptions | undefined) ?? {});
      // One handler per type (or topic) in a group: a second would silently replace the first.
      if (entry.byTopic.has(what) || entry.byType.has(what))
        throw new Error(`@OnEvent(${group}, ${what}) is declared twice in the group`);
      if ((allTopics as readonly string[]).includes(what)) {
        entry.topics.add(what);
        entry.byTopic.set(what, handler);
      } else {
        const topic = this.options.topicOf(what);
        if (!topic) throw new Error(`@OnEvent(${group}, ${what}): no such event type in the contracts`);
        entry.topics.add(topic);
        entry.byType.set(what, handler);
      }
    }
    return groups;
  }

  async close(): Promise<void> {
    this.started = false;
    await Promise.all(this.consumers.splice(0).map((c) => c.stop()));
  }

  on(): never {
    throw new Error('BatonTransport has no transport events to listen to');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }
}
