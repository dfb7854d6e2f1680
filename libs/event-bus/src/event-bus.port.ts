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

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts; default true (nothing published before a group exists is skipped). */
  fromBeginning?: boolean;
  /**
   * Handles one delivery. Deliveries of one partition come one at a time, in offset order. A delivery is
   * committed only after it resolves; when it throws, the same delivery is offered again after a pause.
   */
  handle(delivery: Delivery): Promise<void>;
  /**
   * Called with the deliveries at hand for a partition before the first of them is handled: a place to look
   * up many at once (the inbox) instead of one query per delivery. Optional; handle must not rely on it.
   */
  beforeBatch?(deliveries: Delivery[]): Promise<void>;
  /** Called with the deliveries about to be committed, before their offsets are: batch side-effects (the inbox) go here. */
  beforeCommit?(deliveries: Delivery[]): Promise<void>;
  /** Pause before a failed delivery is offered again; default 200 ms, doubling up to 10 s. */
  retryDelayMs?: (attempt: number) => number;
}

export interface BusConsumer {
  readonly groupId: string;
  /** Graceful: stops taking deliveries, lets the one in hand finish, commits what was processed. */
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
  subscribe(options: SubscribeOptions): Promise<BusConsumer>;
  /** Whether the bus is reachable now; for readiness. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

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
    let k = (data[i4]! & 0xff) + ((data[i4 + 1]! & 0xff) << 8) + ((data[i4 + 2]! & 0xff) << 16) + ((data[i4 + 3]! & 0xff) << 24);
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
