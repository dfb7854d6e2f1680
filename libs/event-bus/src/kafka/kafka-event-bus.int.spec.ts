import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@baton/contracts';
import { createTestDatabase, startKafkaMock, type KafkaMock, type TestDatabase } from '@baton/testing';
import { eventBusContract } from '../testing/event-bus.contract';
import { KafkaEventBus } from './kafka-event-bus';

eventBusContract('kafka', async () => {
  const db: TestDatabase = await createTestDatabase();
  const sql = await db.open();
  const mock: KafkaMock = await startKafkaMock({
    brokers: 3,
    topics: [{ name: deadLetterTopic('test'), partitions: 1 }],
  });
  return {
    open: () =>
      KafkaEventBus.connect({
        brokers: mock.brokers,
        clientId: `contract-${randomUUID().slice(0, 6)}`,
        fetchMaxWaitMs: 100,
      }),
    createTopic: (name) => mock.createTopic(name, 4),
    sql,
    outage: {
      kind: 'brokers-down',
      begin: async () => {
        await mock.brokerDown(1);
        await mock.brokerDown(2);
      },
      end: async () => {
        await mock.brokerUp(1);
        await mock.brokerUp(2);
      },
    },
    teardown: async () => {
      await mock.stop();
      await sql.close();
      await db.drop();
    },
  };
});
