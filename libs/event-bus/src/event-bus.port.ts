import type { Transaction } from '@baton/sql';

/** A message as a consumer receives it. Every Baton topic is keyed by conversationId. */
export interface Delivery {
  topic: string;
  partition: number;
  /** Decimal string, as Kafka gives it. */
  offset: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export interface OutgoingMessage {
  key: string;
  value: string | Buffer;
  headers?: Record<string, string>;
}

/**
 * One partition's deliveries, in offset order, handled together; on the in-process bus, a lingering group's batch
 * takes several partitions' (each in its own offset order; every delivery names its topic and partition).
 */
export interface DeliveryBatch {
  /** The first delivery's topic and partition. */
  topic: string;
  partition: number;
  deliveries: Delivery[];
  /**
   * Records the batch's offsets inside this transaction, so a batch's effects and its commit are one write
   * (the in-process bus keeps offsets in the same database). Kafka commits offsets itself once handleBatch
   * resolved, so there this does nothing.
   */
  commitWithin(tx: Transaction): Promise<void>;
  /**
   * Says the group handles none of these deliveries, so there is nothing to write: the in-process bus then keeps
   * the batch's offset in memory and writes it later with other offsets (a crash before that offers the batch
   * again, and it is passed over again). Kafka commits as for any batch.
   */
  passOver(): void;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts; default true (nothing published before a group exists is skipped). */
  fromBeginning?: boolean;
  /**
   * Handles one batch (see DeliveryBatch). Batches of one partition come one at a time, in offset order. The batch
   * is committed once this resolves; when it throws, the same batch is offered again after a pause (handlers
   * are idempotent, so what it had done before the throw is harmlessly done again).
   */
  handleBatch?(batch: DeliveryBatch): Promise<void>;
  /** Instead of handleBatch, for a plain subscriber (tests, tools): each delivery of a batch in turn. */
  handle?(delivery: Delivery): Promise<void>;
  /** Pause before a failed batch is offered again; default 200 ms, doubling up to 10 s. */
  retryDelayMs?: (attempt: number) => number;
  /** Most deliveries in one batch (default 100). */
  maxBatch?: number;
  /**
   * A group that is not on a lead's path may wait to fill its batches (fewer, larger transactions):
   * up to `maxWaitMs` for `minBytes` (Kafka's fetch.min.bytes), or `maxWaitMs` of quiet in-process, where its
   * batch also spans every partition the member holds (one transaction for them all, not one per partition).
   */
  linger?: { maxWaitMs: number; minBytes: number };
  /**
   * A group that keeps no offsets (a console's hints, one group per host): it starts at the end of each topic
   * whenever it joins, and nothing it reads is committed, so a busy topic costs it no write at all. What it
   * reads while it holds a partition comes in order and once; what was published while it was away, never.
   */
  ephemeral?: boolean;
}

export interface BusConsumer {
  readonly groupId: string;
  /** Graceful: stops taking batches, lets the one in hand finish, commits what was processed. */
  stop(): Promise<void>;
  /** Abrupt, as a crash: nothing more is committed; the group's other members (or the next start) get the rest again. */
  kill(): Promise<void>;
  /** Resolves once this member holds at least one partition (after its group's rebalance). */
  assigned(): Promise<void>;
}

export interface EventBus {
  readonly adapter: string;
  /** Resolves once every message is durably accepted by the bus (all replicas, for Kafka). */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /**
   * Publishes as part of a database transaction: the in-process bus writes the messages in it (they exist
   * exactly when the transaction commits); Kafka produces them before the transaction commits, so a crash
   * can repeat them (consumers are idempotent by event id) but never lose them.
   */
  publishWithin(tx: Transaction, topic: string, messages: OutgoingMessage[]): void;
  subscribe(options: SubscribeOptions): Promise<BusConsumer>;
  /** Whether the bus is reachable now; for readiness. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** The subscriber's batch handler, whichever form it gave. */
export function batchHandler(options: SubscribeOptions): (batch: DeliveryBatch) => Promise<void> {
  if (options.handleBatch) return options.handleBatch;
  const handle = options.handle;
  if (!handle) throw new Error(`subscriber ${options.groupId} gives neither handleBatch nor handle`);
  return async (batch) => {
    for (const delivery of batch.deliveries) await handle(delivery);
  };
}

/** Header carrying the CloudEvent type, so a consumer can pass over what it does not handle without parsing it. */
export const typeHeader = 'ce_type';

export const defaultRetryDelay = (attempt: number) => Math.min(200 * 2 ** Math.max(0, attempt - 1), 10_000);

/** Kafka's default partitioner spreads keys by murmur2; the in-process bus uses the same function so keys land alike. */
export function partitionFor(key: string, partitions: number): number {
  return (murmur2(Buffer.from(key)) & 0x7fffffff) % partitions;
}

function murmur2(data: Buffer): number {
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  const length = data.length;
  let h = seed ^ length;
  const length4 = Math.floor(length / 4);
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      (data[i4]! & 0xff) +
      ((data[i4 + 1]! & 0xff) << 8) +
      ((data[i4 + 2]! & 0xff) << 16) +
      ((data[i4 + 3]! & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= (data[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}
