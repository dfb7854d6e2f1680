import { ambientTransaction, migrate, outsideTransactions, type Sql, type SqlQueryable } from '@baton/sql';
import { PartialDuplicateAppend, WrongExpectedRevision } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  Subscription,
  SubscriptionOptions,
} from '../event-store.port';
import { startOfAll } from '../event-store.port';
import { PollingSubscription, type Page } from '../polling-subscription';
import { eventStoreMigrations } from './schema';

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type AppendAnswer =
  | { ok: true; duplicate: boolean; revision: string; commit?: string; prepare?: string }
  | { ok: false; error: 'wrong_expected_revision'; actual: string }
  | { ok: false; error: 'partial_duplicate'; ids: string[] };

interface EventRow {
  commit: string;
  prepare: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  created_at: Date | string;
}

const columns = `transaction_id::text AS commit, global_position::text AS prepare, stream_id, stream_revision::text,
  event_id::text, event_type, data, metadata, created_at`;

export interface PostgresEventStoreOptions {
  /** Appends waiting while a batch is in flight go together in the next one: one commit for many. */
  maxAppendsPerBatch?: number;
  /** Batches in flight at once; PGlite is one session, so 1 there. */
  maxBatchesInFlight?: number;
  pageSize?: number;
  /**
   * How often a caught-up subscription looks again while events are held back behind a transaction still open
   * (each append notifies, but a transaction that appends nothing ends without a word).
   */
  pollIntervalMs?: number;
  /**
   * The longest a caught-up subscription with nothing held back waits for a notification: only a notification
   * lost with a dropped listener needs it.
   */
  idlePollMs?: number;
}

/**
 * The event store on PostgreSQL, the same code on a server (pg) and on embedded PGlite.
 * Concurrent appends are group-committed: every commit costs, so appends that arrive while one
 * batch is being written share the next transaction.
 */
export class PostgresEventStore implements EventStore {
  readonly adapter: string;
  private readonly queue: PendingAppend[] = [];
  private inFlight = 0;
  private readonly wakers = new Set<() => void>();
  private stopListening?: () => Promise<void>;
  private readonly options: Required<PostgresEventStoreOptions>;

  private constructor(
    private readonly sql: Sql,
    options: PostgresEventStoreOptions,
    private readonly ownsSql: boolean,
  ) {
    this.adapter = `postgres(${sql.driver})`;
    this.options = {
      maxAppendsPerBatch: options.maxAppendsPerBatch ?? 128,
      maxBatchesInFlight: options.maxBatchesInFlight ?? (sql.driver === 'pglite' ? 1 : 2),
      pageSize: options.pageSize ?? 500,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      idlePollMs: options.idlePollMs ?? 30_000,
    };
  }

  /** Opens the store on a connection, creating its tables if needed. `ownsSql`: close() closes the connection too. */
  static async open(
    sql: Sql,
    options: PostgresEventStoreOptions & { ownsSql?: boolean } = {},
  ): Promise<PostgresEventStore> {
    await migrate(sql, 'event-store', eventStoreMigrations);
    const store = new PostgresEventStore(sql, options, options.ownsSql ?? false);
    store.stopListening = await sql.listen('baton_es_appended', () => store.wakeSubscribers());
    return store;
  }

  /**
   * Appends waiting together are written in one transaction (group commit). Inside a caller's open transaction
   * (a consumer batch: the aggregate's read model and outcomes are written with it), the append is part of it.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const ids = new Set(events.map((e) => e.id));
    if (ids.size !== events.length) return Promise.reject(new Error(`append to ${streamId} repeats an event id`));
    const open = ambientTransaction(this.sql);
    if (open) {
      return new Promise(
        (resolve, reject) => void this.writeBatch([{ streamId, events, expected, resolve, reject }], open),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      outsideTransactions(() => this.flush());
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxBatchesInFlight) {
      const batch = this.queue.splice(0, this.options.maxAppendsPerBatch);
      this.inFlight++;
      void this.writeBatch(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async writeBatch(batch: PendingAppend[], on: SqlQueryable = this.sql): Promise<void> {
    // Streams are locked in one order by every batch, so two batches in flight cannot deadlock.
    const ordered = batch
      .map((pending, index) => ({ pending, index }))
      .sort((a, b) =>
        a.pending.streamId < b.pending.streamId ? -1 : a.pending.streamId > b.pending.streamId ? 1 : a.index - b.index,
      );
    const payload = ordered.map(({ pending }) => ({
      stream: pending.streamId,
      expected: typeof pending.expected === 'bigint' ? pending.expected.toString() : pending.expected,
      events: pending.events.map((e) => ({ id: e.id, type: e.type, data: e.data ?? null, metadata: e.metadata ?? {} })),
    }));
    let answers: AppendAnswer[];
    try {
      const { rows } = await on.query<{ answers: AppendAnswer[] }>('SELECT es_append_batch($1::jsonb) AS answers', [
        JSON.stringify(payload),
      ]);
      answers = rows[0]!.answers;
    } catch (error) {
      for (const { pending } of ordered) pending.reject(error);
      return;
    }
    ordered.forEach(({ pending }, i) => {
      const answer = answers[i]!;
      if (answer.ok) {
        pending.resolve({
          nextRevision: BigInt(answer.revision),
          duplicate: answer.duplicate,
          position:
            answer.commit && answer.prepare
              ? { commit: BigInt(answer.commit), prepare: BigInt(answer.prepare) }
              : undefined,
        });
      } else if (answer.error === 'wrong_expected_revision') {
        const actual = BigInt(answer.actual);
        pending.reject(
          new WrongExpectedRevision(pending.streamId, pending.expected, actual < 0n ? 'no_stream' : actual),
        );
      } else {
        pending.reject(new PartialDuplicateAppend(pending.streamId, answer.ids));
      }
    });
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let cursor = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    while (remaining > 0) {
      const limit = Math.min(this.options.pageSize, remaining);
      const { rows } = await this.sql.query<EventRow>(
        `SELECT ${columns} FROM es_events WHERE stream_id = $1 AND stream_revision ${backwards ? '<=' : '>='} $2
         ORDER BY es_events.stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
        [streamId, cursor.toString(), limit],
      );
      for (const row of rows) yield toStored(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      const last = BigInt(rows[rows.length - 1]!.stream_revision);
      cursor = backwards ? last - 1n : last + 1n;
      if (cursor < 0n) return;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let after = options.after ?? startOfAll;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const page = await this.readAllPage(after, this.options.pageSize, options.streamPrefix);
      for (const event of page.events.slice(0, remaining)) yield event;
      remaining -= page.events.length;
      if (!page.scannedTo) return;
      after = page.scannedTo;
    }
  }

  /**
   * One page of the global order: only transactions older than every open one are visible. The stream filter
   * is applied after the index-ordered read, so every page costs the same however large the store is (a filter
   * in SQL lets the planner sort the whole table for each page). The same statement says whether events are
   * held back behind an open transaction (one index probe): only then must a caught-up reader look again soon.
   */
  async readAllPage(after: Position, limit: number, streamPrefix?: string): Promise<Page> {
    const { rows } = await this.sql.query<EventRow & { held_back: boolean }>(
      `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
       SELECT ${columns}, held_back FROM (
         (SELECT es_events.*, false AS held_back FROM es_events, horizon
           WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint) AND transaction_id < horizon.xmin
           ORDER BY transaction_id, global_position LIMIT $3)
         UNION ALL
         (SELECT es_events.*, true FROM es_events, horizon
           WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint) AND transaction_id >= horizon.xmin
           LIMIT 1)
       ) page ORDER BY held_back, transaction_id, global_position`,
      [after.commit.toString(), after.prepare.toString(), limit],
    );
    const all = rows.filter((r) => !r.held_back).map(toStored);
    return {
      events: streamPrefix ? all.filter((e) => e.streamId.startsWith(streamPrefix)) : all,
      scannedTo: all[all.length - 1]?.position,
      scanned: all.length,
      heldBack: rows.length > all.length,
    };
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return new PollingSubscription({
      options,
      pageSize: this.options.pageSize,
      pollIntervalMs: this.options.pollIntervalMs,
      idlePollMs: this.options.idlePollMs,
      readPage: (after, limit) => this.readAllPage(after, limit, options.streamPrefix),
      endOfAll: () => this.endOfAll(),
      loadCheckpoint: (name) => this.checkpoint(name),
      saveCheckpoint: (name, position) => this.saveCheckpoint(name, position),
      onWake: (wake) => {
        this.wakers.add(wake);
        return () => this.wakers.delete(wake);
      },
    });
  }

  async checkpoint(name: string): Promise<Position | undefined> {
    const { rows } = await this.sql.query<{ commit: string; prepare: string }>(
      'SELECT commit_position::text AS commit, prepare_position::text AS prepare FROM es_checkpoints WHERE name = $1',
      [name],
    );
    return rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
  }

  private async saveCheckpoint(name: string, position: Position): Promise<void> {
    await this.sql.query(
      `INSERT INTO es_checkpoints (name, commit_position, prepare_position, updated_at) VALUES ($1, $2::text::xid8, $3, now())
       ON CONFLICT (name) DO UPDATE SET commit_position = excluded.commit_position, prepare_position = excluded.prepare_position, updated_at = now()`,
      [name, position.commit.toString(), position.prepare.toString()],
    );
  }

  private async endOfAll(): Promise<Position> {
    const { rows } = await this.sql.query<{ commit: string; prepare: string }>(
      `SELECT transaction_id::text AS commit, global_position::text AS prepare FROM es_events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : startOfAll;
  }

  private wakeSubscribers(): void {
    for (const wake of this.wakers) wake();
  }

  async ping(): Promise<void> {
    await this.sql.ping();
  }

  async close(): Promise<void> {
    await this.stopListening?.();
    while (this.inFlight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    if (this.ownsSql) await this.sql.close();
  }
}

function toStored(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata ?? {},
    streamId: row.stream_id,
    revision: BigInt(row.stream_revision),
    position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}
