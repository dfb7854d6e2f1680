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
