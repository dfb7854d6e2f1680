import type { Presence } from '@baton/contracts';
import type { SqlQueryable } from '@baton/sql';
import type { Rep } from '../domain/rep';

// Reps in PostgreSQL. Every function takes the queryable it runs on, so it can join the caller's transaction.

interface RepRow {
  tenant_id: string;
  rep_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timezone: string;
  working_hours: Rep['workingHours'];
  meeting_minutes: number;
  buffer_before: number;
  buffer_after: number;
  territory: string[];
  skills: Rep['skills'];
  calendar: Rep['calendar'];
  meeting_url: string | null;
  presence: Presence;
  revision: number;
  removed: boolean;
  last_offered_at: Date | string | null;
}

const iso = (v: Date | string | null) => (v === null ? undefined : new Date(v).toISOString());
const toRep = (r: RepRow): Rep => ({
  tenantId: r.tenant_id,
  repId: r.rep_id,
  name: r.name,
  email: r.email ?? undefined,
  phone: r.phone ?? undefined,
  timezone: r.timezone,
  workingHours: r.working_hours,
  meetingMinutes: r.meeting_minutes,
  bufferBeforeMinutes: r.buffer_before,
  bufferAfterMinutes: r.buffer_after,
  territory: r.territory ?? [],
  skills: r.skills,
  calendar: r.calendar,
  meetingUrl: r.meeting_url ?? undefined,
  presence: r.presence,
  revision: r.revision,
  removed: r.removed,
  lastOfferedAt: iso(r.last_offered_at),
});

export async function findRep(
  db: SqlQueryable,
  tenantId: string,
  repId: string,
  options: { lock?: boolean } = {},
): Promise<Rep | undefined> {
  const { rows } = await db.query<RepRow>(
    `SELECT * FROM scheduling_reps WHERE tenant_id = $1 AND rep_id = $2${options.lock ? ' FOR UPDATE' : ''}`,
    [tenantId, repId],
  );
  return rows[0] ? toRep(rows[0]) : undefined;
}

export async function listReps(
  db: SqlQueryable,
  tenantId: string,
  options: { includeRemoved?: boolean } = {},
): Promise<Rep[]> {
  const { rows } = await db.query<RepRow>(
    `SELECT * FROM scheduling_reps WHERE tenant_id = $1${options.includeRemoved ? '' : ' AND NOT removed'} ORDER BY rep_id`,
    [tenantId],
  );
  return rows.map(toRep);
}

/** Inserts or replaces a rep; the revision goes up by one on every write (a removed rep comes back). */
export async function saveRep(
  db: SqlQueryable,
  rep: Omit<Rep, 'revision' | 'presence' | 'removed'>,
  options: { onlyIfAbsent?: boolean } = {},
): Promise<Rep | undefined> {
  const { rows } = await db.query<RepRow>(
    `INSERT INTO scheduling_reps (tenant_id, rep_id, name, email, phone, timezone, working_hours, meeting_minutes, buffer_before, buffer_after, territory, skills, calendar, meeting_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (tenant_id, rep_id) DO ${
       options.onlyIfAbsent
         ? 'NOTHING'
         : `UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone,
       timezone = excluded.timezone, working_hours = excluded.working_hours, meeting_minutes = excluded.meeting_minutes, buffer_before = excluded.buffer_before,
       buffer_after = excluded.buffer_after, territory = excluded.territory, skills = excluded.skills, calendar = excluded.calendar, meeting_url = excluded.meeting_url,
       removed = false, revision = scheduling_reps.revision + 1, updated_at = now()`
     }
     RETURNING *`,
    [
      rep.tenantId,
      rep.repId,
      rep.name,
      rep.email ?? null,
      rep.phone ?? null,
      rep.timezone,
      JSON.stringify(rep.workingHours),
      rep.meetingMinutes,
      rep.bufferBeforeMinutes,
      rep.bufferAfterMinutes,
      rep.territory,
      JSON.stringify(rep.skills),
      JSON.stringify(rep.calendar),
      rep.meetingUrl ?? null,
    ],
  );
  return rows[0] ? toRep(rows[0]) : undefined;
}

export async function setPresence(
  db: SqlQueryable,
  tenantId: string,
  repId: string,
  presence: Presence,
  at: string,
): Promise<Rep | undefined> {
  const { rows } = await db.query<RepRow>(
    `UPDATE scheduling_reps SET presence = $3, presence_at = $4, revision = revision + 1, updated_at = now()
     WHERE tenant_id = $1 AND rep_id = $2 AND NOT removed RETURNING *`,
    [tenantId, repId, presence, at],
  );
  return rows[0] ? toRep(rows[0]) : undefined;
}

export async function removeRep(db: SqlQueryable, tenantId: string, repId: string): Promise<Rep | undefined> {
  const { rows } = await db.query<RepRow>(
    `UPDATE scheduling_reps SET removed = true, revision = revision + 1, updated_at = now() WHERE tenant_id = $1 AND rep_id = $2 AND NOT removed RETURNING *`,
    [tenantId, repId],
  );
  return rows[0] ? toRep(rows[0]) : undefined;
}

export async function markOffered(db: SqlQueryable, tenantId: string, repId: string, at: string): Promise<void> {
  await db.query('UPDATE scheduling_reps SET last_offered_at = $3 WHERE tenant_id = $1 AND rep_id = $2', [
    tenantId,
    repId,
    at,
  ]);
}
