import { createTestDatabase, type TestDatabase } from '@baton/testing';
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
