import type { SqlQueryable } from '@baton/sql';
import type { BusyTime, Calendar, CalendarEvent } from './calendar.port';

/** The internal calendar: a rep's events kept in PostgreSQL (the default, and the embedded mode's). */
export class InternalCalendar implements Calendar {
  readonly kind = 'internal' as const;

  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
    private readonly repId: string,
  ) {}

  async busy(fromIso: string, toIso: string): Promise<BusyTime[]> {
    const { rows } = await this.db.query<{ uid: string; start_at: Date | string; end_at: Date | string }>(
      'SELECT uid, start_at, end_at FROM scheduling_calendar_events WHERE tenant_id = $1 AND rep_id = $2 AND start_at < $4 AND end_at > $3 ORDER BY start_at',
      [this.tenantId, this.repId, fromIso, toIso],
    );
    return rows.map((r) => ({
      uid: r.uid,
      start: new Date(r.start_at).toISOString(),
      end: new Date(r.end_at).toISOString(),
    }));
  }

  async put(event: CalendarEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO scheduling_calendar_events (tenant_id, rep_id, uid, start_at, end_at, summary, ics) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, rep_id, uid) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at, summary = excluded.summary, ics = excluded.ics, updated_at = now()`,
      [this.tenantId, this.repId, event.uid, event.start, event.end, event.summary, event.ics],
    );
  }

  async remove(uid: string): Promise<void> {
    await this.db.query('DELETE FROM scheduling_calendar_events WHERE tenant_id = $1 AND rep_id = $2 AND uid = $3', [
      this.tenantId,
      this.repId,
      uid,
    ]);
  }
}
