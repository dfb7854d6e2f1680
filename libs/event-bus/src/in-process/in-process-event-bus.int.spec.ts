import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { parseEnvelope, type CloudEvent } from '@baton/contracts';
import { sqlCounters, type Sql } from '@baton/sql';
import { createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
import { eventBusContract } from '../testing/event-bus.contract';
import { busMessage, startEventConsumer } from '../event-consumer';
import { InProcessEventBus } from './in-process-event-bus';
import type { EventBus } from '../event-bus.port';

eventBusContract('in-process', async () => {
  const db: TestDatabase = await createTestDatabase();
  const sql = await db.open();
  return {
    // Every open() is the same log in the same database: a second bus is the process after a restart.
    open: () => InProcessEventBus.open({ sql, partitions: 4 }),
    createTopic: async () => undefined,
    sql,
    outage: {
      kind: 'restart',
      begin: async (bus: EventBus) => {
        await (bus as InProcessEventBus).close();
      },
      end: async () => undefined,
    },
    teardown: () => db.drop(),
  };
});

describe('in-process bus: batches a group passes over', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.open();
  });
  afterAll(() => db.drop());

  const other = (n: number) =>
    busMessage({
      specversion: '1.0',
      id: randomUUID(),
      type: 'baton.test.other.happened.v1',
      source: '/baton/test',
      subject: 'conversation-one',
      time: new Date().toISOString(),
      tenantid: 't1',
      correlationid: randomUUID(),
      data: { n },
    });
  const storedOffset = async (group: string) =>
    (
      await sql.query<{ offset: string }>('SELECT "offset"::text AS offset FROM bus_offsets WHERE group_id = $1', [
        group,
      ])
    ).rows[0]?.offset;

  const readEphemeral = (bus: InProcessEventBus, topic: string, group: string, read: number[]) =>
    bus.subscribe({
      groupId: group,
      topics: [topic],
      ephemeral: true,
      handle: async (d) => void read.push((JSON.parse(d.value.toString()) as { data: { n: number } }).data.n),
    });

  it('opens no transaction for them, keeps their offset in memory, and writes it with the trim or at close', async () => {
    const bus = await InProcessEventBus.open({ sql, partitions: 1 });
    const topic = `baton.test.${randomUUID().slice(0, 8)}`;
    const group = `group-${randomUUID().slice(0, 8)}`;
    const handled: CloudEvent[] = [];
    const consumer = await startEventConsumer(bus, {
      service: 'test',
      groupId: group,
      topics: [topic],
      accepts: (_topic, type) => type === 'baton.test.thing.happened.v1',
      parse: (v) => parseEnvelope(v),
      handle: async (event) => void handled.push(event),
      sql,
      logger: pino({ level: 'silent' }),
    });
    const transactionsBefore = sqlCounters.transactions;
    await bus.publish(topic, [other(1), other(2), other(3)]);
    const published = sqlCounters.transactions; // the publish's own transaction
    await eventually(() => bus.committedOffset(group, topic, 0) === 3, { what: 'the group past the three' });
    expect(sqlCounters.transactions - published).toBe(0);
    expect(published - transactionsBefore).toBe(1);
    expect(handled).toEqual([]);
    expect(await storedOffset(group)).toBeUndefined();

    await bus.trim();
    expect(await storedOffset(group)).toBe('3');

    await bus.publish(topic, [other(4)]);
    await eventually(() => bus.committedOffset(group, topic, 0) === 4, { what: 'the group past the fourth' });
    await consumer.stop();
    await bus.close();
    expect(await storedOffset(group)).toBe('4');
  });

  it('writes nothing for an ephemeral group, not even at the trim or at close, and lets the trim pass its place', async () => {
    const bus = await InProcessEventBus.open({ sql, partitions: 1 });
    const topic = `baton.test.${randomUUID().slice(0, 8)}`;
    const group = `hints-${randomUUID().slice(0, 8)}`;
    const read: number[] = [];
    const consumer = await readEphemeral(bus, topic, group, read);
    const transactionsBefore = sqlCounters.transactions;
    await bus.publish(topic, [other(1), other(2)]);
    await eventually(() => read.length === 2, { what: 'both read' });
    expect(sqlCounters.transactions - transactionsBefore).toBe(1); // the publish's own
    await bus.trim();
    expect(bus.partitionLog(topic, 0).entries).toEqual([]);
    await consumer.stop();
    await bus.close();
    expect(await storedOffset(group)).toBeUndefined();
    expect(read).toEqual([1, 2]);
  });

  it('starts an ephemeral group at the end even where a row it left when it kept offsets says otherwise', async () => {
    const topic = `baton.test.${randomUUID().slice(0, 8)}`;
    const group = `hints-${randomUUID().slice(0, 8)}`;
    const before = await InProcessEventBus.open({ sql, partitions: 1 });
    await before.publish(topic, [other(1), other(2)]);
    await before.close();
    await sql.query(`INSERT INTO bus_offsets (group_id, topic, partition, "offset") VALUES ($1, $2, 0, 1)`, [
      group,
      topic,
    ]);
    const bus = await InProcessEventBus.open({ sql, partitions: 1 });
    const read: number[] = [];
    const consumer = await readEphemeral(bus, topic, group, read);
    await bus.publish(topic, [other(3)]);
    await eventually(() => read.includes(3), { what: 'the new message read' });
    await consumer.stop();
    await bus.close();
    expect(read).toEqual([3]);
  });
});

describe('InProcessEventBus trim', () => {
  it('drops what every group committed past soon after the commit, with no trim called', async () => {
    const db = await createTestDatabase();
    const sql = await db.open();
    const bus = await InProcessEventBus.open({ sql, partitions: 1 });
    const seen: string[] = [];
    const consumer = await bus.subscribe({
      groupId: 'trimmed',
      topics: ['trim.topic'],
      fromBeginning: true,
      handle: async (d) => void seen.push(d.value.toString()),
    });
    try {
      await bus.publish('trim.topic', [
        { key: 'k', value: 'one' },
        { key: 'k', value: 'two' },
      ]);
      await eventually(() => seen.length === 2, 'both consumed');
      const left = async () =>
        (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM bus_messages')).rows[0]!.n;
      await eventually(async () => (await left()) === 0, 'the log trimmed');
    } finally {
      await consumer.stop();
      await bus.close();
      await db.drop();
    }
  });
});

describe('in-process bus: a group that lingers', () => {
  it("takes every partition's waiting events in one batch, in each partition's order, committed in one transaction", async () => {
    const db = await createTestDatabase();
    const sql = await db.open();
    const topics = [`baton.test.${randomUUID().slice(0, 8)}`, `baton.test.${randomUUID().slice(0, 8)}`];
    const keys = Array.from({ length: 12 }, (_, i) => `conversation-${i}`);
    const event = (subject: string, n: number): CloudEvent => ({
      specversion: '1.0',
      id: randomUUID(),
      type: 'baton.test.thing.happened.v1',
      source: '/baton/test',
      subject,
      time: new Date().toISOString(),
      tenantid: 't1',
      correlationid: randomUUID(),
      data: { n },
    });
    await sql.exec('CREATE TABLE lingered (id text PRIMARY KEY)');
    let bus = await InProcessEventBus.open({ sql, partitions: 4 });
    const handled: string[] = [];
    const consume = () =>
      startEventConsumer(bus, {
        service: 'test',
        groupId: 'lingering',
        topics,
        fromBeginning: true,
        parse: (v) => parseEnvelope(v),
        handle: async (e, { tx }) => {
          await tx.query('INSERT INTO lingered (id) VALUES ($1)', [e.id]);
          handled.push(`${e.subject}:${(e.data as { n: number }).n}`);
        },
        sql,
        logger: pino({ level: 'silent' }),
        linger: { maxWaitMs: 300, minBytes: 1 },
        maxBatch: 100,
      });
    // A raw subscriber of its own group sees the batches as the bus makes them.
    const batches: { partitions: string[]; values: string[] }[] = [];
    const raw = await bus.subscribe({
      groupId: 'lingering-raw',
      topics,
      fromBeginning: true,
      linger: { maxWaitMs: 300, minBytes: 1 },
      maxBatch: 100,
      handleBatch: async (batch) =>
        void batches.push({
          partitions: [...new Set(batch.deliveries.map((d) => `${d.topic}/${d.partition}`))],
          values: batch.deliveries.map((d) => {
            const e = JSON.parse(d.value.toString()) as CloudEvent;
            return `${e.subject}:${(e.data as { n: number }).n}`;
          }),
        }),
    });
    try {
      const before = sqlCounters.transactions;
      const consumer = await consume();
      for (const topic of topics)
        await bus.publish(
          topic,
          keys.flatMap((k) => [1, 2].map((n) => busMessage(event(k, n)))),
        );
      await eventually(() => batches.flatMap((b) => b.values).length === 48, { what: 'all 48 delivered' });
      expect(batches).toHaveLength(1);
      expect(batches[0]!.partitions.length).toBeGreaterThan(4); // both topics, several partitions each
      for (const k of keys) {
        // each partition in offset order: the first topic's two, then the second's
        expect(batches[0]!.values.filter((v) => v.startsWith(`${k}:`))).toEqual([
          `${k}:1`,
          `${k}:2`,
          `${k}:1`,
          `${k}:2`,
        ]);
      }
      const offsets = async () =>
        (
          await sql.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM bus_offsets WHERE group_id = \'lingering\' AND "offset" > 0',
          )
        ).rows[0]!.n;
      await eventually(async () => (await offsets()) === batches[0]!.partitions.length, {
        what: "the consumer's batch committed",
      });
      expect(handled).toHaveLength(48);
      // two publishes and one batch: its handlers' 48 writes and every partition's offset in one transaction
      expect(sqlCounters.transactions - before).toBe(3);
      await consumer.stop();
      await raw.stop();
      await bus.close();

      // After a restart nothing is offered again: a new event is the first the group handles.
      bus = await InProcessEventBus.open({ sql, partitions: 4 });
      handled.length = 0;
      const restarted = await consume();
      await bus.publish(topics[1]!, [busMessage(event('conversation-new', 3))]);
      await eventually(() => handled.length > 0, { what: 'the new event handled' });
      await restarted.stop();
      expect(handled).toEqual(['conversation-new:3']);
    } finally {
      await bus.close();
      await db.drop();
    }
  });
});
