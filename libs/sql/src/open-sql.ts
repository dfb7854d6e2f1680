import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PgSql } from './pg-sql';
import { PgliteSql } from './pglite-sql';
import type { Sql } from './sql.port';

/** DATABASE_URL set: a PostgreSQL server; unset: embedded PGlite under the data dir. */
export async function openSql(config: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL: named prepared statements (default on; see PgSqlConfig). */
  preparedStatements?: boolean;
  /** PGlite's shared_buffers (default defaultPgliteSharedBuffers). */
  sharedBuffers?: string;
}): Promise<Sql> {
  if (config.databaseUrl) {
    const sql = PgSql.connect(config.databaseUrl, {
      max: config.poolSize ?? 10,
      preparedStatements: config.preparedStatements,
    });
    await sql.ping();
    return sql;
  }
  const dir = join(config.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return PgliteSql.open(dir, { sharedBuffers: config.sharedBuffers });
}
