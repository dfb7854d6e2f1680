import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { deadLetterTopic, topics, type CloudEvent } from '@baton/contracts';
import { deadLetterHeaders } from '@baton/event-bus';
import { PgSql, type Sql } from '@baton/sql';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { adminDatabaseUrl, createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
import { verifyStoredChain } from '../src/adapters/chain-check';
import { auditService } from '../src/service';
import { aHistory, events, openAuditStore } from './fixtures';

describe('the audit log as the service runs it', () => {
  let db: TestDatabase;
  let audit: TestService;
  const dead: { reason: string; value: string }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    audit = await startForTest([auditService], { DATABASE_URL: db.url! });
    await audit.connections.bus.subscribe({
      groupId: 'dlq-observer',
      topics: [deadLetterTopic('audit')],
      handle: async (d) => {
        dead.push({ reason: d.headers[deadLetterHeaders.reason]!, value: d.value.toString() });
      },
    });
  });
  afterAll(async () => {
    await audit?.cleanup();
    await db?.drop();
  });

  const publish = (topic: string, ...values: (CloudEvent | string)[]) =>
    audit.connections.bus.publish(
      topic,
      values.map((v) => ({
        key: typeof v === 'string' ? 'c-bad' : v.subject,
        value: typeof v === 'string' ? v : JSON.stringify(v),
      })),
    );
  const count = async (tenant: string) =>
    Number(
      (
        await audit.connections.sql.query<{ n: string }>(
          'SELECT count(*)::text AS n FROM audit_records WHERE tenant_id = $1',
          [tenant],
        )
      ).rows[0]!.n,
    );

  it('records every topic once per event, however often it is delivered, in a chain that verifies', async () => {
    const tenant = 'acme';
    const history = [
      events.received('Hi, can I talk to a person?', { tenant }),
      events.signal('explicit_request', 'talk to a person', { tenant }),
      events.triggered({ tenant }),
      events.blocked('handoff_moves_only', { tenant }),
      events.booked('m-1', 'rep-7', '2026-03-03T16:00:00.000Z', { tenant }),
      events.reQuestioned('rep-7', { tenant }),
    ];
    const topicOf = (e: CloudEvent) => `baton.${e.type.split('.')[1]}`;
    for (const e of history) await publish(topicOf(e) === 'baton.briefs' ? topics.briefs : topicOf(e), e, e); // each twice
    await publish(topics.messages, history[0]!); // and once more later
    await eventually(async () => (await count(tenant)) >= history.length, 'the records');
    const store = await openAuditStore(audit.connections.sql);
    const report = await verifyStoredChain(store.log, audit.connections.sql, tenant);
    expect(report).toMatchObject({ ok: true, records: history.length });
    const { rows } = await audit.connections.sql.query<{ event_id: string }>(
      'SELECT event_id FROM audit_records WHERE tenant_id = $1 ORDER BY audit_records.seq',
      [tenant],
    );
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(history.map((e) => e.id)));
    expect(rows).toHaveLength(history.length);
  });

  it("keeps a lead's phone and words out of the stored record, and the rest readable", async () => {
    const tenant = 'sealed';
    await publish(topics.messages, events.received('my credit score is 748', { tenant }));
    await eventually(async () => (await count(tenant)) === 1, 'the record');
    const { rows } = await audit.connections.sql.query<{ body: string }>(
      'SELECT body FROM audit_records WHERE tenant_id = $1',
      [tenant],
    );
    // Ciphertexts and ids are random and may hold any three digits by chance: the plain rest must not.
    const plain = rows[0]!.body.replace(/sealed:v1:[\w-]+:[\w-]+/g, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '');
    expect(plain).not.toMatch(/748|5550100/);
    expect(JSON.parse(rows[0]!.body)).toMatchObject({
      type: 'baton.messages.message.received.v1',
      data: { channel: 'sms', batonNumber: '+15125550199', body: expect.stringMatching(/^sealed:v1:/) },
    });
  });

  it('dead-letters a malformed event on any topic with its cause, and records the good one behind it', async () => {
    const tenant = 'dlq';
    for (const topic of [topics.messages, topics.scheduling, topics.audit]) {
      const good = events.attended(`m-${topic}`, { tenant, conversation: 'c-bad' });
      await publish(
        topic,
        '{"specversion":"1.0","id":"x"',
        JSON.stringify({ ...good, id: 'not-a-uuid', data: { meetingId: 7 } }),
        good,
      );
    }
    // Valid by its contract, but its subject cannot be stored: it is refused alone, and the event beside it recorded.
    const poison = events.attended('m-nul', { tenant, conversation: 'c\u0000bad' });
    const beside = events.attended('m-beside', { tenant, conversation: 'c-bad' });
    await audit.connections.bus.publish(
      topics.scheduling,
      [poison, beside].map((e) => ({ key: 'c-bad', value: JSON.stringify(e) })),
    );
    await eventually(async () => (await count(tenant)) === 4, 'the good events');
    await eventually(() => dead.length >= 7, 'seven dead letters');
    expect(dead.map((d) => d.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^not JSON/),
        expect.stringMatching(/meetingId|id/),
        'subject holds a NUL character',
      ]),
    );
  });
});

describe('the role the service writes with', () => {
  let db: TestDatabase;
  const role = `audit_writer_${randomBytes(4).toString('hex')}`;
  let writer: Sql;

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    const admin = new Client({ connectionString: adminDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.end();
    const url = new URL(db.url!);
    url.username = role;
    writer = PgSql.connect(url.toString(), { max: 2 });
  });
  afterAll(async () => {
    await writer?.close();
    await db?.drop();
    const admin = new Client({ connectionString: adminDatabaseUrl() });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('appends and reads, and is refused UPDATE, DELETE and TRUNCATE by its grants', async () => {
    const store = await openAuditStore(writer, { BATON_AUDIT_OWNER_DATABASE_URL: db.url! });
    await store.log.append(writer, aHistory('acme', 8));
    expect((await verifyStoredChain(store.log, writer, 'acme')).ok).toBe(true);
    // The grants refuse before any trigger runs: the role has no such right at all.
    for (const statement of [
      "UPDATE audit_records SET body = '{}'",
      'DELETE FROM audit_records',
      'TRUNCATE audit_records',
      "UPDATE audit_checkpoints SET head = 'x'",
      'DELETE FROM audit_checkpoints',
      'DELETE FROM audit_lead_keys',
      "UPDATE audit_lead_keys SET conversation_id = 'c-other'",
    ]) {
      await expect(writer.query(statement)).rejects.toThrow(/permission denied for table/);
    }
    await expect(writer.query('ALTER TABLE audit_records DISABLE TRIGGER USER')).rejects.toThrow(/must be owner/);
    await writer.query(`GRANT UPDATE ON audit_records TO ${role}`); // a no-op (a warning): it holds no grant option
    await expect(writer.query("UPDATE audit_records SET body = '{}'")).rejects.toThrow(
      /permission denied for table audit_records/,
    );
    expect((await verifyStoredChain(store.log, writer, 'acme')).ok).toBe(true);
  });
});

describe('appends from several replicas and partitions into one chain', () => {
  it('serializes them per tenant: every event once, the chain intact', async () => {
    const db = await createTestDatabase({ require: 'postgres' });
    const replicas = await Promise.all(Array.from({ length: 4 }, () => db.open({ poolSize: 3 })));
    try {
      const store = await openAuditStore(replicas[0]!);
      const history = [...aHistory('acme', 120), ...aHistory('globex', 60)];
      // Every replica gets every event (a rebalance redelivers), in its own batches and order.
      await Promise.all(
        replicas.map(async (sql, r) => {
          const mine = [...history].sort(() => (r % 2 === 0 ? 1 : -1)).reverse();
          for (let i = 0; i < mine.length; i += 7 + r)
            await Promise.all([store.log.append(sql, mine.slice(i, i + 7 + r))]);
        }),
      );
      for (const [tenant, size] of [
        ['acme', 120],
        ['globex', 60],
      ] as const) {
        const report = await verifyStoredChain(store.log, replicas[0]!, tenant);
        expect(report).toMatchObject({ ok: true, records: size, lastSeq: size });
      }
    } finally {
      await db.drop();
    }
  });
});
