import { randomUUID } from 'node:crypto';
import { PgliteSql, PgSql } from '@baton/sql';
import { createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore, type StoredEvent } from '../index';

// One adapter, two databases: a PostgreSQL server and embedded PGlite.
eventStoreContract('postgres', async () => {
  const db = await createTestDatabase({ require: 'postgres' });
  return {
    open: async () => PostgresEventStore.open(await db.open({ poolSize: 12 }), { ownsSql: true }),
    teardown: () => db.drop(),
  };
});
eventStoreContract('pglite', async () => {
  const sql = await PgliteSql.open();
  return { open: () => PostgresEventStore.open(sql), teardown: () => sql.close() };
});

describe('PostgresEventStore global order with open transactions', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
  });
  afterAll(async () => db.drop());

  it('never lets a reader pass an event whose transaction commits later', async () => {
    const store = await PostgresEventStore.open(await db.open());
    const prefix = `conversation-gap-${randomUUID().slice(0, 8)}-`;
    const seen: StoredEvent[] = [];
    const subscription = store.subscribeToAll({
      from: 'start',
      streamPrefix: prefix,
      onEvent: async (e) => {
        seen.push(e);
      },
    });

    // A slow writer takes its sequence number first, then holds its transaction open.
    const slow = new PgSql({ connectionString: db.url!, max: 1 });
    const slowAppend = slow.transaction(async (tx) => {
      await tx.query('SELECT es_append_batch($1::jsonb)', [
        JSON.stringify([
          { stream: `${prefix}slow`, expected: 'no_stream', events: [{ id: randomUUID(), type: 'slow', data: {} }] },
        ]),
      ]);
      await tx.query('SELECT pg_sleep(0.8)');
    });
    await new Promise((r) => setTimeout(r, 100));
    // Fast writers commit later sequence numbers while the slow one is open.
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        store.append(`${prefix}fast-${i}`, [{ id: randomUUID(), type: 'fast', data: {} }], 'no_stream'),
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]); // the fast events wait behind the open transaction
    await slowAppend;
    await subscription.caughtUp();
    await subscription.stop();
    expect(seen.map((e) => e.type)).toEqual(['slow', 'fast', 'fast', 'fast', 'fast', 'fast', 'fast']);
    await slow.close();
    await store.close();
  });

  it("never puts a stream's later revision before an earlier one, when a transaction got its id before waiting for the stream", async () => {
    const sql = await db.open();
    const store = await PostgresEventStore.open(sql);
    const stream = `conversation-order-${randomUUID().slice(0, 8)}`;
    await store.append(stream, [{ id: randomUUID(), type: 'r0', data: {} }], 'no_stream');
    const early = new PgSql({ connectionString: db.url!, max: 1 });
    // The early transaction takes its id (a write elsewhere), then a later one appends to the stream and commits.
    const append = (expected: string, type: string) =>
      JSON.stringify([{ stream, expected, events: [{ id: randomUUID(), type, data: {} }] }]);
    const failed = early.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()'); // takes its id now
      await store.append(stream, [{ id: randomUUID(), type: 'r1', data: {} }], 0n); // a newer transaction appends and commits
      await tx.query('SELECT es_append_batch($1::jsonb)', [append('1', 'late')]);
    });
    await expect(failed).rejects.toMatchObject({ code: '40001' });
    // Taken again, with a newer id, it lands after.
    await early.transaction((tx) => tx.query('SELECT es_append_batch($1::jsonb)', [append('1', 'r2')]));
    const all: StoredEvent[] = [];
    for await (const e of store.readAll({ streamPrefix: stream })) all.push(e);
    expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    await early.close();
    await store.close();
  });

  it('looks again while events are held back behind a transaction that ends without appending', async () => {
    // No notification comes when the holder ends, and the quiet wait is an hour: only the held-back poll finds it.
    const store = await PostgresEventStore.open(await db.open(), { pollIntervalMs: 50, idlePollMs: 3_600_000 });
    const prefix = `conversation-held-${randomUUID().slice(0, 8)}-`;
    const seen: string[] = [];
    const subscription = store.subscribeToAll({
      from: 'start',
      streamPrefix: prefix,
      onEvent: async (e) => void seen.push(e.type),
    });
    await subscription.caughtUp();
    const holder = new PgSql({ connectionString: db.url!, max: 1 });
    let end!: () => void;
    let took!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const idTaken = new Promise<void>((resolve) => (took = resolve));
    const held = holder.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()'); // an id older than the append below, and no append of its own
      took();
      await ended;
    });
    await idTaken;
    await store.append(`${prefix}a`, [{ id: randomUUID(), type: 'behind', data: {} }], 'no_stream');
    await subscription.caughtUp(); // read, and found held back
    expect(seen).toEqual([]);
    end();
    await held;
    await eventually(() => seen.includes('behind') || undefined, 'the held-back event');
    await subscription.stop();
    await holder.close();
    await store.close();
  });

  it('wakes a caught-up subscription with nothing held back on the append, not on a poll', async () => {
    const store = await PostgresEventStore.open(await db.open(), { pollIntervalMs: 3_600_000, idlePollMs: 3_600_000 });
    const prefix = `conversation-woken-${randomUUID().slice(0, 8)}-`;
    const seen: string[] = [];
    const subscription = store.subscribeToAll({
      from: 'start',
      streamPrefix: prefix,
      onEvent: async (e) => void seen.push(e.type),
    });
    await subscription.caughtUp();
    await store.append(`${prefix}a`, [{ id: randomUUID(), type: 'new', data: {} }], 'no_stream');
    await eventually(() => seen.includes('new') || undefined, 'the appended event');
    await subscription.stop();
    await store.close();
  });

  it('commits concurrent appends together: fewer transactions than appends', async () => {
    const sql = await db.open();
    const store = await PostgresEventStore.open(sql);
    const before = await sql.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
    const prefix = `conversation-batch-${randomUUID().slice(0, 8)}-`;
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.append(`${prefix}${i}`, [{ id: randomUUID(), type: 'x', data: {} }], 'no_stream'),
      ),
    );
    const { rows } = await sql.query<{ transactions: string }>(
      `SELECT count(DISTINCT transaction_id)::text AS transactions FROM es_events WHERE starts_with(stream_id, $1)`,
      [prefix],
    );
    expect(Number(rows[0]!.transactions)).toBeLessThan(50);
    expect(before.rows.length).toBe(1);
    await store.close();
  });
});
