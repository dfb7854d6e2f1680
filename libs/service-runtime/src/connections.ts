import { randomUUID } from 'node:crypto';
import { openSql, type Sql } from '@baton/sql';
import { InProcessEventBus, KafkaEventBus, type EventBus } from '@baton/event-bus';
import { KurrentEventStore, PostgresEventStore, type EventStore } from '@baton/event-store';
import type { CommonConfig } from './config';

/** What a service talks to: its database, the bus and (for the aggregate's owner) the event store. */
export interface Connections {
  sql: Sql;
  bus: EventBus;
  eventStore?: EventStore;
  close(): Promise<void>;
}

/** DATABASE_URL, KAFKA_BROKERS and KURRENTDB_CONNECTION_STRING pick the adapters; unset means embedded. */
export async function openConnections(
  config: CommonConfig & { BATON_PGLITE_SHARED_BUFFERS?: string },
  options: { clientId: string; eventStore?: boolean },
): Promise<Connections> {
  const sql = await openSql({
    databaseUrl: config.DATABASE_URL,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    dataDir: config.BATON_DATA_DIR,
    sharedBuffers: config.BATON_PGLITE_SHARED_BUFFERS,
  });
  const bus: EventBus = config.KAFKA_BROKERS
    ? await KafkaEventBus.connect({
        brokers: config.KAFKA_BROKERS,
        clientId: `${options.clientId}-${randomUUID().slice(0, 6)}`,
        fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
      })
    : await InProcessEventBus.open({ sql });
  let eventStore: EventStore | undefined;
  if (options.eventStore) {
    if (config.KURRENTDB_CONNECTION_STRING) {
      eventStore = await KurrentEventStore.connect(config.KURRENTDB_CONNECTION_STRING);
    } else {
      eventStore = await PostgresEventStore.open(sql);
    }
  }
  return {
    sql,
    bus,
    eventStore,
    close: async () => {
      await bus.close();
      await eventStore?.close();
      await sql.close();
    },
  };
}
