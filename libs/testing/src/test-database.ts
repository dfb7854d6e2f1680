import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PgSql, PgliteSql, type Sql } from '@baton/sql';

/** The server tests use: BATON_TEST_DATABASE_URL, or the local PostgreSQL 15 this machine runs. */
export const adminDatabaseUrl = () => process.env.BATON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let serverAnswer: Promise<boolean> | undefined;
/** Whether a PostgreSQL server is reachable; asked once per test file. */
export function postgresAvailable(): Promise<boolean> {
  serverAnswer ??= (async () => {
    const client = new Client({ connectionString: adminDatabaseUrl(), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return serverAnswer;
}

export interface TestDatabase {
  /** Set when the database is on a server (other processes can reach it); unset on PGlite. */
  url?: string;
  driver: 'pg' | 'pglite';
  /** Opens a new connection (pool) to this database; each is closed by drop(). */
  open(options?: { poolSize?: number }): Promise<Sql>;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file: a new database on the PostgreSQL server when one answers,
 * otherwise an in-memory PGlite. `require: 'postgres'` fails instead of falling back.
 */
export async function createTestDatabase(options: { require?: 'postgres' } = {}): Promise<TestDatabase> {
  if (await postgresAvailable()) return createServerDatabase();
  if (options.require === 'postgres')
    throw new Error(`this test needs PostgreSQL at ${adminDatabaseUrl()} (set BATON_TEST_DATABASE_URL)`);
  const opened: Sql[] = [];
  let shared: PgliteSql | undefined;
  return {
    driver: 'pglite',
    // PGlite is one session: every "connection" shares it, as the embedded mode does.
    open: async () => {
      shared ??= await PgliteSql.open();
      opened.push(shared);
      return shared;
    },
    drop: async () => {
      await shared?.close();
    },
  };
}

async function createServerDatabase(): Promise<TestDatabase> {
  const name = `baton_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  const opened: Sql[] = [];
  return {
    url: url.toString(),
    driver: 'pg',
    open: async (options = {}) => {
      const sql = PgSql.connect(url.toString(), { max: options.poolSize ?? 10 });
      opened.push(sql);
      return sql;
    },
    drop: async () => {
      await Promise.all(opened.map((sql) => sql.close().catch(() => undefined)));
      const client = new Client({ connectionString: adminDatabaseUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
