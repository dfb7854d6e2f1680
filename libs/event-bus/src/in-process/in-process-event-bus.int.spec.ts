import { createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
import { eventBusContract } from '../testing/event-bus.contract';
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
