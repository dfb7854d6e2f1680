import { PGlite, type Extension } from '@electric-sql/pglite';

// A subpath export, which this tsconfig's module resolution cannot see; the runtime resolves it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as { btree_gist: Extension };
import { assertChannel } from './pg-sql';
import type { Sql, SqlQueryable } from './sql.port';

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) with its data in a directory, or in memory when none is given.
 * PGlite is one session: it queues queries and holds the session for the length of a transaction.
 */
export class PgliteSql implements Sql {
  readonly driver = 'pglite' as const;
  private constructor(private readonly db: PGlite) {}

  static async open(dataDir?: string): Promise<PgliteSql> {
    // btree_gist (a contrib extension PGlite ships) lets an exclusion constraint mix = and && (scheduling's bookings).
    const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { btree_gist } });
    return new PgliteSql(db);
  }

  async query<R>(text: string, params?: unknown[]) {
    const result = await this.db.query<R>(text, params as unknown[]);
    return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
  }

  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn({
        query: async <R>(text: string, params?: unknown[]) => {
          const result = await tx.query<R>(text, params as unknown[]);
          return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
        },
        exec: async (script: string) => {
          await tx.exec(script);
        },
      }),
    );
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    assertChannel(channel);
    return this.db.listen(channel, onNotify);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
