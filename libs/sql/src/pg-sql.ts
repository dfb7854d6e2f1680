import { Pool, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';
import type { Sql, Transaction, TransactionOptions } from './sql.port';
import { createHash } from 'node:crypto';
import { ambientTransaction, inTransaction, outsideTransactions } from './ambient-transaction';
import { NamedLocks } from './named-locks';
import { countStatement, sqlCounters } from './statement-counters';
import { isStalePlan, StatementNames } from './prepared-statements';
import { AsyncLocalStorage } from 'node:async_hooks';

export interface PgSqlConfig extends PoolConfig {
  /**
   * Named prepared statements (default on). Off for a connection pooler in transaction mode that does not
   * carry them between server connections (PgBouncer before 1.21, or without max_prepared_statements).
   */
  preparedStatements?: boolean;
}

/** A PostgreSQL server through a pg pool. */
export class PgSql implements Sql {
  readonly driver = 'pg' as const;
  private readonly pool: Pool;
  // Edge writes (a webhook's) take their connections from here: never behind the consumers' batches holding the
  // main pool. Opened on first use, so only a service with an edge holds these connections.
  private edgePool?: Pool;
  private readonly config: PoolConfig;
  // Work done while holding a lock runs on the lock's own session: it never needs a second connection, so
  // lock holders cannot starve the pool (and each other) of connections.
  private readonly pinned = new AsyncLocalStorage<PoolClient>();
  private listener?: Promise<PoolClient>;
  private readonly channels = new Map<string, Set<(payload: string) => void>>();
  private closed = false;
  /** Which texts run as named prepared statements; none when they are off. */
  private readonly names?: StatementNames;

  constructor({ preparedStatements = true, ...config }: PgSqlConfig) {
    if (preparedStatements) this.names = new StatementNames();
    this.config = config;
    this.pool = new Pool({ max: 10, ...config });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  static connect(url: string, options: Omit<PgSqlConfig, 'connectionString'> = {}): PgSql {
    return new PgSql({ connectionString: url, ...options });
  }

  async query<R>(text: string, params?: unknown[]) {
    const joined = ambientTransaction(this);
    if (joined) return joined.query<R>(text, params);
    const on = this.pinned.getStore() ?? this.pool;
    let result;
    try {
      result = await countStatement(text, () => on.query(this.statement(text, params)));
    } catch (error) {
      if (!this.stale(text, error)) throw error;
      // outside a transaction nothing was done: once more, on a fresh plan
      result = await countStatement(text, () => on.query(this.statement(text, params)));
    }
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  /**
   * A statement as pg sends it: named (prepared once per connection, then only bound and executed; see
   * StatementNames) unless prepared statements are off (a pooler in transaction mode that cannot keep them).
   */
  private statement(text: string, params: unknown[] | undefined): QueryConfig {
    const name = this.names?.nameOf(text);
    return name === undefined ? { text, values: params } : { name, text, values: params };
  }

  /** Whether the error says the text's plan is stale, in which case its next run prepares it anew. */
  private stale(text: string, error: unknown): boolean {
    if (!this.names || !isStalePlan(error)) return false;
    this.names.forget(text);
    return true;
  }

  /**
   * BEGIN goes out with the first statement: a consumer batch whose events all turned out to need nothing of
   * this database (dropped, published only, answered from memory) costs no BEGIN and COMMIT. The session is
   * still taken first, as before, so the pool bounds how many transactions are under way.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return inTransaction(
      this,
      async (work) => {
        const session = this.pinned.getStore();
        const client = session ?? (await (options.lane === 'edge' ? this.edge() : this.pool).connect());
        let begun: Promise<void> | undefined;
        const begin = () =>
          (begun ??= client.query('BEGIN').then(() => {
            sqlCounters.transactions++;
          }));
        try {
          await work({
            query: async <R>(text: string, params?: unknown[]) => {
              await begin();
              const result = await countStatement(text, () =>
                client.query(this.statement(text, params)).catch((error: unknown) => {
                  this.stale(text, error);
                  throw error;
                }),
              );
              return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
            },
            exec: async (script: string) => {
              await begin();
              await countStatement(script, () => client.query(script));
            },
          });
          if (begun) {
            await begun;
            await client.query('COMMIT');
            sqlCounters.commits++;
          }
        } catch (error) {
          if (begun) await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          if (!session) client.release();
        }
      },
      fn,
    );
  }

  private edge(): Pool {
    if (!this.edgePool) {
      this.edgePool = new Pool({ ...this.config, max: 2 });
      this.edgePool.on('error', () => undefined);
    }
    return this.edgePool;
  }

  async exec(script: string): Promise<void> {
    const joined = ambientTransaction(this);
    if (joined) return joined.exec(script);
    await countStatement(script, () => this.pool.query(script));
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    assertChannel(channel);
    const client = await this.listenerClient();
    let handlers = this.channels.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.channels.set(channel, handlers);
      await client.query(`LISTEN ${channel}`);
    }
    handlers.add(onNotify);
    return async () => {
      handlers!.delete(onNotify);
    };
  }

  private readonly locks = new NamedLocks();

  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(name, () => this.advisory(name, true, fn) as Promise<T>);
  }

  async tryLock<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.locks.held(name)) return undefined;
    return this.locks.run(name, () => this.advisory(name, false, fn));
  }

  private async advisory<T>(name: string, wait: boolean, fn: () => Promise<T>): Promise<T | undefined> {
    const key = advisoryKey(name);
    const client = await outsideTransactions(() => this.pool.connect());
    let broken: Error | undefined;
    try {
      if (wait) await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      else if (
        !(await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS got', [key])).rows[0]!.got
      )
        return undefined;
      try {
        return await outsideTransactions(() => this.pinned.run(client, fn));
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch((error: Error) => {
          broken = error;
        });
      }
    } finally {
      // A session whose unlock failed may still hold the lock: it is dropped rather than given back to the pool.
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.listener && (await this.listener.catch(() => undefined));
    this.listener = undefined;
    if (listener && !released.has(listener)) {
      released.add(listener);
      listener.release(true);
    }
    await this.pool.end();
    await this.edgePool?.end();
  }

  private listenerClient(): Promise<PoolClient> {
    this.listener ??= this.pool.connect().then((client) => {
      client.on('notification', (message) => {
        for (const handler of this.channels.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      // A dropped listener is re-opened; subscribers also poll, so a missed notification only delays them. The
      // error can come after close() gave the session back (the database dropped under it): release it once only.
      client.on('error', () => {
        if (this.closed || released.has(client)) return;
        this.listener = undefined;
        released.add(client);
        client.release(true);
        setTimeout(() => void this.relisten(), 500).unref();
      });
      return client;
    });
    return this.listener;
  }

  private async relisten(): Promise<void> {
    if (this.closed) return;
    try {
      const client = await this.listenerClient();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
    } catch {
      this.listener = undefined;
      if (!this.closed) setTimeout(() => void this.relisten(), 1000).unref();
    }
  }
}

/** Listener sessions already given back: pg-pool throws on a second release. */
const released = new WeakSet<PoolClient>();

/** A 64-bit advisory lock key from a name. */
function advisoryKey(name: string): string {
  return createHash('sha1').update(name).digest().readBigInt64BE(0).toString();
}

export function assertChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid LISTEN channel name: ${channel}`);
}
