import { EventPattern, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { allTopics, type CloudEvent, type EventDefinition } from '@baton/contracts';
import { startEventConsumer, type BusConsumer, type EventBus, type EventContext, type Inbox } from '@baton/event-bus';
import { lastValueFrom, isObservable } from 'rxjs';
import type { Logger } from 'pino';

/**
 * Declares a handler of a service's consumer group: for one event definition (its type), for every event
 * of a topic, or of several topics (the audit log reads them all). Each group gets its own consumer, so one
 * process can host several services (the embedded mode).
 */
export const OnEvent = (group: string, what: EventDefinition | string | readonly string[]) =>
  EventPattern(typeof what === 'string' ? what : Array.isArray(what) ? [...what] : (what as EventDefinition).type, { group });

export interface BatonTransportOptions {
  bus: EventBus;
  inbox: Inbox;
  logger: Logger;
  parse(value: Buffer): CloudEvent;
  /** Topic of an event type, from the contracts. */
  topicOf(type: string): string | undefined;
  onOutcome?: (group: string, outcome: string, topic: string) => void;
}

/**
 * The @nestjs/microservices transport over Baton's event bus port: Kafka (kafkajs) or the in-process bus.
 * Handlers are declared with @OnEvent (an @EventPattern); every delivery goes through startEventConsumer
 * (contract check, dead letters, inbox, retries), one consumer group per service.
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
      const groups = new Map<string, { topics: Set<string>; byType: Map<string, MessageHandler>; byTopic: Map<string, MessageHandler> }>();
      for (const [pattern, handler] of this.messageHandlers) {
        const group = (handler.extras?.group as string | undefined) ?? 'default';
        const entry = groups.get(group) ?? { topics: new Set(), byType: new Map(), byTopic: new Map() };
        groups.set(group, entry);
        if ((allTopics as readonly string[]).includes(pattern)) {
          entry.topics.add(pattern);
          entry.byTopic.set(pattern, handler);
        } else {
          const topic = this.options.topicOf(pattern);
          if (!topic) throw new Error(`@OnEvent(${group}, ${pattern}): no such event type in the contracts`);
          entry.topics.add(topic);
          entry.byType.set(pattern, handler);
        }
      }
      for (const [group, entry] of groups) {
        this.consumers.push(await startEventConsumer(this.options.bus, {
          service: group,
          groupId: group,
          topics: [...entry.topics],
          parse: this.options.parse,
          inbox: this.options.inbox,
          logger: this.options.logger.child({ service: group }),
          onOutcome: (outcome, topic) => this.options.onOutcome?.(group, outcome, topic),
          handle: async (event: CloudEvent, context: EventContext) => {
            const handler = entry.byType.get(event.type) ?? entry.byTopic.get(context.delivery.topic);
            if (!handler) return; // another event of a topic this group reads
            const result = await handler(event, context);
            if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
          },
        }));
      }
      this.started = true;
      callback();
    } catch (error) {
      callback(error);
    }
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
