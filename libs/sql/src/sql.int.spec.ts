import { createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
import { migrate, PgliteSql, PgSql, sqlCounters, type Sql } from '@baton/sql';

describe.each([
  [
    'postgres',
    async () => {
      const db = await createTestDatabase({ require: 'postgres' });
      return { db, sql: await db.open() };
    },
  ],
  [
    'pglite',
    async () => {
      const sql = await PgliteSql.open();
      return { db: { drop: () => sql.close() } as unknown as TestDatabase, sql };
    },
  ],
])('Sql on %s', (_name, open) => {
  let db: TestDatabase;
  let sql: Sql;
  beforeEach(async () => ({ db, sql } = await open()));
  afterEach(async () => db.drop());

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await sql.exec('CREATE TABLE t (v int)');
    await sql.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1)', [1]);
    });
    await expect(
      sql.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1)', [2]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await sql.query<{ v: number }>('SELECT v FROM t')).rows).toEqual([{ v: 1 }]);
  });

  it('lets every query inside a transaction join it, nested transactions as savepoints, with hooks around the commit', async () => {
    await sql.exec('CREATE TABLE j (v int)');
    const calls: string[] = [];
    await expect(
      sql.transaction(async (tx) => {
        tx.beforeCommit(async () => {
          calls.push('before');
          await tx.query('INSERT INTO j VALUES (9)');
        });
        tx.afterCommit(() => void calls.push('after'));
        await sql.query('INSERT INTO j VALUES (1)'); // not through tx, yet in it (on PGlite a query outside would wait forever)
        await sql.transaction(async (inner) => {
          await inner.query('INSERT INTO j VALUES (2)');
        });
        await expect(
          sql.transaction(async (inner) => {
            inner.afterCommit(() => void calls.push('never: its savepoint rolled back'));
            await inner.query('INSERT INTO j VALUES (3)');
            throw new Error('inner refused');
          }),
        ).rejects.toThrow('inner refused');
        expect((await sql.query<{ n: string }>('SELECT count(*)::text AS n FROM j')).rows[0]!.n).toBe('2');
      }),
    ).resolves.toBeUndefined();
    expect(calls).toEqual(['before', 'after']);
    expect((await sql.query<{ v: number }>('SELECT v FROM j ORDER BY v')).rows.map((r) => r.v)).toEqual([1, 2, 9]);
    const rolledBack: string[] = [];
    await expect(
      sql.transaction(async (tx) => {
        tx.afterRollback(() => void rolledBack.push('rolled back'));
        tx.afterCommit(() => void rolledBack.push('never'));
        await sql.query('INSERT INTO j VALUES (5)');
        throw new Error('outer refused');
      }),
    ).rejects.toThrow('outer refused');
    expect(rolledBack).toEqual(['rolled back']);
    expect((await sql.query<{ v: number }>('SELECT v FROM j ORDER BY v')).rows.map((r) => r.v)).toEqual([1, 2, 9]);
  });

  it('drops what a released savepoint registered when the savepoint around it rolls back', async () => {
    const calls: string[] = [];
    await sql.transaction(async () => {
      await expect(
        sql.transaction(async () => {
          await sql.transaction(async (innermost) => {
            innermost.afterCommit(() => void calls.push('never: the savepoint around it rolled back'));
            innermost.afterRollback(() => void calls.push('rolled back with the savepoint around it'));
          });
          throw new Error('middle refused');
        }),
      ).rejects.toThrow('middle refused');
    });
    expect(calls).toEqual(['rolled back with the savepoint around it']);
  });

  it('applies each migration once and refuses an edited one', async () => {
    const steps = [{ version: 1, script: 'CREATE TABLE m (a int); CREATE TABLE m2 (b int);' }];
    await migrate(sql, 'demo', steps);
    await migrate(sql, 'demo', steps);
    expect((await sql.query('SELECT * FROM baton_migrations WHERE component = $1', ['demo'])).rowCount).toBe(1);
    await expect(migrate(sql, 'demo', [{ version: 1, script: 'CREATE TABLE other (a int)' }])).rejects.toThrow(
      /changed after it was applied/,
    );
  });

  it('delivers a NOTIFY to a listener', async () => {
    const got: string[] = [];
    const stop = await sql.listen('baton_test', (p) => got.push(p));
    await sql.query("SELECT pg_notify('baton_test', 'hello')");
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(got).toEqual(['hello']);
  });

  it('plans a statement once per session and runs it again by name, with its values written by their types', async () => {
    await sql.exec('CREATE TABLE p (id bigint, doc jsonb, at timestamptz, note text)');
    const insert = 'INSERT INTO p SELECT * FROM unnest($1::bigint[], $2::jsonb[], $3::timestamptz[], $4::text[])';
    const prepared = (tx: { query: Sql['query'] }) =>
      tx.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_prepared_statements WHERE statement = $1', [insert]);
    const at = new Date('2026-12-02T06:00:00.000Z');
    const counts = await sql.transaction(async (tx) => {
      const seen: string[] = [];
      for (const id of [1, 2, 3]) {
        await tx.query(insert, [[id], [JSON.stringify({ id })], [at], [id === 2 ? null : `n${id}`]]);
        seen.push((await prepared(tx)).rows[0]!.n);
      }
      return seen;
    });
    expect(counts).toEqual(['1', '1', '1']);
    const { rows } = await sql.query<{ id: string; doc: unknown; at: Date; note: string | null }>(
      'SELECT id::text AS id, doc, at, note FROM p WHERE id = ANY($1::bigint[]) ORDER BY id',
      [[1, 2]],
    );
    expect(rows).toEqual([
      { id: '1', doc: { id: 1 }, at, note: 'n1' },
      { id: '2', doc: { id: 2 }, at, note: null },
    ]);
  });

  it("prepares a statement again when the table under its plan changed, in the transaction's retry", async () => {
    await sql.exec('CREATE TABLE s (a int); INSERT INTO s VALUES (1)');
    const select = 'SELECT * FROM s';
    expect((await sql.query(select)).rows).toEqual([{ a: 1 }]);
    await sql.exec('ALTER TABLE s ADD COLUMN b int DEFAULT 2');
    // outside a transaction nothing was done yet: it runs again at once on a fresh plan
    expect((await sql.query(select)).rows).toEqual([{ a: 1, b: 2 }]);
    await sql.transaction(async (tx) => void (await tx.query(select)));
    await sql.exec('ALTER TABLE s ADD COLUMN c int DEFAULT 3');
    // in a transaction the refusal aborts it (a consumer's batch is retried), and the retry prepares anew
    const attempt = () => sql.transaction(async (tx) => (await tx.query(select)).rows);
    const first = await attempt().catch((error: { code?: string }) => error);
    const runs = [first, await attempt()];
    if (!Array.isArray(first)) expect(first).toMatchObject({ code: '0A000' });
    expect(runs.at(-1)).toEqual([{ a: 1, b: 2, c: 3 }]);
  });
});

describe.each([
  ['PostgreSQL', async () => createTestDatabase({ require: 'postgres' })],
  ['PGlite', async () => ({ open: () => PgliteSql.open(), drop: async () => undefined }) as unknown as TestDatabase],
])('a transaction on %s', (_name, create) => {
  it('begins with its first statement: one that runs none costs no round trip, yet its hooks run', async () => {
    const db = await create();
    const sql = await db.open();
    try {
      await sql.exec('CREATE TABLE lazy (v int)');
      const before = { ...sqlCounters };
      const calls: string[] = [];
      await sql.transaction(async (tx) => {
        tx.beforeCommit(async () => void calls.push('before'));
        tx.afterCommit(() => void calls.push('after'));
      });
      expect(calls).toEqual(['before', 'after']);
      expect(sqlCounters.transactions - before.transactions).toBe(0);
      await sql.transaction(async (tx) => {
        await Promise.all([tx.query('INSERT INTO lazy VALUES (1)'), tx.query('INSERT INTO lazy VALUES (2)')]);
      });
      await expect(
        sql.transaction(async (tx) => {
          await tx.query('INSERT INTO lazy VALUES (3)');
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(sqlCounters.transactions - before.transactions).toBe(2);
      expect(sqlCounters.commits - before.commits).toBe(1);
      expect((await sql.query<{ v: number }>('SELECT v FROM lazy ORDER BY v')).rows).toEqual([{ v: 1 }, { v: 2 }]);
    } finally {
      await sql.close();
      await db.drop();
    }
  });
});

describe('PostgreSQL behind a pooler that cannot keep prepared statements', () => {
  it('runs unnamed statements when prepared statements are off', async () => {
    const db = await createTestDatabase({ require: 'postgres' });
    const sql = PgSql.connect(db.url!, { max: 1, preparedStatements: false });
    try {
      await sql.query('SELECT 1 AS one');
      await sql.query('SELECT 1 AS one');
      const { rows } = await sql.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_prepared_statements');
      expect(rows).toEqual([{ n: '0' }]);
    } finally {
      await sql.close();
      await db.drop();
    }
  });
});

describe('migrations from processes starting together', () => {
  it('apply once with no catalog race, however many instances migrate a fresh database at once', async () => {
    const db = await createTestDatabase({ require: 'postgres' });
    const instances = await Promise.all(Array.from({ length: 8 }, () => db.open()));
    try {
      await Promise.all(
        instances.map((sql, i) =>
          migrate(sql, `component-${i % 3}`, [{ version: 1, script: `CREATE TABLE IF NOT EXISTS c${i % 3} (a int)` }]),
        ),
      );
      const { rows } = await instances[0]!.query<{ component: string }>(
        'SELECT component FROM baton_migrations ORDER BY baton_migrations.component',
      );
      expect(rows.map((r) => r.component)).toEqual(['component-0', 'component-1', 'component-2']);
    } finally {
      await Promise.all(instances.map((sql) => sql.close()));
      await db.drop();
    }
  });
});

describe('the edge lane', () => {
  it('on PGlite, runs an edge transaction before every transaction queued for the one session, after the one holding it', async () => {
    const sql = await PgliteSql.open();
    try {
      await sql.exec('CREATE TABLE inbound (sid text PRIMARY KEY)');
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const holds = new Promise<void>((resolve) => (holding = resolve));
      const order: string[] = [];
      // A consumer's long batch holds the session; two more batches queue behind it.
      const batch = sql.transaction(async (tx) => {
        holding();
        await held;
        order.push(`batch sees ${(await tx.query('SELECT 1 FROM inbound')).rowCount}`);
      });
      await holds;
      const queued = [1, 2].map((n) =>
        sql.transaction(async (tx) => {
          order.push(`queued ${n} sees ${(await tx.query('SELECT 1 FROM inbound')).rowCount}`);
        }),
      );
      const edge = sql.transaction(
        async (tx) => {
          await tx.query("INSERT INTO inbound VALUES ('SM1')");
          order.push('edge wrote');
        },
        { lane: 'edge' },
      );
      await eventually(() => sql.session.queued.edge === 1 && sql.session.queued.work === 2, {
        what: 'the edge write and two batches waiting',
      });
      release();
      await Promise.all([batch, edge, ...queued]);
      expect(order).toEqual(['batch sees 0', 'edge wrote', 'queued 1 sees 1', 'queued 2 sees 1']);
    } finally {
      await sql.close();
    }
  });

  it('on PGlite, lets the event loop turn during a long transaction (a request is read while it runs), and between two holders', async () => {
    const sql = await PgliteSql.open();
    try {
      let turned = false;
      let statements = 0;
      await sql.transaction(async (tx) => {
        setImmediate(() => (turned = true));
        // PGlite resolves a statement without a turn of the event loop: without one given, this never ends.
        while (!turned && statements < 20_000) {
          await tx.query('SELECT $1::int', [statements]);
          statements++;
        }
      });
      expect(turned).toBe(true);
      expect(statements).toBeLessThan(20_000);
      const order: string[] = [];
      const first = sql.transaction(async () => {
        setImmediate(() => order.push('a turn of the loop'));
        order.push('first holder');
      });
      const second = sql.transaction(async () => void order.push('second holder'));
      await Promise.all([first, second]);
      expect(order).toEqual(['first holder', 'a turn of the loop', 'second holder']);
    } finally {
      await sql.close();
    }
  });

  it('on PostgreSQL, takes a connection of its own while every connection of the pool is held', async () => {
    const db = await createTestDatabase({ require: 'postgres' });
    const sql = PgSql.connect(db.url!, { max: 2 });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding = 0;
      const holders = [1, 2].map(() =>
        sql.transaction(async () => {
          holding++;
          await held;
        }),
      );
      await eventually(() => holding === 2, { what: 'the pool held' });
      let edgeDone = false;
      const edge = sql.transaction((tx) => tx.query('SELECT 1'), { lane: 'edge' }).then(() => (edgeDone = true));
      // Done while both connections of the pool are still held.
      await eventually(() => edgeDone, { what: 'the edge transaction' });
      release();
      await Promise.all([...holders, edge]);
    } finally {
      await sql.close();
      await db.drop();
    }
  });
});

describe('PGlite LISTEN', () => {
  it('waits for the transaction holding the session instead of landing in it and sharing its rollback', async () => {
    const sql = await PgliteSql.open();
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const holds = new Promise<void>((resolve) => (holding = resolve));
      const rolledBack = sql
        .transaction(async (tx) => {
          await tx.query('SELECT 1');
          holding();
          await held;
          throw new Error('rolled back');
        })
        .catch((error: Error) => error.message);
      await holds;
      const got: string[] = [];
      const listening = sql.listen('baton_held', (p) => got.push(p));
      await eventually(() => sql.session.queued.work === 1, { what: 'LISTEN waiting for the session' });
      release();
      expect(await rolledBack).toBe('rolled back');
      const stop = await listening;
      await sql.query("SELECT pg_notify('baton_held', 'after')");
      await eventually(() => got.length === 1, { what: 'the notification' });
      await stop();
      expect(got).toEqual(['after']);
    } finally {
      await sql.close();
    }
  });
});

describe('PGlite memory', () => {
  it('starts with small shared buffers unless told otherwise, and refuses a size it cannot read', async () => {
    const small = await PgliteSql.open();
    const larger = await PgliteSql.open(undefined, { sharedBuffers: '32MB' });
    try {
      expect((await small.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers).toBe(
        '16MB',
      );
      expect((await larger.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers).toBe(
        '32MB',
      );
    } finally {
      await small.close();
      await larger.close();
    }
    await expect(PgliteSql.open(undefined, { sharedBuffers: 'lots' })).rejects.toThrow(/shared_buffers/);
  });
});
