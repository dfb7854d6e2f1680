import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Sql, SqlQueryable } from './sql.port';

/** A PostgreSQL server through a pg pool. */
export class PgSql implements Sql {
  readonly driver = 'pg' as const;
  private readonly pool: Pool;
  private listener?: Promise<PoolClient>;
  private readonly channels = new Map<string, Set<(payload: string) => void>>();
  private closed = false;

  constructor(config: PoolConfig) {
    this.pool = new Pool({ max: 10, ...config });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  static connect(url: string, options: Omit<PoolConfig, 'connectionString'> = {}): PgSql {
    return new PgSql({ connectionString: url, ...options });
  }

  async query<R>(text: string, params?: unknown[]) {
    const result = await this.pool.query(text, params as unknown[]);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: SqlQueryable = {
        query: async <R>(text: string, params?: unknown[]) => {
          const result = await client.query(text, params as unknown[]);
          return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
        },
        exec: async (script: string) => {
          await client.query(script);
        },
      };
      const value = await fn(tx);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
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

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.listener) (await this.listener.catch(() => undefined))?.release(true);
    await this.pool.end();
  }

  private listenerClient(): Promise<PoolClient> {
    this.listener ??= this.pool.connect().then((client) => {
      client.on('notification', (message) => {
        for (const handler of this.channels.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      // A dropped listener is re-opened; subscribers also poll, so a missed notification only delays them.
      client.on('error', () => {
        this.listener = undefined;
        client.release(true);
        if (!this.closed) setTimeout(() => void this.relisten(), 500).unref();
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

export function assertChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid LISTEN channel name: ${channel}`);
}
