import { ManualClock } from '@baton/service-runtime';
import { createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
import type { Sql } from '@baton/sql';
import { LiveCalls } from './live-calls';

describe('LiveCalls', () => {
  let db: TestDatabase;
  let sqls: Sql[];
  let replicas: LiveCalls[];
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(new Date('2026-03-02T15:00:00Z'));
    db = await createTestDatabase({ require: 'postgres' });
    sqls = [await db.open(), await db.open()];
    replicas = sqls.map((sql) => new LiveCalls(sql, clock));
    for (const r of replicas) await r.onModuleInit();
  });
  afterEach(async () => {
    for (const r of replicas) await r.onModuleDestroy();
    for (const sql of sqls) await sql.close();
    await db.drop();
  });

  it("answers from memory what any replica's call events changed, and a call over four hours old counts as ended", async () => {
    const [a, b] = replicas as [LiveCalls, LiveCalls];
    await a.started('t1', 'c1', 'CA1', '2026-03-02T14:59:00Z');
    expect(await eventually(() => b.onCall('t1', 'c1'), 'the other replica heard the call')).toBe(true);
    expect(await a.onCall('t1', 'c1')).toBe(true);
    expect(await b.onCall('t1', 'c2')).toBe(false);
    expect(await b.onCall('t2', 'c1')).toBe(false);

    // Ended on the other replica, inside a transaction that rolls back first: only the committed end counts.
    await expect(
      sqls[1]!.transaction(async () => {
        await b.ended('t1', 'c1', 'CA1');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await a.started('t1', 'c3', 'CA3', '2026-03-02T12:00:00Z'); // a marker: once heard, the rollback's notice would be too
    expect(await eventually(() => b.onCall('t1', 'c3'), 'the marker call')).toBe(true);
    expect(await b.onCall('t1', 'c1')).toBe(true);
    await b.ended('t1', 'c1', 'CA1');
    await eventually(async () => !(await a.onCall('t1', 'c1')), 'the end was heard');
    expect(await a.onCall('t1', 'c1')).toBe(false);

    clock.advance(61 * 60_000); // c3's call started 4 hours and a minute ago: taken as ended whose end never came
    expect(await b.onCall('t1', 'c3')).toBe(false);
  });

  it('starts from the table: a replica started after the call began knows of it', async () => {
    await replicas[0]!.started('t1', 'c9', 'CA9', '2026-03-02T14:30:00Z');
    const late = new LiveCalls(sqls[1]!, clock);
    await late.onModuleInit();
    try {
      expect(await late.onCall('t1', 'c9')).toBe(true);
    } finally {
      await late.onModuleDestroy();
    }
  });
});
