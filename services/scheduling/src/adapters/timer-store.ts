import type { SqlQueryable } from '@baton/sql';

// Durable timers with a lease on the row: a replica claims what is due for a while, so no other runs it at
// the same time; one that dies mid-run loses its lease and another picks the timer up.

export type TimerKind = 'reminder' | 'calendar_sync' | 'invite_mail';
export interface Timer {
  timerId: string;
  kind: TimerKind;
  tenantId: string;
  meetingId: string;
  dueAt: string;
  attempts: number;
  payload: Record<string, unknown>;
}

/** NOTIFY channel: a timer was armed (payload: its due moment), so the runners, in any replica, wake by then. */
export const timerArmed = 'baton_scheduling_timer_armed';

/** Arms a timer, or re-arms it (a moved meeting's reminder) with a new moment and payload; runners hear of it on commit. */
export async function armTimer(db: SqlQueryable, timer: Omit<Timer, 'attempts'>): Promise<void> {
  await db.query(
    `WITH armed AS (
       INSERT INTO scheduling_timers (timer_id, kind, tenant_id, meeting_id, due_at, payload) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (timer_id) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload, status = 'pending', attempts = 0,
         lease_owner = NULL, lease_until = NULL, last_error = NULL, done_at = NULL
       RETURNING 1)
     SELECT pg_notify($7, $8) FROM armed`,
    [
      timer.timerId,
      timer.kind,
      timer.tenantId,
      timer.meetingId,
      timer.dueAt,
      JSON.stringify(timer.payload),
      timerArmed,
      timer.dueAt,
    ],
  );
}

/**
 * The soonest moment before `horizonIso` at which a pending timer can be claimed: its due time, or the end of
 * the lease a runner that died holds on it. Undefined when none comes due before the horizon.
 */
export async function nextClaimableAt(db: SqlQueryable, horizonIso: string): Promise<string | undefined> {
  const { rows } = await db.query<{ at: Date | string | null }>(
    `SELECT min(GREATEST(due_at, COALESCE(lease_until, due_at))) AS at FROM scheduling_timers
      WHERE status = 'pending' AND due_at < $1`,
    [horizonIso],
  );
  const at = rows[0]?.at;
  return at ? new Date(at).toISOString() : undefined;
}

export async function dropTimers(db: SqlQueryable, meetingId: string, kinds: TimerKind[]): Promise<void> {
  await db.query(
    `UPDATE scheduling_timers SET status = 'dropped' WHERE meeting_id = $1 AND kind = ANY($2::text[]) AND status = 'pending'`,
    [meetingId, kinds],
  );
}

/** Claims up to `limit` due timers for `leaseMs`; what another replica holds is skipped. */
export async function claimDue(
  db: SqlQueryable,
  owner: string,
  nowIso: string,
  leaseMs: number,
  limit: number,
): Promise<Timer[]> {
  const { rows } = await db.query<{
    timer_id: string;
    kind: TimerKind;
    tenant_id: string;
    meeting_id: string;
    due_at: Date | string;
    attempts: number;
    payload: Record<string, unknown>;
  }>(
    `UPDATE scheduling_timers t SET lease_owner = $1, lease_until = $2::timestamptz + make_interval(secs => $3::double precision / 1000), attempts = t.attempts + 1
     WHERE t.timer_id IN (SELECT timer_id FROM scheduling_timers WHERE status = 'pending' AND due_at <= $2 AND (lease_until IS NULL OR lease_until < $2)
       ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING t.timer_id, t.kind, t.tenant_id, t.meeting_id, t.due_at, t.attempts, t.payload`,
    [owner, nowIso, leaseMs, limit],
  );
  return rows.map((r) => ({
    timerId: r.timer_id,
    kind: r.kind,
    tenantId: r.tenant_id,
    meetingId: r.meeting_id,
    dueAt: new Date(r.due_at).toISOString(),
    attempts: r.attempts,
    payload: r.payload,
  }));
}

/** Done, if this owner still holds the lease (one that lost it leaves the row to its new holder). */
export async function completeTimer(
  db: SqlQueryable,
  timerId: string,
  owner: string,
  nowIso: string,
  status: 'done' | 'dropped' = 'done',
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE scheduling_timers SET status = $4, done_at = $3, lease_owner = NULL, lease_until = NULL WHERE timer_id = $1 AND lease_owner = $2 AND status = 'pending'`,
    [timerId, owner, nowIso, status],
  );
  return rowCount > 0;
}

export async function retryTimer(
  db: SqlQueryable,
  timerId: string,
  owner: string,
  nextDueIso: string,
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE scheduling_timers SET due_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL WHERE timer_id = $1 AND lease_owner = $2 AND status = 'pending'`,
    [timerId, owner, nextDueIso, error.slice(0, 1000)],
  );
}

export async function timersOf(
  db: SqlQueryable,
  meetingId: string,
): Promise<
  { timerId: string; kind: TimerKind; status: string; dueAt: string; attempts: number; lastError?: string }[]
> {
  const { rows } = await db.query<{
    timer_id: string;
    kind: TimerKind;
    status: string;
    due_at: Date | string;
    attempts: number;
    last_error: string | null;
  }>(
    'SELECT timer_id, kind, status, due_at, attempts, last_error FROM scheduling_timers WHERE meeting_id = $1 ORDER BY timer_id',
    [meetingId],
  );
  return rows.map((r) => ({
    timerId: r.timer_id,
    kind: r.kind,
    status: r.status,
    dueAt: new Date(r.due_at).toISOString(),
    attempts: r.attempts,
    ...(r.last_error ? { lastError: r.last_error } : {}),
  }));
}
