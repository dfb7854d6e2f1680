export * from './sql.port';
export { PgSql } from './pg-sql';
export { PgliteSql } from './pglite-sql';
export * from './migrate';
export * from './open-sql';
export * from './group-writer';
export * from './sql-errors';
export { ambientTransaction, outsideTransactions } from './ambient-transaction';
export { sqlCounters } from './statement-counters';
