import { createRequire } from 'node:module';
import {
  Kafka,
  logLevel,
  type Consumer,
  type KafkaConfig,
  type Producer,
  type EachBatchPayload,
  type IHeaders,
} from 'kafkajs';
import type { Transaction } from '@baton/sql';
import { countRequests } from './request-counters';
import {
  batchHandler,
  defaultRetryDelay,
  type BusConsumer,
  type Delivery,
  type EventBus,
  type OutgoingMessage,
  type SubscribeOptions,
} from '../event-bus.port';

// kafkajs 2.2.4 re-arms a timer forever on every idle connection when nothing is pending (kafkajs issue 1556;
// the fix, PR 1667, is not released): an idle platform burnt CPU polling empty queues. With nothing pending
// there is nothing to check; push() schedules the check again when a request is queued.
// It also checks every connection's in-flight requests for a timeout every 100 ms, idle or not: ten wakes a second
// per connection, some 40 per process. Checked once a second instead, a request still times out (within a second
// of its requestTimeout, 30 s by default), and an idle connection wakes once a second.
export const requestTimeoutCheckMs = 1000;
interface InFlightRequest {
  sentAt: number;
  requestTimeout: number;
  timeoutRequest(): void;
}
interface QueueInternals {
  pending: unknown[];
  inflight: Map<number, InFlightRequest>;
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  isConnected(): boolean;
  destroy(): void;
}
export const KafkaRequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue') as {
  new (options: Record<string, unknown>): QueueInternals & { scheduleRequestTimeoutCheck(): void };
  prototype: {
    scheduleCheckPendingRequests(this: QueueInternals): void;
    scheduleRequestTimeoutCheck(this: QueueInternals): void;
  };
};
{
  const schedule = KafkaRequestQueue.prototype.scheduleCheckPendingRequests;
  KafkaRequestQueue.prototype.scheduleCheckPendingRequests = function (this: QueueInternals) {
    if (this.pending.length > 0) schedule.call(this);
  };
  // kafkajs's own check, at a second's period instead of 100 ms.
  KafkaRequestQueue.prototype.scheduleRequestTimeoutCheck = function (this: QueueInternals) {
    if (!this.enforceRequestTimeout) return;
    this.destroy();
    this.requestTimeoutIntervalId = setInterval(
      () => {
        this.inflight.forEach((request) => {
          if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest();
        });
        if (!this.isConnected()) this.destroy();
      },
      Math.min(this.requestTimeout, requestTimeoutCheckMs),
    );
  };
}

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of one topic handled at once by one member; order still holds per partition. */
  partitionsConsumedConcurrently?: number;
  /**
   * How long a fetch waits for data. A real broker answers as soon as data arrives, so this bounds idle
   * polling only; librdkafka's mock cluster holds an empty fetch the whole time, so tests set it low.
   */
  fetchMaxWaitMs?: number;
  kafka?: Partial<KafkaConfig>;
}

/**
 * Kafka through kafkajs. Offsets are committed by hand, after the handler (and the batch's beforeCommit)
 * resolved: at-least-once, and a graceful stop commits what was processed. The idempotent producer is not
 * used (Baton dedupes by event id in each consumer's inbox), with one request in flight so retries keep order.
 */
export class KafkaEventBus implements EventBus {
  readonly adapter = 'kafka';
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private producerConnected = false;
  private connecting?: Promise<void>;
  private readonly consumers = new Set<KafkaBusConsumer>();
  private closed = false;

  private constructor(private readonly options: KafkaEventBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 12 },
      ...options.kafka,
    });
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, idempotent: false, maxInFlightRequests: 1 });
    countRequests(this.producer);
    this.producer.on(this.producer.events.CONNECT, () => (this.producerConnected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.producerConnected = false));
  }

  static async connect(options: KafkaEventBusOptions): Promise<KafkaEventBus> {
    const bus = new KafkaEventBus(options);
    await bus.ensureProducer();
    return bus;
  }

  private ensureProducer(): Promise<void> {
    if (this.producerConnected) return Promise.resolve();
    this.connecting ??= this.producer.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    await this.produce(new Map([[topic, messages]]));
  }

  // What each open transaction publishes, produced together just before it commits.
  private readonly staged = new WeakMap<Transaction, Map<string, OutgoingMessage[]>>();

  publishWithin(tx: Transaction, topic: string, messages: OutgoingMessage[]): void {
    if (messages.length === 0) return;
    let byTopic = this.staged.get(tx);
    if (!byTopic) {
      byTopic = new Map();
      this.staged.set(tx, byTopic);
      const staged = byTopic;
      // Produced before the transaction commits: a crash between the two repeats the messages (same event ids,
      // which consumers drop), it never loses them.
      tx.beforeCommit(() => this.produce(staged));
    }
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), ...messages]);
  }

  private async produce(byTopic: Map<string, OutgoingMessage[]>): Promise<void> {
    if (this.closed) throw new Error('the bus is closed');
    const topicMessages = [...byTopic]
      .filter(([, messages]) => messages.length > 0)
      .map(([topic, messages]) => ({
        topic,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      }));
    if (topicMessages.length === 0) return;
    await this.ensureProducer();
    await this.producer.sendBatch({ acks: -1, topicMessages });
  }

  async subscribe(options: SubscribeOptions): Promise<BusConsumer> {
    if (this.closed) throw new Error('the bus is closed');
    const kafkaConsumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      rebalanceTimeout: 20_000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: options.linger?.maxWaitMs ?? this.options.fetchMaxWaitMs ?? 5000,
      ...(options.linger ? { minBytes: options.linger.minBytes } : {}),
      retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 30 },
    });
    countRequests(kafkaConsumer);
    const consumer = new KafkaBusConsumer(kafkaConsumer, options, () => this.consumers.delete(consumer));
    this.consumers.add(consumer);
    await consumer.start(this.options.partitionsConsumedConcurrently ?? 4);
    return consumer;
  }

  async healthy(): Promise<boolean> {
    if (this.closed) return false;
    return this.producerConnected && [...this.consumers].every((c) => !c.crashed);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await this.producer.disconnect();
  }
}

class KafkaBusConsumer implements BusConsumer {
  private killed = false;
  private stopping?: Promise<void>;
  crashed = false;
  private readonly wakers = new Set<() => void>();
  private holds = false;
  private readonly assignedWaiters: (() => void)[] = [];
  private readonly handleBatch: ReturnType<typeof batchHandler>;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: SubscribeOptions,
    private readonly onGone: () => void,
  ) {
    this.handleBatch = batchHandler(options);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.holds = Object.values(event.payload.memberAssignment ?? {}).some(
        (partitions) => (partitions as number[]).length > 0,
      );
      if (this.holds) for (const resolve of this.assignedWaiters.splice(0)) resolve();
    });
    consumer.on(consumer.events.CRASH, (event) => {
      // kafkajs restarts a crashed consumer unless the error is not retriable.
      if (!event.payload.restart) this.crashed = true;
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  async start(partitionsConsumedConcurrently: number): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: !this.options.ephemeral && (this.options.fromBeginning ?? true),
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const retryDelay = this.options.retryDelayMs ?? defaultRetryDelay;
    const maxBatch = this.options.maxBatch ?? 100;
    const all: Delivery[] = batch.messages.map((message) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key?.toString() ?? '',
      value: message.value ?? Buffer.alloc(0),
      headers: headersOf(message.headers),
    }));
    const running = () => isRunning() && !isStale() && !this.killed;
    for (let i = 0; i < all.length && running(); i += maxBatch) {
      const deliveries = all.slice(i, i + maxBatch);
      for (let attempt = 1; ; attempt++) {
        try {
          await this.handleBatch({
            topic: batch.topic,
            partition: batch.partition,
            deliveries,
            commitWithin: async () => undefined,
            passOver: () => undefined,
          });
          break;
        } catch {
          if (!running()) return; // stopped while retrying: the batch stays uncommitted
          await this.pause(retryDelay(attempt));
          await heartbeat();
        }
      }
      if (this.killed) return; // a crash commits nothing more
      const last = deliveries[deliveries.length - 1]!.offset;
      resolveOffset(last);
      // An ephemeral group keeps no offsets: its next join starts at the end.
      if (!this.options.ephemeral)
        await this.consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ]);
      await heartbeat();
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const wake of this.wakers) wake();
      await this.consumer.disconnect();
      this.onGone();
    })();
    return this.stopping;
  }

  async kill(): Promise<void> {
    this.killed = true;
    await this.stop();
  }

  assigned(): Promise<void> {
    return this.holds ? Promise.resolve() : new Promise((resolve) => this.assignedWaiters.push(resolve));
  }
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}
