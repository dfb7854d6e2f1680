export * from './event-store.port';
export * from './errors';
export { PollingSubscription, type Page } from './polling-subscription';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { KurrentEventStore } from './kurrent/kurrent-event-store';
