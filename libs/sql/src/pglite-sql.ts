import { PGlite, type Extension } from '@electric-sql/pglite';

// A subpath export, which this tsconfig's module resolution cannot see; the runtime resolves it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as { btree_gist: Extension };
import { assertChannel } from './pg-sql';
import type { Sql, Transaction, TransactionOptions } from './sql.port';
import { ambientTransaction, inTransaction, outsideTransactions } from './ambient-transaction';
import { NamedLocks } from './named-locks';
import { countStatement, sqlCounters } from './statement-counters';
import { SessionLanes } from './session-lanes';

export interface PgliteOptions {
  /**
   * PostgreSQL's shared_buffers for the embedded database (PGlite's own default is 128MB, resident once
   * touched). A Baton's working set is small; a few MB of buffers cost little in speed.
   */
  sharedBuffers?: string;
}

/** The embedded database's buffer cache unless the caller says otherwise. */
export const defaultPgliteSharedBuffers = '16MB';

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) with its data in a directory, or in memory when none is given.
 * PGlite is one session, held for the length of a transaction: every statement and transaction waits for it
 * here, in one of two lanes, so an edge write (a webhook's) is served before the queued consumer batches.
 */
export class PgliteSql implements Sql {
  readonly driver = 'pglite' as const;
  /** Who holds the one session, and who waits for it in which lane. */
  readonly session = new SessionLanes();
  private constructor(private readonly db: PGlite) {}

  static async open(dataDir?: string, options: PgliteOptions = {}): Promise<PgliteSql> {
    const sharedBuffers = options.sharedBuffers ?? defaultPgliteSharedBuffers;
    if (!/^[1-9][0-9]*(kB|MB|GB)$/.test(sharedBuffers))
      throw new Error(`shared_buffers must be a size such as 16MB, not ${sharedBuffers}`);
    // btree_gist (a contrib extension PGlite ships) lets an exclusion constraint mix = and && (scheduling's bookings).
    const db = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      extensions: { btree_gist },
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
    });
    return new PgliteSql(db);
  }

  async query<R>(text: string, params?: unknown[]) {
    const joined = ambientTransaction(this);
    if (joined) return joined.query<R>(text, params);
    return this.session.run('work', async () => {
      const result = await countStatement(text, () => this.db.query<R>(text, params as unknown[]));
      return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
    });
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return inTransaction(
      this,
      async (work) => {
        await this.session.run(options.lane ?? 'work', () =>
          this.db.transaction(async (tx) => {
            sqlCounters.transactions++;
            await work({
              query: async <R>(text: string, params?: unknown[]) => {
                await this.breathe();
                const r = await countStatement(text, () => tx.query<R>(text, params as unknown[]));
                return { rows: r.rows, rowCount: r.rows.length || (r.affectedRows ?? 0) };
              },
              exec: async (script: string) => {
                await this.breathe();
                await countStatement(script, () => tx.exec(script));
              },
            });
          }),
        );
        sqlCounters.commits++;
      },
      fn,
    );
  }

  /**
   * PGlite runs each statement on this thread and resolves it without a turn of the event loop, so a
   * transaction's statements, and the handlers' code between them, would run as one task however long. Every
   * 10 ms of that, a turn: requests are read (a webhook gets in line for the edge lane) and timers run.
   */
  private async breathe(): Promise<void> {
    if (performance.now() - this.lastBreath < 10) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.lastBreath = performance.now();
  }
  private lastBreath = performance.now();

  async exec(script: string): Promise<void> {
    const joined = ambientTransaction(this);
    if (joined) return joined.exec(script);
    await this.session.run('work', async () => {
      await countStatement(script, () => this.db.exec(script));
    });
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    assertChannel(channel);
    return this.db.listen(channel, onNotify);
  }

  // One process owns a PGlite database (the embedded mode locks its data dir), so locks in memory are whole.
  private readonly locks = new NamedLocks();

  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(name, () => outsideTransactions(fn));
  }

  async tryLock<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.locks.held(name)) return undefined;
    return this.locks.run(name, () => outsideTransactions(fn));
  }

  async ping(): Promise<void> {
    await this.session.run('work', () => this.db.query('SELECT 1'));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
