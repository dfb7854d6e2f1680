// Event store throughput on PostgreSQL, beside the raw INSERT rate of the same server in the same run.
// Usage: npm run bench:event-store -- [--seconds 5] [--writers 8]   (needs PostgreSQL; BATON_TEST_DATABASE_URL to point elsewhere)
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { PostgresEventStore } from '@baton/event-store';
import { createTestDatabase } from '@baton/testing';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 5);
const writers = arg('writers', 8);

async function forDuration(
  writerCount: number,
  work: (writer: number, i: number) => Promise<number>,
): Promise<{ ops: number; items: number; seconds: number }> {
  const until = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  let ops = 0;
  let items = 0;
  await Promise.all(
    Array.from({ length: writerCount }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        const done = await work(w, i);
        items += done;
        ops++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { ops, items, seconds: elapsed };
}

async function main(): Promise<void> {
  const db = await createTestDatabase({ require: 'postgres' });
  const sql = await db.open({ poolSize: writers + 2 });
  try {
    await sql.exec('CREATE TABLE bench_raw (id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)');
    const payload = JSON.stringify({ body: 'Can someone call me about the refinance?', n: 1 });
    const rawOne = await forDuration(1, async () => {
      await sql.query('INSERT INTO bench_raw (stream, data) VALUES ($1, $2)', ['s', payload]);
      return 1;
    });
    const rawMany = await forDuration(writers, async (w) => {
      await sql.query('INSERT INTO bench_raw (stream, data) VALUES ($1, $2)', [`s${w}`, payload]);
      return 1;
    });

    const store = await PostgresEventStore.open(sql, { maxBatchesInFlight: arg('in-flight', 2) });
    const xid = async () =>
      BigInt((await sql.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x);
    const appendRun = async (perAppend: number) => {
      const streams = Array.from({ length: writers }, () => `conversation-bench-${randomUUID()}`);
      const revisions = streams.map(() => -1n);
      const before = await xid();
      const run = await forDuration(writers, async (w) => {
        const events = Array.from({ length: perAppend }, () => ({
          id: randomUUID(),
          type: 'baton.bench.v1',
          data: { body: 'Can someone call me about the refinance?' },
        }));
        const result = await store.append(streams[w]!, events, revisions[w]! < 0n ? 'no_stream' : revisions[w]!);
        revisions[w] = result.nextRevision;
        return perAppend;
      });
      const transactions = Number((await xid()) - before - 1n);
      return {
        appendsPerSecond: Math.round(run.ops / run.seconds),
        eventsPerSecond: Math.round(run.items / run.seconds),
        appends: run.ops,
        transactions,
      };
    };
    const one = await appendRun(1);
    const ten = await appendRun(10);

    let read = 0;
    const readStart = process.hrtime.bigint();
    for await (const _event of store.readAll()) read++;
    const readSeconds = Number(process.hrtime.bigint() - readStart) / 1e9;
    await store.close();

    console.log(
      JSON.stringify(
        {
          machine: {
            cores: cpus().length,
            postgres: (await sql.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version,
          },
          secondsPerRun: seconds,
          concurrentWriters: writers,
          rawInsert: {
            oneWriterRowsPerSecond: Math.round(rawOne.items / rawOne.seconds),
            [`${writers}WritersRowsPerSecond`]: Math.round(rawMany.items / rawMany.seconds),
          },
          append1EventEach: one,
          append10EventsEach: ten,
          readAll: { events: read, eventsPerSecond: Math.round(read / readSeconds) },
        },
        null,
        2,
      ),
    );
  } finally {
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
