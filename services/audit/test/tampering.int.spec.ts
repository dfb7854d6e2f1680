import { createTestDatabase, type TestDatabase } from '@baton/testing';
import type { Sql } from '@baton/sql';
import { verifyStoredChain } from '../src/adapters/chain-check';
import type { AuditStore } from '../src/adapters/audit-store';
import { Checkpoints } from '../src/adapters/checkpoints';
import { chainHash } from '../src/domain/hash-chain';
import { aHistory, openAuditStore } from './fixtures';

// A DBA (or an intruder with the owner's rights) rewrites history behind the log's back: the triggers are
// switched off, rows are changed, and verify must name what was done, and where.
describe('verify names every kind of tampering', () => {
  let db: TestDatabase;
  let sql: Sql;
  let store: AuditStore;
  let n = 0;
  const published: unknown[] = [];
  const bus = {
    publish: async (_topic: string, messages: unknown[]) => {
      published.push(...messages);
    },
  };

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    sql = await db.open();
    store = await openAuditStore(sql);
  });
  afterAll(() => db.drop());

  /** A fresh tenant with a chain of `size` records. */
  const aChain = async (size = 12) => {
    const tenant = `t${++n}`;
    await store.log.append(sql, aHistory(tenant, size));
    return tenant;
  };
  const tamper = async (script: string) => {
    await sql.exec(
      `ALTER TABLE audit_records DISABLE TRIGGER USER; ${script}; ALTER TABLE audit_records ENABLE TRIGGER USER;`,
    );
  };
  const verify = (tenant: string, request = {}) => verifyStoredChain(store.log, sql, tenant, request);
  const row = async (tenant: string, seq: number) =>
    (
      await sql.query<{ body: string; hash: string; prev_hash: string; event_id: string }>(
        'SELECT body, hash, prev_hash, event_id FROM audit_records WHERE tenant_id = $1 AND seq = $2',
        [tenant, seq],
      )
    ).rows[0]!;

  it('verifies an untouched chain', async () => {
    const tenant = await aChain();
    expect(await verify(tenant)).toMatchObject({ ok: true, records: 12, firstSeq: 1, lastSeq: 12, problems: [] });
  });

  it('verifies a range by seq or by recording time, from the stored hash of the record before it', async () => {
    const tenant = await aChain();
    expect(await verify(tenant, { fromSeq: 4, toSeq: 9 })).toMatchObject({
      ok: true,
      records: 6,
      firstSeq: 4,
      lastSeq: 9,
    });
    await tamper(
      `UPDATE audit_records SET body = replace(body, 'qualify', 'offer_slots') WHERE tenant_id = '${tenant}' AND seq = 11`,
    );
    expect((await verify(tenant, { fromSeq: 4, toSeq: 9 })).ok).toBe(true); // outside the range
    expect((await verify(tenant, { fromSeq: 10 })).problems[0]).toMatchObject({ kind: 'altered', seq: 11 });
    const everything = await verify(tenant, {
      from: new Date('2000-01-01T00:00:00Z'),
      to: new Date('2100-01-01T00:00:00Z'),
    });
    expect(everything).toMatchObject({ ok: false, records: 12 });
    expect(await verify(tenant, { from: new Date('2100-01-01T00:00:00Z') })).toMatchObject({ ok: true, records: 0 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE while the triggers stand, even for the owner', async () => {
    const tenant = await aChain(2);
    await expect(sql.query("UPDATE audit_records SET body = '{}' WHERE tenant_id = $1", [tenant])).rejects.toThrow(
      /append-only: UPDATE on audit_records/,
    );
    await expect(sql.query('DELETE FROM audit_records WHERE tenant_id = $1', [tenant])).rejects.toThrow(
      /append-only: DELETE/,
    );
    await expect(sql.exec('TRUNCATE audit_records')).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await verify(tenant)).ok).toBe(true);
  });

  it('names an altered record', async () => {
    const tenant = await aChain();
    await tamper(
      `UPDATE audit_records SET body = replace(body, 'qualify', 'handoff_transition') WHERE tenant_id = '${tenant}' AND seq = 7`,
    );
    const report = await verify(tenant);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'altered', seq: 7, eventId: (await row(tenant, 7)).event_id });
    expect(report.problems[0]!.detail).toMatch(/does not match its hash/);
    expect(report.problems).toHaveLength(1);
  });

  it('names an altered record whose hash was recomputed to hide it', async () => {
    const tenant = await aChain();
    const seven = await row(tenant, 7);
    const body = seven.body.replace('qualify', 'handoff_transition');
    await tamper(
      `UPDATE audit_records SET body = '${body}', hash = '${chainHash(seven.prev_hash, body)}' WHERE tenant_id = '${tenant}' AND seq = 7`,
    );
    const report = await verify(tenant);
    expect(report.problems[0]).toMatchObject({ kind: 'altered', seq: 7 });
  });

  it('names a removed record', async () => {
    const tenant = await aChain();
    await tamper(`DELETE FROM audit_records WHERE tenant_id = '${tenant}' AND seq = 5`);
    const report = await verify(tenant);
    expect(report.problems[0]).toMatchObject({ kind: 'removed', seq: 5, detail: 'record 5 is missing' });
  });

  it('names a removal hidden by renumbering the records after it', async () => {
    const tenant = await aChain();
    await tamper(`DELETE FROM audit_records WHERE tenant_id = '${tenant}' AND seq = 5;
      UPDATE audit_records SET seq = seq + 1000 WHERE tenant_id = '${tenant}' AND seq > 5;
      UPDATE audit_records SET seq = seq - 1001 WHERE tenant_id = '${tenant}' AND seq > 1000`);
    const report = await verify(tenant);
    expect(report.problems[0]).toMatchObject({ kind: 'removed', seq: 5 });
  });

  it('names an inserted record, linked or not', async () => {
    for (const linked of [true, false]) {
      const tenant = await aChain();
      const four = await row(tenant, 4);
      const forged = four.body.replace(four.event_id, '00000000-0000-4000-8000-000000000000');
      const hash = linked ? chainHash(four.hash, forged) : 'f'.repeat(64);
      await tamper(`UPDATE audit_records SET seq = seq + 1000 WHERE tenant_id = '${tenant}' AND seq > 4;
        UPDATE audit_records SET seq = seq - 999 WHERE tenant_id = '${tenant}' AND seq > 1000;
        INSERT INTO audit_records (tenant_id, seq, event_id, event_type, conversation_id, event_time, body, prev_hash, hash)
          SELECT tenant_id, 5, '00000000-0000-4000-8000-000000000000', event_type, conversation_id, event_time, '${forged}', '${four.hash}', '${hash}'
          FROM audit_records WHERE tenant_id = '${tenant}' AND seq = 4;
        UPDATE audit_heads SET seq = seq + 1 WHERE tenant_id = '${tenant}'`);
      const report = await verify(tenant);
      expect(report.problems[0]).toMatchObject({ kind: 'inserted', seq: 5 });
    }
  });

  it('names reordered records', async () => {
    const tenant = await aChain();
    await tamper(`UPDATE audit_records SET seq = 1000 WHERE tenant_id = '${tenant}' AND seq = 6;
      UPDATE audit_records SET seq = 6 WHERE tenant_id = '${tenant}' AND seq = 7;
      UPDATE audit_records SET seq = 7 WHERE tenant_id = '${tenant}' AND seq = 1000`);
    const report = await verify(tenant);
    expect(report.problems[0]).toMatchObject({ kind: 'reordered', seq: 6 });
    expect(report.problems.map((p) => p.kind)).toEqual(['reordered']);
  });

  it('names a record moved further down the chain', async () => {
    const tenant = await aChain();
    await tamper(`UPDATE audit_records SET seq = 1000 WHERE tenant_id = '${tenant}' AND seq = 3;
      UPDATE audit_records SET seq = seq - 1 WHERE tenant_id = '${tenant}' AND seq BETWEEN 4 AND 9;
      UPDATE audit_records SET seq = 9 WHERE tenant_id = '${tenant}' AND seq = 1000`);
    const report = await verify(tenant);
    expect(report.problems[0]).toMatchObject({ kind: 'reordered', seq: 3 });
  });

  it('detects a truncation after a signed checkpoint, even with the head row rewritten to match', async () => {
    const tenant = await aChain(10);
    const checkpoints = new Checkpoints(
      store,
      bus as never,
      { BATON_AUDIT_CHECKPOINT_EVERY_S: 3600 } as never,
      { info: () => undefined } as never,
    );
    const checkpoint = (await checkpoints.make(sql, tenant, new Date('2026-03-02T16:00:00Z')))!;
    expect(checkpoint).toMatchObject({ tenant, seq: 10, count: 10 });
    expect(await verify(tenant, { checkpoints: [checkpoint] })).toMatchObject({ ok: true, checkpointsMatched: 1 });
    await tamper(`DELETE FROM audit_records WHERE tenant_id = '${tenant}' AND seq > 7;
      UPDATE audit_heads SET seq = 7, hash = (SELECT hash FROM audit_records WHERE tenant_id = '${tenant}' AND seq = 7) WHERE tenant_id = '${tenant}'`);
    const report = await verify(tenant, { checkpoints: [checkpoint] });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'truncated', seq: 8 })]);
    expect(report.problems[0]!.detail).toMatch(/checkpoint of 2026-03-02T16:00:00.000Z covers 10 records/);
  });

  it('detects history rewritten before a checkpoint, however consistent the rewrite', async () => {
    const tenant = await aChain(6);
    const checkpoints = new Checkpoints(store, bus as never, {} as never, { info: () => undefined } as never);
    const checkpoint = (await checkpoints.make(sql, tenant, new Date('2026-03-02T16:00:00Z')))!;
    // Rewrite record 2 and every hash after it: the chain is consistent again, only the checkpoint knows.
    const rows = (
      await sql.query<{ seq: string; body: string; prev_hash: string }>(
        'SELECT seq::text AS seq, body, prev_hash FROM audit_records WHERE tenant_id = $1 ORDER BY seq',
        [tenant],
      )
    ).rows;
    let prev = rows[0]!.prev_hash;
    const script: string[] = [];
    for (const r of rows) {
      const body = r.seq === '2' ? r.body.replace('"confidence":0.9', '"confidence":0.1') : r.body;
      const hash = chainHash(prev, body);
      script.push(
        `UPDATE audit_records SET body = '${body}', prev_hash = '${prev}', hash = '${hash}' WHERE tenant_id = '${tenant}' AND seq = ${r.seq}`,
      );
      prev = hash;
    }
    script.push(`UPDATE audit_heads SET hash = '${prev}' WHERE tenant_id = '${tenant}'`);
    await tamper(script.join(';\n'));
    expect((await verify(tenant)).problems.filter((p) => p.kind !== 'checkpoint-mismatch')).toEqual([]);
    const report = await verify(tenant, { checkpoints: [checkpoint] });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'checkpoint-mismatch', seq: 6 })]);
  });

  it('refuses a checkpoint whose signature does not hold', async () => {
    const tenant = await aChain(3);
    const checkpoints = new Checkpoints(store, bus as never, {} as never, { info: () => undefined } as never);
    const checkpoint = (await checkpoints.make(sql, tenant, new Date('2026-03-02T16:00:00Z')))!;
    await expect(verify(tenant, { checkpoints: [{ ...checkpoint, count: 2, seq: 2 }] })).rejects.toThrow(
      /cannot be trusted: the signature does not match/,
    );
  });
});
