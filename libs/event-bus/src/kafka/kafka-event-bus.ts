import { Kafka, logLevel, type Consumer, type KafkaConfig, type Producer, type EachBatchPayload, type IHeaders } from 'kafkajs';
import {
  defaultRetryDelay, type BusConsumer, type Delivery, type EventBus, type OutgoingMessage, type SubscribeOptions,
} from '../event-bus.port';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of one topic handled at once by one member; order still holds per partition. */
  partitionsConsumedConcurrently?: number;
  /** Deliveries a partition handles before it commits. */
  commitEvery?: number;
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
    if (this.closed) throw new Error('the bus is closed');
    if (messages.length === 0) return;
    await this.ensureProducer();
    await this.producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<BusConsumer> {
    if (this.closed) throw new Error('the bus is closed');
    const consumer = new KafkaBusConsumer(
      this.kafka.consumer({
        groupId: options.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: 10_000,
        rebalanceTimeout: 20_000,
        heartbeatInterval: 1000,
        maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 5000,
        retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 30 },
      }),
      options,
      this.options.commitEvery ?? 100,
      () => this.consumers.delete(consumer),
    );
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

  constructor(
    private readonly consumer: Consumer,
    private readonly options: SubscribeOptions,
    private readonly commitEvery: number,
    private readonly onGone: () => void,
  ) {
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.holds = Object.values(event.payload.memberAssignment ?? {}).some((partitions) => (partitions as number[]).length > 0);
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
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const retryDelay = this.options.retryDelayMs ?? defaultRetryDelay;
    let processed: Delivery[] = [];
    const commit = async () => {
      if (processed.length === 0 || this.killed) return;
      await this.options.beforeCommit?.(processed);
      const next = (BigInt(processed[processed.length - 1]!.offset) + 1n).toString();
      await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      processed = [];
    };
    const deliveries: Delivery[] = batch.messages.map((message) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key?.toString() ?? '',
      value: message.value ?? Buffer.alloc(0),
      headers: headersOf(message.headers),
    }));
    if (deliveries.length > 0) await this.options.beforeBatch?.(deliveries);
    for (const delivery of deliveries) {
      if (!isRunning() || isStale() || this.killed) break;
      let attempt = 0;
      let handled = false;
      while (!handled) {
        try {
          await this.options.handle(delivery);
          handled = true;
        } catch {
          attempt++;
          if (!isRunning() || isStale() || this.killed) break;
          await this.pause(retryDelay(attempt));
          await heartbeat();
        }
      }
      if (!handled) break;
      if (this.killed) return; // a crash commits nothing more
      resolveOffset(delivery.offset);
      processed.push(delivery);
      if (processed.length >= this.commitEvery) await commit();
      await heartbeat();
    }
    await commit();
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
