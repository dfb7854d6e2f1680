import type { CloudEvent } from '@baton/contracts';
import type { SqlQueryable } from '@baton/sql';
import { aggregateKpis, unitsOf, type KpiDimension, type KpiRow, type Unit } from '../domain/kpis';

const chunk = 500;

/**
 * KPIs of a tenant over a window, from the audit log alone: every conversation with a record in the window is
 * read whole (its outcomes may come later) and folded by the pure KPI functions.
 */
export async function computeKpis(
  q: SqlQueryable,
  tenantId: string,
  window: { from: Date; to: Date },
  groupBy: readonly KpiDimension[],
): Promise<KpiRow[]> {
  const { rows } = await q.query<{ conversation_id: string }>(
    `SELECT DISTINCT conversation_id FROM audit_records WHERE tenant_id = $1 AND event_time >= $2 AND event_time < $3`,
    [tenantId, window.from.toISOString(), window.to.toISOString()],
  );
  const ids = rows.map((r) => r.conversation_id).sort();
  const units: Unit[] = [];
  for (let i = 0; i < ids.length; i += chunk) {
    const page = await q.query<{ conversation_id: string; body: string }>(
      `SELECT conversation_id, body FROM audit_records WHERE tenant_id = $1 AND conversation_id = ANY($2::text[]) ORDER BY conversation_id, audit_records.seq`,
      [tenantId, ids.slice(i, i + chunk)],
    );
    let current: string | undefined;
    let events: CloudEvent[] = [];
    for (const row of page.rows) {
      if (row.conversation_id !== current) {
        units.push(...unitsOf(events));
        events = [];
        current = row.conversation_id;
      }
      events.push(JSON.parse(row.body) as CloudEvent);
    }
    units.push(...unitsOf(events));
  }
  return aggregateKpis(units, window, groupBy);
}
