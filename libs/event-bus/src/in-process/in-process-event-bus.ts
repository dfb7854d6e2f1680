import { ambientTransaction, GroupWriter, migrate, type Sql, type SqlQueryable, type Transaction } from '@baton/sql';
import {
  batchHandler,
  defaultRetryDelay,
  partitionFor,
  type BusConsumer,
  type Delivery,
  type EventBus,
  type OutgoingMessage,
  type SubscribeOptions,
} from '../event-bus.port';
import { Mutex } from './mutex';

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

const migrations = [
  {
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
  },
];

export interface InProcessEventBusOptions {
  partitions?: number;
  /**
   * The most deliveries in one batch (one transaction) when a subscription does not say; default 100, and 16 on
   * PGlite, whose one session a batch holds for its whole transaction: a webhook's write waits for at most one.
   */
  maxBatch?: number;
  /** Keep the log and the groups' offsets in this database, so a restart loses nothing. */
  sql?: Sql;
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
  readonly maxBatch: number;
  // Offsets are given out and written under this lock, so the log never has a gap or a reordering: a
  // transaction that publishes takes it just before its COMMIT and lets go once the log holds its messages.
  private readonly publishing = new Mutex();
  private readonly staged = new WeakMap<Transaction, Staged>();
  // Every group's commits arriving together share one upsert (one commit for many on a busy database).
  private readonly offsetWriter = new GroupWriter<{
    groupId: string;
    topic: string;
    partition: number;
    offset: number;
  }>(async (commits) => {
    const latest = new Map<string, (typeof commits)[number]>();
    for (const c of commits) {
      const key = offsetKey(c.groupId, c.topic, c.partition);
      if ((latest.get(key)?.offset ?? -1) < c.offset) latest.set(key, c); // one row per key: an upsert may not touch a row twice
    }
    const rows = [...latest.values()];
    await this.sql!.query(
      `INSERT INTO bus_offsets (group_id, topic, partition, "offset") SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET "offset" = GREATEST(bus_offsets."offset", excluded."offset")`,
      [rows.map((r) => r.groupId), rows.map((r) => r.topic), rows.map((r) => r.partition), rows.map((r) => r.offset)],
    );
  });

  private constructor(
    private readonly sql: Sql | undefined,
    options: InProcessEventBusOptions,
  ) {
    this.partitions = options.partitions ?? 8;
    this.maxBatch = options.maxBatch ?? (sql?.driver === 'pglite' ? 16 : 100);
  }

  static async open(options: InProcessEventBusOptions = {}): Promise<InProcessEventBus> {
    const bus = new InProcessEventBus(options.sql, options);
    if (options.sql) await bus.load(options.sql);
    bus.trimSoon(); // what the last run committed and did not live to trim
    return bus;
  }

  /** A trim 5 s after a commit (often, so each trim is small); none while nothing is committed. */
  private trimSoon(): void {
    if (this.trimTimer || this.closed) return;
    this.trimTimer = setTimeout(() => {
      this.trimTimer = undefined;
      void this.trim().catch(() => undefined);
    }, 5_000);
    this.trimTimer.unref();
  }

  private async load(sql: Sql): Promise<void> {
    await migrate(sql, 'in-process-bus', migrations);
    const offsets = await sql.query<{ group_id: string; topic: string; partition: number; offset: string }>(
      'SELECT group_id, topic, partition, "offset"::text AS offset FROM bus_offsets',
    );
    for (const row of offsets.rows)
      this.committed.set(offsetKey(row.group_id, row.topic, row.partition), Number(row.offset));
    const messages = await sql.query<{
      topic: string;
      partition: number;
      offset: string;
      key: string;
      value: Buffer | Uint8Array;
      headers: Record<string, string>;
    }>(
      'SELECT topic, partition, "offset"::text AS offset, key, value, headers FROM bus_messages ORDER BY bus_messages.topic, bus_messages.partition, bus_messages."offset"',
    );
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

  /**
   * Outside a transaction: the messages are written in one of their own (publishes waiting together share it).
   * Inside one (a consumer batch's, which every query of its handlers joins), they are written with it: a
   * transaction of their own would wait for the open one, which waits for this publish.
   */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the bus is closed'));
    if (messages.length === 0) return Promise.resolve();
    const open = this.sql ? ambientTransaction(this.sql) : undefined;
    if (open) {
      this.publishWithin(open, topic, messages);
      return Promise.resolve();
    }
    return this.publishes.write({ topic, messages });
  }

  private readonly publishes = new GroupWriter<{ topic: string; messages: OutgoingMessage[] }>(async (batch) => {
    if (!this.sql) {
      await this.publishing.run(async () => this.append(this.place(batch)));
      return;
    }
    await this.sql.transaction(async (tx) => {
      for (const publish of batch) this.publishWithin(tx, publish.topic, publish.messages);
    });
  }, 256);

  publishWithin(tx: Transaction, topic: string, messages: OutgoingMessage[]): void {
    if (this.closed) throw new Error('the bus is closed');
    if (messages.length === 0) return;
    // Everything a transaction publishes is written in one go at its commit, savepoints included (the lock is
    // taken once); what a savepoint published is dropped if the savepoint rolls back.
    const root = (this.sql && ambientTransaction(this.sql)) || tx;
    const staged = this.stagedFor(root);
    // A hook that ran after the bus's own would publish into a write already made: refuse, rather than lose it.
    if (staged.written) throw new Error('published after the transaction wrote its bus rows');
    const { publishes } = staged;
    const entry = { topic, messages };
    publishes.push(entry);
    if (root !== tx) tx.afterRollback(() => void publishes.splice(publishes.indexOf(entry), 1));
  }

  /**
   * What a transaction publishes and the offsets it commits, written at its commit: with both, one statement (the
   * offsets' upsert rides on the messages' insert), so a batch that publishes costs one bus statement, not two.
   */
  private stagedFor(tx: Transaction): Staged {
    const existing = this.staged.get(tx);
    if (existing) return existing;
    const staged: Staged = { publishes: [], offsets: [] };
    this.staged.set(tx, staged);
    let release: (() => void) | undefined;
    let rows: PlacedRow[] = [];
    tx.beforeCommit(async () => {
      if (staged.publishes.length > 0) {
        release = await this.publishing.acquire();
        rows = this.place(staged.publishes);
      }
      // A batch that sent no statement at all did nothing the offset must commit with: it is kept as a passed-over
      // batch's is (a crash offers it again, and it does nothing again), and the transaction stays empty.
      if (staged.offsets.length > 0 && rows.length === 0 && tx.statements === 0) {
        const later = staged.offsets.splice(0);
        tx.afterCommit(() => {
          for (const { groupId, topic, partition, offset } of later)
            this.commitLater(groupId, topic, partition, offset);
        });
      }
      if (this.sql) await this.persist(tx, rows, staged.offsets);
      staged.written = true;
    });
    tx.afterCommit(() => {
      this.append(rows);
      release?.();
      for (const { groupId, topic, partition, offset } of staged.offsets) {
        this.committedUpTo(groupId, topic, partition, offset);
        const key = offsetKey(groupId, topic, partition);
        if ((this.unwritten.get(key)?.offset ?? Infinity) <= offset) this.unwritten.delete(key);
      }
    });
    tx.afterRollback(() => release?.());
    return staged;
  }

  /** Gives each message its partition and the next offset there (under the publishing lock). */
  private place(publishes: { topic: string; messages: OutgoingMessage[] }[]): PlacedRow[] {
    const rows: PlacedRow[] = [];
    const next = new Map<PartitionLog, number>();
    for (const publish of publishes) {
      for (const message of publish.messages) {
        const partition = partitionFor(message.key, this.partitions);
        const log = this.partitionLog(publish.topic, partition);
        const offset = next.get(log) ?? log.end;
        next.set(log, offset + 1);
        const value = typeof message.value === 'string' ? Buffer.from(message.value) : message.value;
        rows.push({
          topic: publish.topic,
          partition,
          entry: { offset, key: message.key, value, headers: message.headers ?? {} },
        });
      }
    }
    return rows;
  }

  private append(rows: PlacedRow[]): void {
    const touched = new Set<PartitionLog>();
    for (const row of rows) {
      const log = this.partitionLog(row.topic, row.partition);
      log.entries.push(row.entry);
      touched.add(log);
    }
    for (const log of touched) log.notify();
  }

  private async persist(tx: SqlQueryable, rows: PlacedRow[], offsets: OffsetCommit[]): Promise<void> {
    if (rows.length === 0 && offsets.length === 0) return;
    const upsertOffsets = `INSERT INTO bus_offsets (group_id, topic, partition, "offset")
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET "offset" = GREATEST(bus_offsets."offset", excluded."offset")`;
    const offsetParams = [
      offsets.map((o) => o.groupId),
      offsets.map((o) => o.topic),
      offsets.map((o) => o.partition),
      offsets.map((o) => o.offset),
    ];
    if (rows.length === 0) {
      await tx.query(upsertOffsets, offsetParams);
      return;
    }
    const rowParams = [
      rows.map((r) => r.topic),
      rows.map((r) => r.partition),
      rows.map((r) => r.entry.offset),
      rows.map((r) => r.entry.key),
      rows.map((r) => r.entry.value),
      rows.map((r) => JSON.stringify(r.entry.headers)),
    ];
    const insertRows = (from: number) => `INSERT INTO bus_messages (topic, partition, "offset", key, value, headers)
       SELECT * FROM unnest($${from}::text[], $${from + 1}::int[], $${from + 2}::bigint[], $${from + 3}::text[], $${from + 4}::bytea[], $${from + 5}::jsonb[])`;
    if (offsets.length === 0) await tx.query(insertRows(1), rowParams);
    else
      await tx.query(`WITH committed AS (${upsertOffsets} RETURNING 1) ${insertRows(5)}`, [
        ...offsetParams,
        ...rowParams,
      ]);
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
    this.committedUpTo(groupId, topic, partition, offset);
  }

  /**
   * A passed-over batch's offset: at once in memory, in the table with the next trim (or close), and not at all
   * where the group commits a later offset of that partition first. Until written, a crash offers the batch again
   * and it is passed over again; the trim may drop those messages, which the group would only pass over.
   */
  commitLater(groupId: string, topic: string, partition: number, offset: number): void {
    this.committedUpTo(groupId, topic, partition, offset);
    if (this.sql) this.unwritten.set(offsetKey(groupId, topic, partition), { groupId, topic, partition, offset });
  }
  /** An ephemeral group's place: in memory only, so a rebalance in this process goes on from it (and the trim may pass it). */
  advance(groupId: string, topic: string, partition: number, offset: number): void {
    this.committedUpTo(groupId, topic, partition, offset);
  }
  private readonly unwritten = new Map<string, { groupId: string; topic: string; partition: number; offset: number }>();

  private async writeLaterCommits(): Promise<void> {
    if (this.unwritten.size === 0) return;
    const commits = [...this.unwritten.values()];
    this.unwritten.clear();
    try {
      await Promise.all(commits.map((c) => this.offsetWriter.write(c))); // one upsert for all
    } catch (error) {
      // Kept for the next attempt, unless a newer offset for the same key came meanwhile.
      for (const c of commits) {
        const key = offsetKey(c.groupId, c.topic, c.partition);
        if (!this.unwritten.has(key)) this.unwritten.set(key, c);
      }
      throw error;
    }
  }

  /** Writes a group's offset inside the transaction of the work it acknowledges: one commit for both. */
  async commitWithin(
    tx: Transaction,
    groupId: string,
    topic: string,
    partition: number,
    offset: number,
  ): Promise<void> {
    const staged = this.stagedFor((this.sql && ambientTransaction(this.sql)) || tx);
    // A lingering group's batch spans partitions: one row each, in one upsert.
    if (staged.offsets.some((o) => o.groupId !== groupId)) throw new Error("one transaction commits one group's batch");
    const same = staged.offsets.find((o) => o.topic === topic && o.partition === partition);
    if (same) same.offset = Math.max(same.offset, offset);
    else staged.offsets.push({ groupId, topic, partition, offset });
  }

  private committedUpTo(groupId: string, topic: string, partition: number, offset: number): void {
    const key = offsetKey(groupId, topic, partition);
    this.committed.set(key, Math.max(this.committed.get(key) ?? 0, offset));
    this.trimSoon();
  }

  async subscribe(options: SubscribeOptions): Promise<BusConsumer> {
    if (this.closed) throw new Error('the bus is closed');
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = new ConsumerGroup(this, options.groupId);
      this.groups.set(options.groupId, group);
      // An ephemeral group's place lives in this process only: a row it left while it still kept offsets would
      // otherwise be where every start begins (the row is never written again).
      if (options.ephemeral)
        for (const key of [...this.committed.keys()])
          if (key.startsWith(`${options.groupId}\u0000`)) this.committed.delete(key);
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
    await this.writeLaterCommits();
    const upTo: { topic: string; partition: number; base: number }[] = [];
    for (const [topic, logs] of this.logs) {
      logs.forEach((log, partition) => {
        const offsets = [...this.groups.values()]
          .filter((g) => g.reads(topic))
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
        [upTo.map((u) => u.topic), upTo.map((u) => u.partition), upTo.map((u) => u.base)],
      );
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.publishes.idle();
    this.closed = true;
    clearTimeout(this.trimTimer);
    await Promise.all([...this.groups.values()].map((g) => g.stopAll()));
    // Not written (the database went first): the next start passes those batches over again.
    await this.writeLaterCommits().catch(() => undefined);
  }
}

const offsetKey = (groupId: string, topic: string, partition: number) => `${groupId}\u0000${topic}\u0000${partition}`;
interface OffsetCommit {
  groupId: string;
  topic: string;
  partition: number;
  offset: number;
}
interface Staged {
  publishes: { topic: string; messages: OutgoingMessage[] }[];
  offsets: OffsetCommit[];
  written?: boolean;
}
interface PlacedRow {
  topic: string;
  partition: number;
  entry: Entry;
}

class Member implements BusConsumer {
  constructor(
    readonly group: ConsumerGroup,
    readonly options: SubscribeOptions,
  ) {}
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

  constructor(
    private readonly bus: InProcessEventBus,
    readonly id: string,
  ) {}

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
    await this.rebalance(
      () => (this.members = this.members.filter((m) => m !== member)),
      how === 'kill' ? member : undefined,
    );
  }

  async stopAll(): Promise<void> {
    await this.rebalance(() => (this.members = []));
  }

  private async rebalance(change: () => void, killed?: Member): Promise<void> {
    const previous = this.workers;
    this.workers = [];
    await Promise.all(previous.map((w) => (w.member === killed ? w.kill() : w.stop())));
    change();
    const held = new Map<Member, { topic: string; partition: number }[]>();
    for (const topic of this.topics) {
      const readers = this.members.filter((m) => m.options.topics.includes(topic));
      if (readers.length === 0) continue;
      for (let partition = 0; partition < this.bus.partitions; partition++) {
        const member = readers[partition % readers.length]!;
        if (member.options.linger) held.set(member, [...(held.get(member) ?? []), { topic, partition }]);
        else this.workers.push(new PartitionWorker(this.bus, this.id, [{ topic, partition }], member));
      }
    }
    for (const [member, partitions] of held)
      this.workers.push(new PartitionWorker(this.bus, this.id, partitions, member));
    for (const worker of this.workers) worker.start();
  }
}

/** Where a worker reads one partition of a topic: the next offset it takes. */
interface Cursor {
  topic: string;
  partition: number;
  log: PartitionLog;
  next: number;
}

/**
 * Takes a group member's batches from its cursors: one partition each for a group on a lead's path (a batch
 * waits for nothing), or every partition the member holds for a group that lingers (audit): its batch spans
 * them, so a second's events of every topic and partition are one transaction, not one per partition. Each
 * partition's deliveries stay in offset order within a batch, and a batch commits every partition it took.
 */
class PartitionWorker {
  private running = true;
  private killed = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Where the next batch starts taking, so one busy partition cannot keep the others waiting. */
  private turn = 0;

  constructor(
    private readonly bus: InProcessEventBus,
    private readonly groupId: string,
    private readonly partitions: { topic: string; partition: number }[],
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
    const { options } = this.member;
    const cursors: Cursor[] = this.partitions.map(({ topic, partition }) => {
      const log = this.bus.partitionLog(topic, partition);
      const committed = this.bus.committedOffset(this.groupId, topic, partition);
      const start = options.fromBeginning === false || options.ephemeral ? log.end : log.base;
      return { topic, partition, log, next: committed ?? start };
    });
    const logs = cursors.map((c) => c.log);
    const ready = () =>
      cursors.reduce((n, c) => {
        if (c.next < c.log.base) c.next = c.log.base;
        return n + (c.log.end - c.next);
      }, 0);
    const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
    const maxBatch = options.maxBatch ?? this.bus.maxBatch;
    const handleBatch = batchHandler(options);
    while (this.running) {
      if (ready() === 0) {
        await this.waitFor(logs);
        continue;
      }
      // A lingering group lets a small batch fill for a moment: fewer, larger transactions.
      if (options.linger && ready() < maxBatch) await this.waitFor(logs, options.linger.maxWaitMs, true);
      if (!this.running) break;
      const taken: { cursor: Cursor; upTo: number }[] = [];
      const deliveries: Delivery[] = [];
      for (let i = 0; i < cursors.length && deliveries.length < maxBatch; i++) {
        const cursor = cursors[(this.turn + i) % cursors.length]!;
        const { log, next } = cursor;
        if (next < log.base) cursor.next = log.base;
        const entries = log.entries.slice(
          cursor.next - log.base,
          cursor.next - log.base + maxBatch - deliveries.length,
        );
        if (entries.length === 0) continue;
        for (const entry of entries)
          deliveries.push({
            topic: cursor.topic,
            partition: cursor.partition,
            offset: String(entry.offset),
            key: entry.key,
            value: entry.value,
            headers: { ...entry.headers },
          });
        taken.push({ cursor, upTo: entries[entries.length - 1]!.offset + 1 });
      }
      this.turn = (this.turn + 1) % cursors.length;
      let committedWithin = false;
      let passedOver = false;
      let handled = false;
      for (let attempt = 1; this.running; attempt++) {
        try {
          await handleBatch({
            topic: taken[0]!.cursor.topic,
            partition: taken[0]!.cursor.partition,
            deliveries,
            commitWithin: async (tx) => {
              committedWithin = true;
              for (const { cursor, upTo } of taken)
                await this.bus.commitWithin(tx, this.groupId, cursor.topic, cursor.partition, upTo);
            },
            passOver: () => void (passedOver = true),
          });
          handled = true;
          break;
        } catch {
          committedWithin = false;
          passedOver = false;
          await this.pause(retryDelay(attempt));
        }
      }
      if (!handled || this.killed) return; // stopped while retrying, or a crash: the batch stays uncommitted
      for (const { cursor, upTo } of taken) {
        cursor.next = upTo;
        if (committedWithin) continue;
        if (options.ephemeral) this.bus.advance(this.groupId, cursor.topic, cursor.partition, upTo);
        else if (passedOver) this.bus.commitLater(this.groupId, cursor.topic, cursor.partition, upTo);
        else await this.bus.commit(this.groupId, cursor.topic, cursor.partition, upTo);
      }
    }
  }

  /**
   * Waits for new entries in any of the logs (or timeoutMs); `untilQuiet` keeps waiting while entries keep
   * arriving, up to timeoutMs in all. Resolves early when the worker stops.
   */
  private waitFor(logs: PartitionLog[], timeoutMs?: number, untilQuiet = false): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        for (const log of logs) log.waiters.delete(woken);
        this.wake = undefined;
        resolve();
      };
      const woken = () => {
        if (!untilQuiet) done();
      };
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
      for (const log of logs) log.waiters.add(woken);
      this.wake = done;
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
