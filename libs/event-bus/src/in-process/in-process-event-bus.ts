import { GroupWriter, migrate, type Sql } from '@baton/sql';
import {
  defaultRetryDelay, partitionFor, type BusConsumer, type Delivery, type EventBus, type OutgoingMessage, type SubscribeOptions,
} from '../event-bus.port';

interface Entry {
  offset: number;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

class PartitionLog {
  /** Offset of entries[0]. */
  base = 0;
  entries: Entry[] = [];
  waiters = new Set<() => void>();
  get end(): number {
    return this.base + this.entries.length;
  }
  notify(): void {
    for (const wake of this.waiters) wake();
  }
}

const migrations = [{
  version: 1,
  script: `
CREATE TABLE bus_messages (
  topic text NOT NULL, partition integer NOT NULL, "offset" bigint NOT NULL,
  key text NOT NULL, value bytea NOT NULL, headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, "offset")
);
CREATE TABLE bus_offsets (
  group_id text NOT NULL, topic text NOT NULL, partition integer NOT NULL, "offset" bigint NOT NULL,
  PRIMARY KEY (group_id, topic, partition)
);`,
}];

export interface InProcessEventBusOptions {
  partitions?: number;
  /** Keep the log and the groups' offsets in this database, so a restart loses nothing. */
  sql?: Sql;
  /** Deliveries a partition worker handles before it commits. */
  commitEvery?: number;
  /** How long a partition is quiet before what it processed is committed (default 50 ms). */
  commitIdleMs?: number;
}

/**
 * The bus for the embedded mode, with Kafka's semantics: topics of keyed partitions, per-key order,
 * consumer groups that share partitions, offsets committed after processing (so at-least-once),
 * and, with a database, a log that survives a restart.
 */
export class InProcessEventBus implements EventBus {
  readonly adapter = 'in-process';
  private readonly logs = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly committed = new Map<string, number>();
  private closed = false;
  private trimTimer?: NodeJS.Timeout;
  readonly partitions: number;
  readonly commitEvery: number;
  /** How long a partition is quiet before what it processed is committed. */
  readonly commitIdleMs: number;
  // Every group's commits arriving together share one upsert (one commit for many on a busy database).
  private readonly offsetWriter = new GroupWriter<{ groupId: string; topic: string; partition: number; offset: number }>(async (commits) => {
    const latest = new Map<string, (typeof commits)[number]>();
    for (const c of commits) {
      const key = offsetKey(c.groupId, c.topic, c.partition);
      if ((latest.get(key)?.offset ?? -1) < c.offset) latest.set(key, c); // one row per key: an upsert may not touch a row twice
    }
    const rows = [...latest.values()];
    await this.sql!.query(
      `INSERT INTO bus_offsets (group_id, topic, partition, "offset") SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET "offset" = GREATEST(bus_offsets."offset", excluded."offset")`,
      [rows.map((r) => r.groupId), rows.map((r) => r.topic), rows.map((r) => r.partition), rows.map((r) => r.offset)]);
  });

  private constructor(private readonly sql: Sql | undefined, options: InProcessEventBusOptions) {
    this.partitions = options.partitions ?? 8;
    this.commitEvery = options.commitEvery ?? 100;
    this.commitIdleMs = options.commitIdleMs ?? 50;
  }

  static async open(options: InProcessEventBusOptions = {}): Promise<InProcessEventBus> {
    const bus = new InProcessEventBus(options.sql, options);
    if (options.sql) await bus.load(options.sql);
    // Often, so each trim is small.
    bus.trimTimer = setInterval(() => void bus.trim().catch(() => undefined), 5_000);
    bus.trimTimer.unref();
    return bus;
  }

  private async load(sql: Sql): Promise<void> {
    await migrate(sql, 'in-process-bus', migrations);
    const offsets = await sql.query<{ group_id: string; topic: string; partition: number; offset: string }>(
      'SELECT group_id, topic, partition, "offset"::text AS offset FROM bus_offsets');
    for (const row of offsets.rows) this.committed.set(offsetKey(row.group_id, row.topic, row.partition), Number(row.offset));
    const messages = await sql.query<{ topic: string; partition: number; offset: string; key: string; value: Buffer | Uint8Array; headers: Record<string, string> }>(
      'SELECT topic, partition, "offset"::text AS offset, key, value, headers FROM bus_messages ORDER BY bus_messages.topic, bus_messages.partition, bus_messages."offset"');
    for (const row of messages.rows) {
      const log = this.partitionLog(row.topic, row.partition);
      const offset = Number(row.offset);
      if (log.entries.length === 0) log.base = offset;
      log.entries.push({ offset, key: row.key, value: Buffer.from(row.value), headers: row.headers ?? {} });
    }
    // Offsets never go back, even where every message was trimmed: keep the end from the offsets table too.
    for (const [key, offset] of this.committed) {
      const [, topic, partition] = key.split('\u0000');
      const log = this.partitionLog(topic!, Number(partition));
      if (log.entries.length === 0 && log.base < offset) log.base = offset;
    }
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the bus is closed'));
    if (messages.length === 0) return Promise.resolve();
    return this.publishes.write({ topic, messages });
  }

  /** Publishes waiting together are written in one statement: one commit for many. */
  private readonly publishes = new GroupWriter<{ topic: string; messages: OutgoingMessage[] }>(async (batch) => {
    const rows: { topic: string; partition: number; entry: Entry }[] = [];
    const next = new Map<PartitionLog, number>();
    for (const publish of batch) {
      for (const message of publish.messages) {
        const partition = partitionFor(message.key, this.partitions);
        const log = this.partitionLog(publish.topic, partition);
        const offset = next.get(log) ?? log.end;
        next.set(log, offset + 1);
        const value = typeof message.value === 'string' ? Buffer.from(message.value) : message.value;
        rows.push({ topic: publish.topic, partition, entry: { offset, key: message.key, value, headers: message.headers ?? {} } });
      }
    }
    if (this.sql) await this.persist(rows);
    for (const row of rows) this.partitionLog(row.topic, row.partition).entries.push(row.entry);
    for (const log of next.keys()) log.notify();
  }, 256);

  private async persist(rows: { topic: string; partition: number; entry: Entry }[]): Promise<void> {
    await this.sql!.query(
      `INSERT INTO bus_messages (topic, partition, "offset", key, value, headers)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::bytea[], $6::jsonb[])`,
      [rows.map((r) => r.topic), rows.map((r) => r.partition), rows.map((r) => r.entry.offset), rows.map((r) => r.entry.key),
        rows.map((r) => r.entry.value), rows.map((r) => JSON.stringify(r.entry.headers))],
    );
  }

  partitionLog(topic: string, partition: number): PartitionLog {
    let logs = this.logs.get(topic);
    if (!logs) {
      logs = Array.from({ length: this.partitions }, () => new PartitionLog());
      this.logs.set(topic, logs);
    }
    return logs[partition]!;
  }

  committedOffset(groupId: string, topic: string, partition: number): number | undefined {
    return this.committed.get(offsetKey(groupId, topic, partition));
  }

  async commit(groupId: string, topic: string, partition: number, offset: number): Promise<void> {
    if (this.sql) await this.offsetWriter.write({ groupId, topic, partition, offset });
    const key = offsetKey(groupId, topic, partition);
    this.committed.set(key, Math.max(this.committed.get(key) ?? 0, offset));
  }

  async subscribe(options: SubscribeOptions): Promise<BusConsumer> {
    if (this.closed) throw new Error('the bus is closed');
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = new ConsumerGroup(this, options.groupId);
      this.groups.set(options.groupId, group);
    }
    return group.join(options);
  }

  async healthy(): Promise<boolean> {
    if (this.closed) return false;
    if (!this.sql) return true;
    try {
      await this.sql.ping();
      return true;
    } catch {
      return false;
    }
  }

  /** Drops what every group that reads a topic has committed past: from memory, and from the table in one statement. */
  async trim(): Promise<void> {
    const upTo: { topic: string; partition: number; base: number }[] = [];
    for (const [topic, logs] of this.logs) {
      logs.forEach((log, partition) => {
        const offsets = [...this.groups.values()].filter((g) => g.reads(topic))
          .map((g) => this.committedOffset(g.id, topic, partition) ?? log.base);
        if (offsets.length === 0) return;
        const committed = Math.min(...offsets);
        if (committed > log.base) {
          log.entries.splice(0, committed - log.base);
          log.base = committed;
          upTo.push({ topic, partition, base: committed });
        }
      });
    }
    if (this.sql && upTo.length > 0) {
      // One statement for every partition: PGlite is one session, and a statement per partition held it long
      // enough to stall every consumer for seconds.
      await this.sql.query(
        `DELETE FROM bus_messages b USING unnest($1::text[], $2::int[], $3::bigint[]) AS t(topic, partition, upto)
          WHERE b.topic = t.topic AND b.partition = t.partition AND b."offset" < t.upto`,
        [upTo.map((u) => u.topic), upTo.map((u) => u.partition), upTo.map((u) => u.base)]);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.publishes.idle();
    this.closed = true;
    clearInterval(this.trimTimer);
    await Promise.all([...this.groups.values()].map((g) => g.stopAll()));
  }
}

const offsetKey = (groupId: string, topic: string, partition: number) => `${groupId}\u0000${topic}\u0000${partition}`;

class Member implements BusConsumer {
  constructor(readonly group: ConsumerGroup, readonly options: SubscribeOptions) {}
  get groupId(): string {
    return this.group.id;
  }
  stop(): Promise<void> {
    return this.group.leave(this, 'stop');
  }
  kill(): Promise<void> {
    return this.group.leave(this, 'kill');
  }
  async assigned(): Promise<void> {
    // partitions are assigned synchronously when a member joins
  }
}

/** Members share the group's partitions; any join or leave reassigns them all (an eager rebalance, as Kafka's). */
class ConsumerGroup {
  private members: Member[] = [];
  private workers: PartitionWorker[] = [];
  private readonly topics = new Set<string>();

  constructor(private readonly bus: InProcessEventBus, readonly id: string) {}

  reads(topic: string): boolean {
    return this.topics.has(topic);
  }

  async join(options: SubscribeOptions): Promise<Member> {
    const member = new Member(this, options);
    for (const topic of options.topics) this.topics.add(topic);
    await this.rebalance(() => this.members.push(member));
    return member;
  }

  async leave(member: Member, how: 'stop' | 'kill'): Promise<void> {
    if (!this.members.includes(member)) return;
    await this.rebalance(() => (this.members = this.members.filter((m) => m !== member)), how === 'kill' ? member : undefined);
  }

  async stopAll(): Promise<void> {
    await this.rebalance(() => (this.members = []));
  }

  private async rebalance(change: () => void, killed?: Member): Promise<void> {
    const previous = this.workers;
    this.workers = [];
    await Promise.all(previous.map((w) => (w.member === killed ? w.kill() : w.stop())));
    change();
    for (const topic of this.topics) {
      const readers = this.members.filter((m) => m.options.topics.includes(topic));
      if (readers.length === 0) continue;
      for (let partition = 0; partition < this.bus.partitions; partition++) {
        const member = readers[partition % readers.length]!;
        this.workers.push(new PartitionWorker(this.bus, this.id, topic, partition, member));
      }
    }
    for (const worker of this.workers) worker.start();
  }
}

class PartitionWorker {
  private running = true;
  private killed = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly bus: InProcessEventBus,
    private readonly groupId: string,
    private readonly topic: string,
    private readonly partition: number,
    readonly member: Member,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  async kill(): Promise<void> {
    this.killed = true;
    await this.stop();
  }

  private async run(): Promise<void> {
    const log = this.bus.partitionLog(this.topic, this.partition);
    const { options } = this.member;
    const committed = this.bus.committedOffset(this.groupId, this.topic, this.partition);
    let next = committed ?? (options.fromBeginning === false ? log.end : log.base);
    const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
    // Offsets (and the inbox, in beforeCommit) are written once the partition goes quiet for a moment or
    // commitEvery deliveries are in hand, not after each one: a crash hands back at most that much, which
    // handlers take again as they take any redelivery.
    let uncommitted: Delivery[] = [];
    const commit = async () => {
      if (uncommitted.length === 0) return;
      await options.beforeCommit?.(uncommitted);
      await this.bus.commit(this.groupId, this.topic, this.partition, next);
      uncommitted = [];
    };
    while (this.running) {
      if (next < log.base) next = log.base;
      if (next >= log.end) {
        if (uncommitted.length > 0) {
          const arrived = await this.waitFor(log, this.bus.commitIdleMs);
          if (this.killed) return;
          if (!arrived) await commit();
        } else {
          await this.waitFor(log);
        }
        continue;
      }
      const batch: Delivery[] = log.entries.slice(next - log.base, next - log.base + this.bus.commitEvery).map((entry) => ({
        topic: this.topic, partition: this.partition, offset: String(entry.offset), key: entry.key, value: entry.value, headers: { ...entry.headers },
      }));
      await options.beforeBatch?.(batch);
      for (const delivery of batch) {
        if (!this.running) break;
        let attempt = 0;
        for (;;) {
          try {
            await options.handle(delivery);
            break;
          } catch {
            attempt++;
            if (!this.running) break;
            await this.pause(retryDelay(attempt));
            if (!this.running) break;
          }
        }
        if (!this.running && attempt > 0) break; // stopped while retrying: the delivery stays uncommitted
        uncommitted.push(delivery);
        next = Number(delivery.offset) + 1;
      }
      if (this.killed) return; // a crash commits nothing more
      if (uncommitted.length >= this.bus.commitEvery) await commit();
    }
    if (!this.killed) await commit(); // a graceful stop commits what was processed
  }

  /** Resolves true when new entries arrived, false when timeoutMs passed first (or the consumer stopped). */
  private waitFor(log: PartitionLog, timeoutMs?: number): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (arrived: boolean) => {
        clearTimeout(timer);
        log.waiters.delete(woken);
        this.wake = undefined;
        resolve(arrived);
      };
      const woken = () => done(this.running);
      if (timeoutMs !== undefined) timer = setTimeout(() => done(false), timeoutMs);
      log.waiters.add(woken);
      this.wake = () => done(false);
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
