import { Metrics } from '@baton/service-runtime';
import type { Sql } from '@baton/sql';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import type { CloudEvent } from '@baton/contracts';
import type { AuditStore } from '../src/adapters/audit-store';
import { verifyStoredChain } from '../src/adapters/chain-check';
import { KpiGauges } from '../src/adapters/kpi-gauges';
import { RetentionSweeper } from '../src/adapters/retention-sweeper';
import { readAuditConfig } from '../src/config';
import { keyIdsOf, unsealEvent } from '../src/domain/sealing';
import { events, openAuditStore } from './fixtures';

const quiet = { info: () => undefined, error: () => undefined } as never;

describe('retention shreds keys past their period, never records', () => {
  let db: TestDatabase;
  let sql: Sql;
  let store: AuditStore;

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    sql = await db.open();
    store = await openAuditStore(sql);
  });
  afterAll(() => db.drop());

  const opened = async (tenant: string) => {
    const rows = (
      await sql.query<{ body: string }>(
        'SELECT body FROM audit_records WHERE tenant_id = $1 ORDER BY audit_records.seq',
        [tenant],
      )
    ).rows;
    const sealed = rows.map((r) => JSON.parse(r.body) as CloudEvent);
    const keys = await store.keys.readable(sql, sealed.flatMap(keyIdsOf));
    return sealed.map((e) => unsealEvent(e, (id) => keys.get(id)));
  };

  it("keeps consent five years and the conversation three by default, per tenant's policy, and the chain verifies after", async () => {
    const tenant = 'acme';
    await store.log.append(sql, [
      events.received('my old message', { tenant, time: '2022-06-01T12:00:00.000Z' }),
      events.optedOut({ tenant, time: '2022-06-01T12:05:00.000Z' }),
      events.received('a recent message', { tenant, time: '2026-02-01T12:00:00.000Z' }),
      events.received('globex keeps a year', { tenant: 'globex', time: '2025-01-10T12:00:00.000Z' }),
    ]);
    const config = readAuditConfig({
      BATON_DATA_DIR: '/tmp',
      BATON_AUDIT_RETENTION: '{"globex": {"conversation": "P1Y"}}',
    });
    const sweeper = new RetentionSweeper(store, config, quiet);
    expect(await sweeper.sweep(new Date('2026-03-15T00:00:00Z'))).toEqual({ acme: 1, globex: 1 });
    const [old, optOut, recent] = await opened(tenant);
    expect(old).toMatchObject({ erased: ['leadPhone', 'body'] }); // 2022-06 is more than three years back
    expect(optOut).toMatchObject({ erased: [], event: { data: { leadPhone: '+15125550100' } } }); // consent: five years
    expect(recent).toMatchObject({ erased: [], event: { data: { body: 'a recent message' } } });
    expect((await opened('globex'))[0]).toMatchObject({ erased: ['leadPhone', 'body'] });
    expect(await sweeper.sweep(new Date('2026-03-15T00:00:00Z'))).toEqual({});
    expect(await verifyStoredChain(store.log, sql, tenant)).toMatchObject({ ok: true, records: 3 });
    expect(await verifyStoredChain(store.log, sql, 'globex')).toMatchObject({ ok: true, records: 1 });
    await expect(
      sql.query("UPDATE audit_lead_keys SET shredded_at = NULL, wrapped = '\\x00' WHERE shred_reason = 'retention'"),
    ).rejects.toThrow(/cannot be restored/);
  });
});

describe('the KPI gauges on /metrics', () => {
  it('show the same figures as the API for the rolling window', async () => {
    const db = await createTestDatabase({ require: 'postgres' });
    const sql = await db.open();
    try {
      const store = await openAuditStore(sql);
      await store.log.append(sql, [
        events.started({ tenant: 'acme', conversation: 'A', time: '2026-03-02T15:00:00.000Z' }),
        events.triggered({ tenant: 'acme', conversation: 'A', time: '2026-03-02T15:01:00.000Z' }),
        events.tookOver('rep-7', { tenant: 'acme', conversation: 'A', time: '2026-03-02T15:02:30.000Z' }),
        events.started({ tenant: 'acme', conversation: 'B', time: '2026-03-02T15:10:00.000Z' }),
        events.blocked('quiet_hours_deferred', { tenant: 'acme', conversation: 'B', time: '2026-03-02T15:11:00.000Z' }),
      ]);
      const metrics = new Metrics();
      const gauges = new KpiGauges(
        store,
        readAuditConfig({ BATON_DATA_DIR: '/tmp', BATON_AUDIT_KPI_WINDOW_H: '24' }),
        metrics,
        quiet,
      );
      await gauges.refresh(new Date('2026-03-02T18:00:00Z'));
      const text = await metrics.registry.metrics();
      expect(text).toContain('baton_kpi_handoff_rate{tenant="acme"} 0.5');
      expect(text).toContain('baton_kpi_rep_engagement_seconds{tenant="acme",quantile="0.5"} 90');
      expect(text).toContain('baton_kpi_ai_messages_blocked{tenant="acme",reason="quiet_hours_deferred"} 1');
      expect(text).not.toContain('baton_kpi_show_rate{tenant="acme"}'); // no meeting: no figure, not a zero
      await gauges.refresh(new Date('2026-03-05T18:00:00Z'));
      expect(await metrics.registry.metrics()).toContain('baton_kpi_conversations{tenant="acme"} 0');
    } finally {
      await db.drop();
    }
  });
});
