import type { Slot, OfferReason } from '@baton/contracts';
import type { SqlQueryable } from '@baton/sql';
import { SlotTaken, type CalendarStatus, type Meeting, type StoredStatus } from '../domain/meeting';

// Offers and meetings in PostgreSQL; each function runs on the queryable it is given (a caller's transaction).

export interface Offer {
  offerId: string;
  tenantId: string;
  conversationId: string;
  repId: string;
  slots: Slot[];
  why: OfferReason;
  status: 'open' | 'booked' | 'closed';
  clarified: boolean;
  leadTimezone: string;
  zoneUncertain: boolean;
  /** The booked meeting a pick moves (an offer made for a reschedule). */
  meetingId?: string;
  createdAt: string;
  /** The turn its message goes out in (none on offers made before Baton tracked it: taken as reached). */
  turnId?: string;
  /** When its message was handed to the provider: lead messages from then on may answer it. */
  reachedAt?: string;
  /** The latest lead message that came before the offer was known to have reached the lead. */
  waiting?: WaitingMessage;
}

/** A lead message kept until its offer's fate is known (sent, or void), as scheduling read it. */
export interface WaitingMessage {
  messageId: string;
  body: string;
  receivedAt: string;
  leadPhone?: string;
  cause: { id: string; correlationid: string };
}

const iso = (v: Date | string) => new Date(v).toISOString();

export interface OfferRow {
  offer_id: string;
  tenant_id: string;
  conversation_id: string;
  rep_id: string;
  slots: Slot[];
  why: OfferReason;
  status: Offer['status'];
  clarified: boolean;
  lead_timezone: string;
  zone_uncertain: boolean;
  meeting_id: string | null;
  created_at: Date | string;
  turn_id: string | null;
  reached_at: Date | string | null;
  waiting: WaitingMessage | null;
}
export const toOffer = (r: OfferRow): Offer => ({
  offerId: r.offer_id,
  tenantId: r.tenant_id,
  conversationId: r.conversation_id,
  repId: r.rep_id,
  slots: r.slots,
  why: r.why,
  status: r.status,
  clarified: r.clarified,
  leadTimezone: r.lead_timezone,
  zoneUncertain: r.zone_uncertain,
  ...(r.meeting_id ? { meetingId: r.meeting_id } : {}),
  createdAt: iso(r.created_at),
  ...(r.turn_id ? { turnId: r.turn_id } : {}),
  ...(r.reached_at ? { reachedAt: iso(r.reached_at) } : {}),
  ...(r.waiting ? { waiting: r.waiting } : {}),
});

/** The conversation's offer becomes this one; an older open offer is closed. */
export async function openOffer(
  db: SqlQueryable,
  offer: Omit<Offer, 'status' | 'reachedAt' | 'waiting'>,
): Promise<void> {
  await db.query(
    `UPDATE scheduling_offers SET status = 'closed' WHERE tenant_id = $1 AND conversation_id = $2 AND status = 'open' AND offer_id <> $3`,
    [offer.tenantId, offer.conversationId, offer.offerId],
  );
  await db.query(
    `INSERT INTO scheduling_offers (offer_id, tenant_id, conversation_id, rep_id, slots, why, status, lead_timezone, zone_uncertain, created_at, clarified, meeting_id, turn_id)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $12) ON CONFLICT (offer_id) DO NOTHING`,
    [
      offer.offerId,
      offer.tenantId,
      offer.conversationId,
      offer.repId,
      JSON.stringify(offer.slots),
      offer.why,
      offer.leadTimezone,
      offer.zoneUncertain,
      offer.createdAt,
      offer.clarified,
      offer.meetingId ?? null,
      offer.turnId ?? null,
    ],
  );
}

/** Keeps the lead message that came before the open offer reached the lead (the latest such one). */
export async function keepWaiting(db: SqlQueryable, offerId: string, message: WaitingMessage): Promise<void> {
  await db.query(
    `UPDATE scheduling_offers SET waiting = $2 WHERE offer_id = $1 AND status = 'open' AND reached_at IS NULL
       AND (waiting IS NULL OR (waiting->>'receivedAt')::timestamptz <= $3::timestamptz)`,
    [offerId, JSON.stringify(message), message.receivedAt],
  );
}

/**
 * The open offer whose turn this is reached the lead at `at` (the first word wins): the offer, with the message
 * that waited for this; nothing when the turn is no unreached open offer's.
 */
export async function offerReached(
  db: SqlQueryable,
  tenantId: string,
  conversationId: string,
  turnId: string,
  at: string,
): Promise<Offer | undefined> {
  const { rows } = await db.query<OfferRow>(
    `WITH before AS (SELECT offer_id, waiting FROM scheduling_offers
                      WHERE tenant_id = $1 AND conversation_id = $2 AND turn_id = $3 AND status = 'open' AND reached_at IS NULL
                      FOR UPDATE)
     UPDATE scheduling_offers o SET reached_at = $4, waiting = NULL FROM before WHERE o.offer_id = before.offer_id
     RETURNING o.offer_id, o.tenant_id, o.conversation_id, o.rep_id, o.slots, o.why, o.status, o.clarified, o.lead_timezone,
               o.zone_uncertain, o.meeting_id, o.created_at, o.turn_id, o.reached_at, before.waiting AS waiting`,
    [tenantId, conversationId, turnId, at],
  );
  return rows[0] ? toOffer(rows[0]) : undefined;
}

/** The open offer of this turn that never reached the lead (its message was void): closed, and returned. */
export async function closeUnreachedOffer(
  db: SqlQueryable,
  tenantId: string,
  conversationId: string,
  turnId: string,
): Promise<Offer | undefined> {
  const { rows } = await db.query<OfferRow>(
    `UPDATE scheduling_offers SET status = 'closed'
      WHERE tenant_id = $1 AND conversation_id = $2 AND turn_id = $3 AND status = 'open' AND reached_at IS NULL RETURNING *`,
    [tenantId, conversationId, turnId],
  );
  return rows[0] ? toOffer(rows[0]) : undefined;
}

export async function findOpenOffer(
  db: SqlQueryable,
  tenantId: string,
  conversationId: string,
): Promise<Offer | undefined> {
  const { rows } = await db.query<OfferRow>(
    `SELECT * FROM scheduling_offers WHERE tenant_id = $1 AND conversation_id = $2 AND status = 'open'`,
    [tenantId, conversationId],
  );
  return rows[0] ? toOffer(rows[0]) : undefined;
}

export async function findOffer(db: SqlQueryable, offerId: string): Promise<Offer | undefined> {
  const { rows } = await db.query<OfferRow>('SELECT * FROM scheduling_offers WHERE offer_id = $1', [offerId]);
  return rows[0] ? toOffer(rows[0]) : undefined;
}

export async function closeOffers(
  db: SqlQueryable,
  tenantId: string,
  conversationId: string,
  status: 'booked' | 'closed' = 'closed',
): Promise<void> {
  await db.query(
    `UPDATE scheduling_offers SET status = $3 WHERE tenant_id = $1 AND conversation_id = $2 AND status = 'open'`,
    [tenantId, conversationId, status],
  );
}

export interface MeetingRow {
  meeting_id: string;
  tenant_id: string;
  conversation_id: string;
  rep_id: string;
  rep_name: string;
  offer_id: string | null;
  start_at: Date | string;
  end_at: Date | string;
  status: StoredStatus;
  lead_timezone: string;
  zone_uncertain: boolean;
  lead_phone: string | null;
  lead_email: string | null;
  sequence: number;
  calendar_kind: Meeting['calendar']['kind'];
  calendar_status: CalendarStatus;
  calendar_error: string | null;
  calendar_attempts: number;
  outcome_note: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}
export const toMeeting = (r: MeetingRow): Meeting => ({
  meetingId: r.meeting_id,
  tenantId: r.tenant_id,
  conversationId: r.conversation_id,
  repId: r.rep_id,
  repName: r.rep_name,
  offerId: r.offer_id ?? undefined,
  start: iso(r.start_at),
  end: iso(r.end_at),
  status: r.status,
  leadTimezone: r.lead_timezone,
  zoneUncertain: r.zone_uncertain,
  leadPhone: r.lead_phone ?? undefined,
  leadEmail: r.lead_email ?? undefined,
  sequence: r.sequence,
  calendar: {
    kind: r.calendar_kind,
    status: r.calendar_status,
    attempts: r.calendar_attempts,
    ...(r.calendar_error ? { error: r.calendar_error } : {}),
  },
  outcomeNote: r.outcome_note ?? undefined,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const exclusionViolation = (error: unknown) => (error as { code?: string }).code === '23P01';
const blocked = (start: number, end: number, before: number, after: number) =>
  `tstzrange($${start}::timestamptz - make_interval(mins => $${before}), $${end}::timestamptz + make_interval(mins => $${after}), '[)')`;

/**
 * Books the meeting, or throws SlotTaken when the rep's time (with buffers) overlaps another booking: the
 * exclusion constraint decides, so two leads racing for one slot cannot both win. In a transaction, the
 * failed insert aborts it: book in a transaction of its own.
 */
export async function insertMeeting(
  db: SqlQueryable,
  m: Meeting,
  buffers: { before: number; after: number },
): Promise<void> {
  try {
    await db.query(
      `INSERT INTO scheduling_meetings (meeting_id, tenant_id, conversation_id, rep_id, rep_name, start_at, end_at, blocked, offer_id, status,
         lead_timezone, zone_uncertain, lead_phone, lead_email, sequence, calendar_kind, calendar_status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ${blocked(6, 7, 8, 9)}, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
      [
        m.meetingId,
        m.tenantId,
        m.conversationId,
        m.repId,
        m.repName,
        m.start,
        m.end,
        buffers.before,
        buffers.after,
        m.offerId ?? null,
        m.status,
        m.leadTimezone,
        m.zoneUncertain,
        m.leadPhone ?? null,
        m.leadEmail ?? null,
        m.sequence,
        m.calendar.kind,
        m.calendar.status,
        m.createdAt,
      ],
    );
  } catch (error) {
    if (exclusionViolation(error)) throw new SlotTaken(m.start);
    throw error;
  }
}

/** Moves a booked meeting; SlotTaken when the new time is not free. */
export async function moveMeeting(
  db: SqlQueryable,
  meetingId: string,
  slot: Slot,
  buffers: { before: number; after: number },
  at: string,
): Promise<void> {
  try {
    await db.query(
      `UPDATE scheduling_meetings SET start_at = $3, end_at = $4, blocked = ${blocked(3, 4, 5, 6)}, sequence = sequence + 1,
         calendar_status = CASE WHEN calendar_kind = 'internal' THEN calendar_status ELSE 'pending' END, updated_at = $2
       WHERE meeting_id = $1 AND status = 'booked'`,
      [meetingId, at, slot.start, slot.end, buffers.before, buffers.after],
    );
  } catch (error) {
    if (exclusionViolation(error)) throw new SlotTaken(slot.start);
    throw error;
  }
}

export async function setMeetingStatus(
  db: SqlQueryable,
  meetingId: string,
  status: StoredStatus,
  at: string,
  note?: string,
): Promise<void> {
  await db.query(
    `UPDATE scheduling_meetings SET status = $2, sequence = sequence + CASE WHEN $2 = 'cancelled' THEN 1 ELSE 0 END, outcome_note = COALESCE($4, outcome_note), updated_at = $3 WHERE meeting_id = $1`,
    [meetingId, status, at, note ?? null],
  );
}

export async function markCalendar(
  db: SqlQueryable,
  meetingId: string,
  status: CalendarStatus,
  error?: string,
): Promise<void> {
  await db.query(
    'UPDATE scheduling_meetings SET calendar_status = $2, calendar_error = $3, calendar_attempts = calendar_attempts + 1 WHERE meeting_id = $1',
    [meetingId, status, error ?? null],
  );
}

export async function findMeeting(
  db: SqlQueryable,
  tenantId: string,
  meetingId: string,
  options: { lock?: boolean } = {},
): Promise<Meeting | undefined> {
  const { rows } = await db.query<MeetingRow>(
    `SELECT * FROM scheduling_meetings WHERE tenant_id = $1 AND meeting_id = $2${options.lock ? ' FOR UPDATE' : ''}`,
    [tenantId, meetingId],
  );
  return rows[0] ? toMeeting(rows[0]) : undefined;
}

export async function listMeetings(
  db: SqlQueryable,
  tenantId: string,
  query: { repId?: string; from?: string; to?: string; limit: number },
): Promise<Meeting[]> {
  const { rows } = await db.query<MeetingRow>(
    `SELECT * FROM scheduling_meetings WHERE tenant_id = $1 AND ($2::text IS NULL OR rep_id = $2) AND ($3::timestamptz IS NULL OR end_at > $3)
       AND ($4::timestamptz IS NULL OR start_at < $4) ORDER BY start_at, meeting_id LIMIT $5`,
    [tenantId, query.repId ?? null, query.from ?? null, query.to ?? null, query.limit],
  );
  return rows.map(toMeeting);
}

/** The rep's booked time (with buffers) between two instants. */
export async function bookedRanges(
  db: SqlQueryable,
  tenantId: string,
  repId: string,
  fromIso: string,
  toIso: string,
  exceptMeetingId?: string,
): Promise<{ start: string; end: string }[]> {
  const { rows } = await db.query<{ lower: Date | string; upper: Date | string }>(
    `SELECT lower(blocked), upper(blocked) FROM scheduling_meetings WHERE tenant_id = $1 AND rep_id = $2 AND status = 'booked'
       AND blocked && tstzrange($3, $4) AND meeting_id <> COALESCE($5, '')`,
    [tenantId, repId, fromIso, toIso, exceptMeetingId ?? null],
  );
  return rows.map((r) => ({ start: iso(r.lower), end: iso(r.upper) }));
}

/** Booked meetings ahead per rep: what least-loaded routing weighs. */
export async function loads(
  db: SqlQueryable,
  tenantId: string,
  fromIso: string,
  toIso: string,
): Promise<Record<string, number>> {
  const { rows } = await db.query<{ rep_id: string; n: string | number }>(
    `SELECT rep_id, count(*) AS n FROM scheduling_meetings WHERE tenant_id = $1 AND status = 'booked' AND start_at >= $2 AND start_at < $3 GROUP BY rep_id`,
    [tenantId, fromIso, toIso],
  );
  return Object.fromEntries(rows.map((r) => [r.rep_id, Number(r.n)]));
}
