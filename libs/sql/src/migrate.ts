import { createHash } from 'node:crypto';
import type { Sql } from './sql.port';

export interface Migration {
  /** Increasing per component: 1, 2, 3... A shipped migration is never edited; add the next one. */
  version: number;
  script: string;
}

/**
 * Applies a component's migrations once each, in order. Instances starting together take an advisory
 * lock, so exactly one of them applies a step.
 */
const bookLockKey = Number.parseInt(
  createHash('sha1').update('migrate:baton_migrations').digest('hex').slice(0, 8),
  16,
);

export async function migrate(sql: Sql, component: string, migrations: Migration[]): Promise<void> {
  // CREATE TABLE IF NOT EXISTS is not safe against itself: processes starting together would race on the
  // catalog ("duplicate key ... pg_type_typname_nsp_index"), so the book of migrations is created under a lock too.
  await sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [bookLockKey]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS baton_migrations (
      component text NOT NULL, version integer NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))`);
  });
  const lockKey = Number.parseInt(createHash('sha1').update(`migrate:${component}`).digest('hex').slice(0, 8), 16);
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  await sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
    const { rows } = await tx.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM baton_migrations WHERE component = $1',
      [component],
    );
    const applied = new Map(rows.map((r) => [Number(r.version), r.checksum]));
    for (const migration of ordered) {
      const checksum = createHash('sha256').update(migration.script).digest('hex');
      const seen = applied.get(migration.version);
      if (seen !== undefined) {
        if (seen !== checksum)
          throw new Error(
            `migration ${component} v${migration.version} was changed after it was applied; add a new version instead`,
          );
        continue;
      }
      await tx.exec(migration.script);
      await tx.query('INSERT INTO baton_migrations (component, version, checksum) VALUES ($1, $2, $3)', [
        component,
        migration.version,
        checksum,
      ]);
    }
  });
}
