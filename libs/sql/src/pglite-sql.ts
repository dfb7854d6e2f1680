import { parse, PGlite, protocol, type Extension, type Results } from '@electric-sql/pglite';

// A subpath export, which this tsconfig's module resolution cannot see; the runtime resolves it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as { btree_gist: Extension };
import { assertChannel } from './pg-sql';
import type { Sql, Transaction, TransactionOptions } from './sql.port';
import { ambientTransaction, inTransaction, outsideTransactions } from './ambient-transaction';
import { NamedLocks } from './named-locks';
import { countStatement, sqlCounters } from './statement-counters';
import { SessionLanes } from './session-lanes';
import { isStalePlan, StatementNames } from './prepared-statements';

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
      try {
        return await countStatement(text, () => this.run<R>(text, params ?? []));
      } catch (error) {
        if (!isStalePlan(error)) throw error;
        // outside a transaction nothing was done: once more, on a fresh plan
        return countStatement(text, () => this.run<R>(text, params ?? []));
      } finally {
        await this.db.syncToFs();
      }
    });
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return inTransaction(
      this,
      async (work) => {
        await this.session.run(options.lane ?? 'work', async () => {
          // BEGIN goes out with the first statement, in the same call into the database (as on PostgreSQL, a
          // batch that needs nothing of the database costs no BEGIN and COMMIT).
          let begun = false;
          const begin = () => {
            if (begun) return [];
            begun = true;
            sqlCounters.transactions++;
            return [protocol.serialize.query('BEGIN')];
          };
          try {
            await work({
              query: async <R>(text: string, params?: unknown[]) => {
                await this.breathe();
                return countStatement(text, () => this.run<R>(text, params ?? [], begin()));
              },
              exec: async (script: string) => {
                await this.breathe();
                await countStatement(script, () => this.send([...begin(), protocol.serialize.query(script)]));
              },
            });
            if (begun) {
              await this.send([protocol.serialize.query('COMMIT')]);
              sqlCounters.commits++;
            }
          } catch (error) {
            if (begun) await this.send([protocol.serialize.query('ROLLBACK')]).catch(() => undefined);
            throw error;
          } finally {
            await this.db.syncToFs();
          }
        });
      },
      fn,
    );
  }

  /**
   * One statement over the extended protocol, as a named prepared statement: parsed, described and planned the
   * first time, then only bound and executed (PGlite's own query() parses, describes and plans every time, in
   * six calls into the database; this is one). `before` goes out in the same call (a deferred BEGIN).
   */
  private async run<R>(
    text: string,
    params: unknown[],
    before: Uint8Array[] = [],
  ): Promise<{ rows: R[]; rowCount: number }> {
    const name = this.names.nameOf(text);
    let types = name === undefined ? undefined : this.paramTypes.get(name);
    if (types === undefined) {
      const described = await this.send([
        ...before.splice(0),
        protocol.serialize.parse({ name: name ?? '', text }),
        protocol.serialize.describe({ type: 'S', name: name ?? '' }),
        protocol.serialize.sync(),
      ]);
      types = parse.parseDescribeStatementResults(described);
      if (name !== undefined) this.paramTypes.set(name, types);
    }
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = this.db.serializers[types![i]!];
      return serialize ? serialize(value) : String(value);
    });
    let messages;
    try {
      messages = await this.send([
        ...before,
        protocol.serialize.bind({ statement: name ?? '', values }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]);
    } catch (error) {
      if (name !== undefined && isStalePlan(error)) {
        this.names.forget(text);
        this.paramTypes.delete(name);
      }
      throw error;
    }
    // the last result: a BEGIN sent before it has one of its own
    const result = parse.parseResults(messages, this.db.parsers).at(-1) as Results<R>;
    return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
  }

  /** Sends protocol messages in one call into the database; throws the first error the database answered. */
  private async send(parts: Uint8Array[]) {
    const message = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) {
      message.set(part, at);
      at += part.length;
    }
    return (await this.db.execProtocol(message, { syncToFs: false })).messages;
  }

  private readonly names = new StatementNames();
  /** Each prepared statement's parameter types, which say how to write its values. */
  private readonly paramTypes = new Map<string, number[]>();

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
      await countStatement(script, () => this.send([protocol.serialize.query(script)]));
      await this.db.syncToFs();
    });
  }

  // LISTEN and UNLISTEN take the session like any statement: they would otherwise land inside a transaction
  // under way (transactions here are BEGIN and COMMIT sent by this class, not PGlite's) and share its fate.
  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    assertChannel(channel);
    const stop = await this.session.run('work', () => this.db.listen(channel, onNotify));
    return () => this.session.run('work', () => stop());
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
    await this.session.run('work', () => this.run('SELECT 1', []));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
